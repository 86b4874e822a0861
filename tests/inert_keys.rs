//! Keys without effect, through the CLI: swept or varied they would make identical "methods"
//! under different names, so that is bad input (exit 2, one line naming the key and the
//! setting that makes it inert, nothing written); set once they are a warning.

mod common;

use common::*;

const BASE: &str = r#"
name = "inert"
seed = 3
repeats = 1
[data]
pool = 120
validation = 30
test = 30
[model]
arch = "mlp"
width = 4
[train]
max_epochs = 1
[loop]
base = 20
budget = 20
rounds = 1
"#;

/// `albench run --dry-run` of BASE + `extra`: (exit code, stdout + stderr).
fn dry_run(extra: &str) -> (Option<i32>, String) {
    dry_run_of(BASE, extra)
}

/// `albench run --dry-run` of `base` + `extra`.
fn dry_run_of(base: &str, extra: &str) -> (Option<i32>, String) {
    let d = tempfile::tempdir().unwrap();
    let spec = write(d.path(), "s.toml", &format!("{base}{extra}"));
    let o = albench(d.path(), &["run", spec.to_str().unwrap(), "--dry-run"]);
    assert!(
        !d.path().join("results").exists(),
        "a dry run writes nothing"
    );
    (o.status.code(), text(&o))
}

/// Swept, `key` is refused with a line that names it and `setting`.
fn refused(sweep: &str, key: &str, setting: &str) {
    let (code, out) = dry_run(sweep);
    assert_eq!(code, Some(2), "{sweep}\n{out}");
    assert_eq!(out.lines().count(), 1, "one line: {out}");
    assert!(
        out.contains(key) && out.contains(setting) && out.contains("differ only in"),
        "{sweep}\n{out}"
    );
}

#[test]
fn a_swept_key_without_effect_is_refused_for_every_rule() {
    refused(
        "[sweep]\n\"query.pivot\" = [0.0, 0.5]\n",
        "query.pivot",
        "query.sampler = \"top_n\"",
    );
    refused(
        "[sweep]\n\"query.normalize\" = [\"zscore\", \"rank\"]\n",
        "query.normalize",
        "query.scorer = \"margin\"",
    );
    refused(
        "[sweep]\n\"train.momentum\" = [0.5, 0.9]\n",
        "train.momentum",
        "train.optimizer = \"adam\"",
    );
    refused(
        "[sweep]\n\"query.aggregation\" = [\"max\", \"mean\"]\n",
        "query.aggregation",
        "classification",
    );
    refused(
        "[sweep]\n\"query.embedding\" = [\"backbone\", \"pixels\"]\n",
        "query.embedding",
        "query.sampler = \"top_n\"",
    );
    refused(
        "[sweep]\n\"query.distance\" = [\"euclidean\", \"cosine\"]\n",
        "query.distance",
        "query.sampler = \"top_n\"",
    );
    refused(
        "[sweep]\n\"data.image_size\" = [16, 32]\n",
        "data.image_size",
        "data.dataset = \"shapes\"",
    );
    refused(
        "[sweep]\n\"data.grayscale\" = [true, false]\n",
        "data.grayscale",
        "data.dataset = \"shapes\"",
    );
    refused(
        "[sweep]\n\"data.path\" = [\"a\", \"b\"]\n",
        "data.path",
        "data.dataset = \"shapes\"",
    );
    let reselect = BASE.replace("rounds = 1", "rounds = 1\naccumulate = false");
    let (code, out) = dry_run_of(
        &reselect,
        "[sweep]\n\"loop.pool\" = [\"unlabeled\", \"all\"]\n",
    );
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("loop.pool") && out.contains("loop.accumulate = false"),
        "{out}"
    );
}

#[test]
fn variants_that_differ_only_in_an_inert_key_are_refused() {
    // Two variants: pivot sampler at 0.5 and top_n at 0.5 differ (the sampler matters);
    // top_n at 0.0 and top_n at 0.5 do not.
    let (code, out) = dry_run(
        "[[variant]]\nlabel = \"a\"\n\"query.pivot\" = 0.0\n[[variant]]\nlabel = \"b\"\n\"query.pivot\" = 0.5\n",
    );
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("\"a\" and \"b\" differ only in query.pivot"),
        "{out}"
    );
    let (code, out) = dry_run(
        "[[variant]]\nlabel = \"pivot\"\n\"query.sampler\" = \"pivot\"\n\"query.pivot\" = 0.5\n[[variant]]\nlabel = \"top\"\n",
    );
    assert_eq!(code, Some(0), "{out}");
    assert!(!out.contains("warning"), "{out}");
}

#[test]
fn an_inert_key_set_once_is_a_warning() {
    let (code, out) = dry_run("[query]\npivot = 0.3\n");
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("warning: ") && out.contains("query.pivot is set but has no effect in 1 of 1"),
        "{out}"
    );
    assert!(out.contains("query.sampler = \"top_n\""), "{out}");
}

#[test]
fn a_metric_the_task_never_records_is_refused() {
    let (code, out) = dry_run("[report]\nmetrics = [\"test_accuracy\", \"test_map\"]\n");
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("report.metrics") && out.contains("detection metric"),
        "{out}"
    );
    let (code, out) = dry_run("[report]\nmetrics = [\"test_top3_accuracy\"]\n");
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("train.top_k includes 3"), "{out}");
    let top3 = BASE.replace("max_epochs = 1", "max_epochs = 1\ntop_k = [1, 3]");
    let (code, out) = dry_run_of(&top3, "[report]\nmetrics = [\"test_top3_accuracy\"]\n");
    assert_eq!(code, Some(0), "{out}");
}
