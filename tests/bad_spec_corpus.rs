//! Every spec in tests/bad_specs/ is rejected: exit code 2, one line naming the key or file
//! (the `# expect:` first line of each file), no panic, nothing created under results/.
//! And random TOML never makes the spec loader panic (proptest).

mod common;

use std::path::Path;

use common::*;
use proptest::prelude::*;

#[test]
fn corpus_of_bad_specs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_specs");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(files.len() >= 40, "{} specs", files.len());
    let work = tempfile::tempdir().unwrap();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let expect = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .expect("first line: # expect: …");
        let o = albench(work.path(), &["run", f.to_str().unwrap(), "--quiet"]);
        let out = text_of(&o);
        let name = f.file_name().unwrap().to_string_lossy();
        assert_eq!(o.status.code(), Some(2), "{name}: {out}");
        assert!(!out.contains("panicked"), "{name}: {out}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 1, "{name}: one line expected:\n{out}");
        assert!(
            lines[0].starts_with("error: ") && lines[0].contains(expect),
            "{name}: `{expect}` not in: {out}"
        );
        assert!(
            !work.path().join("results").exists(),
            "{name}: created results/"
        );
    }
}

fn text_of(o: &std::process::Output) -> String {
    text(o)
}

/// Fragments random specs are assembled from: real keys with good and bad values, tables,
/// sweeps, variants and plain garbage.
fn fragment() -> impl Strategy<Value = String> {
    let keys = prop::sample::select(vec![
        "name",
        "seed",
        "repeats",
        "data.pool",
        "data.noise",
        "data.dataset",
        "model.arch",
        "model.dropout",
        "train.lr",
        "train.early_stopping",
        "loop.base",
        "loop.budget",
        "loop.rounds",
        "loop.pool",
        "query.scorer",
        "query.sampler",
        "query.pivot",
        "query.combine",
        "report.metrics",
        "nope.x",
    ]);
    let values = prop::sample::select(vec![
        "1",
        "0",
        "-1",
        "1e308",
        "-0.0",
        "nan",
        "inf",
        "0.5",
        "2.5",
        "\"margin\"",
        "\"10%\"",
        "\"%\"",
        "\"\"",
        "true",
        "false",
        "[]",
        "[1, \"a\"]",
        "{}",
        "{ monitor = \"val_loss\" }",
        "[{ scorer = \"loss\", weight = 1 }]",
        "\"all\"",
        "\"shapes\"",
        "1979-05-27",
        "\"\\u00e9\"",
    ]);
    prop_oneof![
        (keys.clone(), values.clone()).prop_map(|(k, v)| format!("\"{k}\" = {v}\n")),
        (keys.clone(), values.clone()).prop_map(|(k, v)| {
            let (t, leaf) = k.rsplit_once('.').unwrap_or(("", k));
            if t.is_empty() {
                format!("{leaf} = {v}\n")
            } else {
                format!("[{t}]\n{leaf} = {v}\n")
            }
        }),
        (keys.clone(), values.clone(), values.clone())
            .prop_map(|(k, a, b)| format!("[sweep]\n\"{k}\" = [{a}, {b}]\n")),
        (keys, values).prop_map(|(k, v)| format!("[[variant]]\nlabel = \"v\"\n\"{k}\" = {v}\n")),
        "[a-z\\[\\]=\"{}., \n0-9%-]{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
    #[test]
    fn spec_loader_never_panics(parts in prop::collection::vec(fragment(), 0..8)) {
        let text = parts.concat();
        for scale in [None, Some("smoke")] {
            if let Err(e) = albench::spec::parse(Path::new("fuzz.toml"), &text, scale) {
                let msg = e.to_string();
                prop_assert!(!msg.is_empty() && !msg.contains('\n'), "{msg}");
            }
        }
    }
}
