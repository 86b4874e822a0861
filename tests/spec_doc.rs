//! docs/spec.md names every dataset, model arch, init scheme, scorer and sampler by hand; these
//! tests keep those lists equal to the registries (`DATASETS`, `MODELS`, `InitScheme::ALL`,
//! `SCORERS`, `SAMPLERS`), so a
//! name added to a registry without its line in the doc, or left in the doc after it is gone,
//! fails here.
//!
//! A list is the meaning cell of a key's row in its section's table (`| `key` | default |
//! meaning |`): its names are the backticked bare words (`shapes`, `top_n`; not `query.classes`
//! or `"shapes"`). The cell may name a few other words, listed per key below.

use std::collections::BTreeSet;

use albench::acquisition::SCORERS;
use albench::data::DATASETS;
use albench::learner::{InitScheme, MODELS};
use albench::selection::SAMPLERS;

fn spec_md() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/spec.md");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The lines of section `## <heading>` (up to the next `## `).
fn section<'a>(doc: &'a str, heading: &str) -> Vec<&'a str> {
    let mut lines = doc.lines().skip_while(|l| *l != format!("## {heading}"));
    assert!(
        lines.next().is_some(),
        "docs/spec.md has no section `## {heading}`"
    );
    lines.take_while(|l| !l.starts_with("## ")).collect()
}

/// The (default, meaning) cells of key `key`'s row in section `heading`.
fn row<'a>(doc: &'a str, heading: &str, key: &str) -> (&'a str, &'a str) {
    let start = format!("| `{key}` | ");
    let line = section(doc, heading)
        .into_iter()
        .find(|l| l.starts_with(&start))
        .unwrap_or_else(|| panic!("docs/spec.md, {heading}: no row for `{key}`"));
    let mut cells = line[start.len()..].splitn(2, " | ");
    let default = cells.next().unwrap_or("");
    let meaning = cells.next().unwrap_or("").trim_end_matches(" |");
    (default, meaning)
}

/// The backticked bare words of `text`: lower-case letters, digits, `_` and `-`.
fn names(text: &str) -> BTreeSet<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        })
        .map(str::to_string)
        .collect()
}

/// The row of `key` in `heading` lists exactly `registered` (besides `other`, words the cell
/// names that are not registry names), and its default is one of them.
fn lists_exactly(heading: &str, key: &str, registered: &[&str], other: &[&str]) {
    let doc = spec_md();
    let (default, meaning) = row(&doc, heading, key);
    let listed = names(meaning);
    let registered: BTreeSet<String> = registered.iter().map(|s| s.to_string()).collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "docs/spec.md, {heading} `{key}`: registered but not listed: {missing:?}"
    );
    let unknown: Vec<_> = listed
        .difference(&registered)
        .filter(|w| !other.contains(&w.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "docs/spec.md, {heading} `{key}`: listed but not registered: {unknown:?}"
    );
    let default = default.trim_matches('`').trim_matches('"');
    assert!(
        registered.contains(default),
        "docs/spec.md, {heading} `{key}`: default {default:?} is not registered"
    );
}

#[test]
fn spec_lists_every_registered_dataset() {
    let names: Vec<&str> = DATASETS.iter().map(|d| d.name).collect();
    lists_exactly("`[data]`", "dataset", &names, &[]);
}

#[test]
fn spec_lists_every_registered_model_arch() {
    let names: Vec<&str> = MODELS.iter().map(|m| m.name).collect();
    lists_exactly("`[model]`", "arch", &names, &[]);
}

#[test]
fn spec_lists_every_init_scheme() {
    let names: Vec<&str> = InitScheme::ALL.iter().map(|s| s.name()).collect();
    // the models that follow it, and the key's name in the manifest
    let other = [
        "mlp",
        "cnn",
        "resnet",
        "linear",
        "detector",
        "vae",
        "external",
        "init_scheme",
    ];
    lists_exactly("`[model]`", "init_scheme", &names, &other);
}

#[test]
fn spec_lists_every_registered_scorer() {
    let names: Vec<&str> = SCORERS.iter().map(|s| s.name).collect();
    // `grad`'s `query.aggregation` values
    lists_exactly("`[query]`", "scorer", &names, &["max", "mean"]);
}

#[test]
fn spec_lists_every_registered_sampler() {
    let names: Vec<&str> = SAMPLERS.iter().map(|s| s.name).collect();
    lists_exactly("`[query]`", "sampler", &names, &[]);
}

/// The table of section "Diversity samplers" describes registered samplers only.
#[test]
fn spec_describes_only_registered_samplers() {
    let doc = spec_md();
    let described: Vec<&str> = section(&doc, "Diversity samplers")
        .into_iter()
        .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
        .collect();
    assert!(!described.is_empty(), "no sampler rows found");
    for name in described {
        assert!(
            SAMPLERS.iter().any(|s| s.name == name),
            "docs/spec.md, Diversity samplers: `{name}` is not a registered sampler"
        );
    }
}

/// The parsing above finds what it must: names in a cell, not words outside backticks or
/// dotted keys.
#[test]
fn names_are_backticked_bare_words() {
    let got = names("`top_n`, `image-folder` (x), `query.classes`, `\"cnn\"`, `a b`, plain");
    let want: BTreeSet<String> = ["top_n", "image-folder"].map(String::from).into();
    assert_eq!(got, want);
}
