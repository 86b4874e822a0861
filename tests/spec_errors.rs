//! Bad specs: one test per class of error. Each gives one line naming the key (and line),
//! exit code 2, and nothing under results/.

mod common;

use std::path::Path;

use albench::spec::{parse, SpecError};
use common::*;

fn err(text: &str) -> SpecError {
    parse(Path::new("bad.toml"), text, None).expect_err("spec should be rejected")
}

fn key_err(text: &str, key: &str, needle: &str) {
    let e = err(text);
    let msg = e.to_string();
    assert_eq!(e.key(), Some(key), "{msg}");
    assert!(msg.contains(needle), "{msg} should contain {needle}");
    assert!(!msg.contains('\n'), "one line: {msg}");
}

#[test]
fn malformed_toml_names_the_line() {
    let e = err("name = \"x\"\n[data\npool = 3\n");
    let msg = e.to_string();
    assert!(matches!(e, SpecError::Syntax { line: 2, .. }), "{msg}");
    assert!(msg.starts_with("bad.toml:2: invalid TOML"), "{msg}");
}

#[test]
fn unknown_keys_at_every_level() {
    key_err("naem = \"x\"\n", "naem", "unknown key");
    key_err(
        "[data]\npoool = 3\n",
        "data.poool",
        "allowed here: class_weights, dataset, duplicates, filter, grayscale",
    );
    key_err(
        "[train]\nearly_stopping = { monitor = \"val_loss\", patiense = 2 }\n",
        "train.early_stopping.patiense",
        "bad.toml:2: train.early_stopping.patiense: unknown key; allowed here: monitor, patience, restore_best",
    );
    key_err(
        "[train]\nearly_stopping = \"yes\"\n",
        "train.early_stopping",
        "expected false, true",
    );
    let e = err("[data]\npoool = 3\n");
    assert!(e.to_string().starts_with("bad.toml:2: data.poool"), "{e}");
}

#[test]
fn wrong_types_and_enum_values() {
    key_err(
        "[data]\npool = \"many\"\n",
        "data.pool",
        "bad value \"many\"",
    );
    key_err("[query]\nscorer = \"magic\"\n", "query.scorer", "margin");
    key_err("[model]\narch = \"vit\"\n", "model.arch", "cnn");
}

#[test]
fn zero_and_negative_budgets() {
    key_err("[loop]\nbudget = 0\n", "loop.budget", "must be > 0");
    key_err("[loop]\nbudget = -5\n", "loop.budget", "must be > 0");
    key_err("[loop]\nbudget = \"ten\"\n", "loop.budget", "end with %");
}

#[test]
fn pivot_outside_unit_interval() {
    key_err(
        "[query]\nsampler = \"pivot\"\npivot = 1.5\n",
        "query.pivot",
        "must be in [0, 1]",
    );
    key_err(
        "[query]\npivot = -0.1\n",
        "query.pivot",
        "must be in [0, 1]",
    );
}

#[test]
fn budget_larger_than_remaining_pool() {
    key_err(
        "[data]\npool = 1000\n[loop]\nbase = 500\nbudget = 100\nrounds = 6\n",
        "loop.budget",
        "round 6 needs 100 samples but only 0 remain",
    );
}

#[test]
fn sweep_errors() {
    key_err(
        "[sweep]\n\"query.scorer\" = []\n",
        "sweep.query.scorer",
        "empty list",
    );
    key_err(
        "[sweep]\n\"query.scorr\" = [\"margin\"]\n",
        "sweep.query.scorr",
        "not a spec key",
    );
    key_err(
        "[sweep]\n\"query.scorer\" = [\"margin\", \"nope\"]\n",
        "sweep.query.scorer",
        "bad value \"nope\"",
    );
    key_err(
        "[sweep]\n\"repeats\" = [1, 2]\n",
        "sweep.repeats",
        "experiment-level",
    );
}

#[test]
fn variant_errors() {
    key_err(
        "[sweep]\n\"query.scorer\" = [\"margin\"]\n[[variant]]\nlabel = \"a\"\n\"query.scorer\" = \"entropy\"\n",
        "variant[0].query.scorer",
        "conflicts with the sweep axis",
    );
    key_err(
        "[[variant]]\n\"query.scorer\" = \"entropy\"\n",
        "variant[0].label",
        "needs a label",
    );
    key_err(
        "[[variant]]\nlabel = \"a\"\n[[variant]]\nlabel = \"a\"\n",
        "variant[1].label",
        "unique",
    );
}

#[test]
fn inconsistent_combinations() {
    key_err(
        "[query]\nscorer = \"combine\"\n",
        "query.combine",
        "non-empty list",
    );
    key_err(
        "[query]\nmc_samples = 5\n[model]\ndropout = 0.0\n",
        "query.mc_samples",
        "dropout > 0",
    );
    key_err(
        "[report]\nbaseline = \"nobody\"\n",
        "report.baseline",
        "labels:",
    );
}

#[test]
fn cli_bad_input_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("syntax.toml", "[data\n".to_string()),
        ("unknown.toml", "[loop]\nbudgett = 3\n".to_string()),
        ("pivot.toml", "[query]\npivot = 2.0\n".to_string()),
        (
            "exhaust.toml",
            "[data]\npool = 100\n[loop]\nbase = 50\nbudget = 30\nrounds = 2\n".to_string(),
        ),
        // checked when the run starts (not at load: `albench tables --paper` pretrains the
        // file a spec names before running it), still before anything is written
        (
            "noinit.toml",
            "[data]\npool = 100\nvalidation = 20\ntest = 20\n[model]\ninit = \"/no/such/weights.bpk\"\n[loop]\nbase = 10\nbudget = 10\nrounds = 1\n".to_string(),
        ),
        (
            "nodata.toml",
            "[data]\ndataset = \"mnist\"\npath = \"/no/such/dir\"\n".to_string(),
        ),
    ];
    for (name, body) in cases {
        let spec = write(dir.path(), name, &body);
        let o = albench(dir.path(), &["run", spec.to_str().unwrap(), "--quiet"]);
        let out = text(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {out}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 1, "{name}: one line expected: {out}");
        assert!(lines[0].starts_with("error: "), "{out}");
        assert!(
            !dir.path().join("results").exists(),
            "{name}: results/ must not be created"
        );
    }
    let o = albench(dir.path(), &["run", "/no/such/spec.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("/no/such/spec.toml"));
    let spec = write(dir.path(), "ok.toml", TINY);
    let o = albench(
        dir.path(),
        &["run", spec.to_str().unwrap(), "--shard", "3/2"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--shard 3/2"));
    // A scale the spec does not define: refused, nothing run or written.
    let o = albench(
        dir.path(),
        &["run", spec.to_str().unwrap(), "--scale", "smoke", "--quiet"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("--scale: smoke: this spec has no [scale.smoke]; it defines none"),
        "{}",
        text(&o)
    );
    assert!(!dir.path().join("results").exists());
}
