//! The external learner (`model.arch = "external"`, docs/external-learner.md) end to end:
//! the NumPy example learner on a tiny shapes spec (results, determinism, resume, the
//! manifest's record of the learner), the trust rule, and every failure mode with scripted
//! fake learners (tests/fixtures/external/fake_learner.py).
//!
//! Needs python3 (the fakes) and python3 with NumPy (the example): without them each test
//! says by name that it skipped, and fails when the environment variable CI is set.

mod common;
#[path = "common/external.rs"]
mod external;

use std::path::{Path, PathBuf};

use common::*;
use external::python;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A tiny shapes spec whose learner is `command` (TOML array text), two rounds.
fn spec(command: &str, extra: &str) -> String {
    external::external_spec(command, 2, extra)
}

/// Copy `file` (relative to the repository) into `dir`, keeping its name.
fn copy_in(file: &str, dir: &Path) {
    let src = repo().join(file);
    let name = src.file_name().unwrap().to_owned();
    std::fs::copy(&src, dir.join(name)).unwrap();
}

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let o = albench(dir, args);
    (o.status.code(), text(&o))
}

fn manifest(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("results/ext/manifest.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn numpy_learner_runs_end_to_end_deterministically_and_resumes() {
    let test = "numpy_learner_runs_end_to_end_deterministically_and_resumes";
    let Some(py) = python(test, "import numpy", "python3 with NumPy") else {
        return;
    };
    let mut outs = Vec::new();
    for _ in 0..2 {
        // the spec and its learner in a subdirectory: the learner runs there, albench here
        let d = tempfile::tempdir().unwrap();
        let exp = d.path().join("exp");
        std::fs::create_dir(&exp).unwrap();
        copy_in("examples/learners/numpy_softmax.py", &exp);
        let cmd = format!(r#"["{py}", "numpy_softmax.py", "--epochs", "50"]"#);
        let sweep = "[sweep]\n\"query.scorer\" = [\"entropy\", \"margin\"]\n";
        let text = spec(&cmd, &format!("[query]\nbatch_size = 7\n{sweep}"));
        write(&exp, "s.toml", &text);
        let (code, t) = run(d.path(), &["run", "exp/s.toml", "--quiet", "--no-report"]);
        assert_eq!(code, Some(0), "{t}");
        assert!(t.contains("done: 2 completed, 0 failed"), "{t}");
        outs.push(d);
    }
    let (a, b) = (outs[0].path(), outs[1].path());
    let runs = tree(&a.join("results/ext/runs"));
    assert_eq!(runs.len(), 2, "{runs:?}");
    for r in &runs {
        let df = read_parquet(&a.join("results/ext/runs").join(r));
        let acc = df.column("test_accuracy").unwrap().f64().unwrap().clone();
        assert_eq!(acc.len(), 3, "rounds 0..=2");
        for i in 0..acc.len() {
            assert!(acc.get(i).is_some_and(|x| (0.0..=1.0).contains(&x)), "{df}");
        }
        assert_eq!(
            run_content(&a.join("results/ext/runs").join(r)),
            run_content(&b.join("results/ext/runs").join(r)),
            "same spec, same results"
        );
        let sel = |d: &Path| std::fs::read(d.join("results/ext/selections").join(r)).unwrap();
        assert_eq!(sel(a), sel(b), "selections differ between identical runs");
    }
    // the manifest names the learner and the script's hash
    let sha =
        albench::learner::external::trust::sha256_file(&a.join("exp/numpy_softmax.py")).unwrap();
    for (_, e) in manifest(a)["runs"].as_object().unwrap() {
        assert_eq!(e["learner"]["script_sha256"], sha.as_str(), "{e}");
        assert_eq!(e["learner"]["command"][1], "numpy_softmax.py", "{e}");
    }
    // the learner's stderr log and record are kept, the split copies are not
    let ext = tree(&a.join("results/ext/external"));
    let kept = |f: &String| f.ends_with("stderr.log") || f.ends_with("learner.json");
    assert!(ext.iter().all(kept), "{ext:?}");
    // resume: a lost run file is recomputed, identically; the other run is skipped
    std::fs::remove_file(a.join("results/ext/runs").join(&runs[0])).unwrap();
    let (code, t) = run(a, &["run", "exp/s.toml", "--quiet", "--no-report"]);
    assert_eq!(code, Some(0), "{t}");
    assert!(t.contains("done: 1 completed, 0 failed, 1 skipped"), "{t}");
    assert_eq!(
        run_content(&a.join("results/ext/runs").join(&runs[0])),
        run_content(&b.join("results/ext/runs").join(&runs[0]))
    );
}

#[test]
fn a_command_outside_the_spec_directory_needs_allow_exec() {
    let test = "a_command_outside_the_spec_directory_needs_allow_exec";
    let Some(py) = python(test, "pass", "python3") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let fake = repo().join("tests/fixtures/external/fake_learner.py");
    let cmd = format!(r#"["{py}", "{}", "ok"]"#, fake.display());
    write(d.path(), "s.toml", &spec(&cmd, ""));
    let (code, t) = run(d.path(), &["run", "s.toml", "--quiet", "--no-report"]);
    assert_eq!(code, Some(2), "{t}");
    assert_eq!(t.trim().lines().count(), 1, "one line: {t}");
    assert!(
        t.contains(&format!("{py} {}", fake.display())) && t.contains("--allow-exec"),
        "{t}"
    );
    assert!(!d.path().join("results").exists(), "nothing written");
    // --dry-run lists the command, its script's hash and what it needs
    let (code, t) = run(d.path(), &["run", "s.toml", "--dry-run"]);
    assert_eq!(code, Some(0), "{t}");
    let sha = albench::learner::external::trust::sha256_file(&fake).unwrap();
    assert!(
        t.contains("learner command") && t.contains(&sha) && t.contains("needs --allow-exec"),
        "{t}"
    );
    let (code, t) = run(
        d.path(),
        &["run", "s.toml", "--quiet", "--no-report", "--allow-exec"],
    );
    assert_eq!(code, Some(0), "{t}");
}

/// The rounds of the recorded selections of the only run in `dir`.
fn selection_rounds(dir: &Path) -> Vec<u32> {
    let sel = dir.join("results/ext/selections");
    let files = tree(&sel);
    assert_eq!(files.len(), 1, "{files:?}");
    let df = read_parquet(&sel.join(&files[0]));
    let r = df.column("round").unwrap().u32().unwrap().clone();
    let mut rounds: Vec<u32> = (0..r.len()).filter_map(|i| r.get(i)).collect();
    rounds.dedup();
    rounds
}

/// Run the fake learner in `mode` (copied next to the spec, so trusted) and return the exit
/// code, the output and the wall time in seconds; a scoring fault reveals nothing.
fn fake_run(py: &str, mode: &str, extra: &str) -> (Option<i32>, String, f64) {
    let d = tempfile::tempdir().unwrap();
    copy_in("tests/fixtures/external/fake_learner.py", d.path());
    let cmd = format!(r#"["{py}", "fake_learner.py", "{mode}"]"#);
    write(d.path(), "s.toml", &spec(&cmd, extra));
    let t0 = std::time::Instant::now();
    let (code, t) = run(d.path(), &["run", "s.toml", "--quiet", "--no-report"]);
    let scoring = [
        "hang_on_predict",
        "bad_shape",
        "wrong_dtype",
        "negative",
        "not_normalized",
        "bad_embedding",
    ];
    if scoring.contains(&mode) {
        assert_eq!(
            selection_rounds(d.path()),
            vec![0],
            "{mode}: round 1's selection must not be recorded"
        );
    }
    (code, t, t0.elapsed().as_secs_f64())
}

#[test]
fn every_failure_mode_fails_the_run_with_a_message_naming_the_request_and_the_fault() {
    let test = "every_failure_mode_fails_the_run_with_a_message_naming_the_request_and_the_fault";
    let Some(py) = python(test, "pass", "python3") else {
        return;
    };
    let backbone = "[query]\nsampler = \"kmeans_pp\"\nembedding = \"backbone\"\n";
    let cases: &[(&str, &str, &[&str])] = &[
        ("exit_at_init", "", &["init: the learner exited (exit status: 3) before replying", "giving up at init"]),
        ("crash_on_fit2", "", &["fit (round 2, 30 samples): the learner exited (exit status: 1)", "CUDA out of memory (simulated)"]),
        ("error_on_fit1", "", &["fit (round 1, 20 samples): the learner answered with an error: simulated training failure"]),
        ("hang_on_predict", "timeout_s = 2", &["predict (model of round 0, 110 pool samples, mc_samples 1): no reply within model.timeout_s = 2 s: the learner was killed"]),
        ("malformed", "", &["evaluate (model of round 0): malformed reply (not JSON"]),
        ("bad_shape", "", &["predict (model of round 0, 110 pool samples, mc_samples 1)", "shape (1, 1, 109, 10) where (1, 1, 110, 10) is expected"]),
        ("wrong_dtype", "", &["predict-3.npy: unsupported dtype '<f8'"]),
        ("negative", "", &["probability -0.2 of class 1 at member 0, pass 0, sample 0"]),
        ("not_normalized", "", &["sum to 0.9", "not 1 (within 0.0001)"]),
    ];
    for (mode, extra, wanted) in cases {
        let (code, t, secs) = fake_run(&py, mode, extra);
        assert_eq!(code, Some(1), "{mode}: a failed run exits 1: {t}");
        assert!(t.contains("done: 0 completed, 1 failed"), "{mode}: {t}");
        for w in *wanted {
            assert!(t.contains(w), "{mode}: no {w:?} in: {t}");
        }
        assert!(secs < 60.0, "{mode}: took {secs} s");
    }
    let (code, t, _) = fake_run(&py, "bad_embedding", backbone);
    assert_eq!(code, Some(1), "{t}");
    assert!(
        t.contains("embed (model of round 0, 110 pool samples)")
            && t.contains("where (110, 4) is expected"),
        "{t}"
    );
    // the fake itself is a valid learner: with no fault the run completes
    let (code, t, _) = fake_run(&py, "ok", backbone);
    assert_eq!(code, Some(0), "{t}");
}

#[test]
fn a_failing_learner_fails_its_run_only_and_the_failure_is_kept_on_resume() {
    let test = "a_failing_learner_fails_its_run_only_and_the_failure_is_kept_on_resume";
    let Some(py) = python(test, "pass", "python3") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    copy_in("tests/fixtures/external/fake_learner.py", d.path());
    let sweep = format!(
        "[sweep]\n\"model.command\" = [[\"{py}\", \"fake_learner.py\", \"crash_on_fit2\"], [\"{py}\", \"fake_learner.py\", \"ok\"]]\n"
    );
    write(d.path(), "s.toml", &spec(r#"["unused"]"#, &sweep));
    let (code, t) = run(d.path(), &["run", "s.toml", "--quiet", "--no-report"]);
    assert_eq!(code, Some(1), "{t}");
    assert!(t.contains("done: 1 completed, 1 failed"), "{t}");
    let statuses: Vec<String> = manifest(d.path())["runs"]
        .as_object()
        .unwrap()
        .values()
        .map(|e| e["status"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| *s == "ok").count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .any(|s| s.starts_with("failed: fit (round 2")),
        "{statuses:?}"
    );
    let (code, t) = run(d.path(), &["run", "s.toml", "--quiet", "--no-report"]);
    assert!(t.contains("2 already complete, 0 to do"), "{code:?} {t}");
}

#[test]
fn a_manifest_rebuilt_after_a_crash_names_the_learner_that_made_each_run() {
    let test = "a_manifest_rebuilt_after_a_crash_names_the_learner_that_made_each_run";
    let Some(py) = python(test, "pass", "python3") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    copy_in("tests/fixtures/external/fake_learner.py", d.path());
    let script = d.path().join("fake_learner.py");
    let sha = albench::learner::external::trust::sha256_file(&script).unwrap();
    let cmd = format!(r#"["{py}", "fake_learner.py", "ok"]"#);
    write(d.path(), "s.toml", &spec(&cmd, ""));
    let (code, t) = run(d.path(), &["run", "s.toml", "--quiet", "--no-report"]);
    assert_eq!(code, Some(0), "{t}");
    let learner = |m: &serde_json::Value| {
        let runs = m["runs"].as_object().unwrap();
        assert_eq!(runs.len(), 1, "{m}");
        runs.values().next().unwrap()["learner"].clone()
    };
    assert_eq!(learner(&manifest(d.path()))["script_sha256"], sha.as_str());
    // a crash lost the manifest; the script has changed since the run
    std::fs::remove_file(d.path().join("results/ext/manifest.json")).unwrap();
    let mut text = std::fs::read_to_string(&script).unwrap();
    text.push_str("\n# edited after the run\n");
    std::fs::write(&script, text).unwrap();
    let (code, t) = run(d.path(), &["run", "s.toml", "--quiet", "--no-report"]);
    assert_eq!(code, Some(0), "{t}");
    let rebuilt = learner(&manifest(d.path()));
    assert_eq!(
        rebuilt["command"],
        serde_json::json!([py, "fake_learner.py", "ok"]),
        "{rebuilt}"
    );
    assert_eq!(
        rebuilt["script_sha256"],
        sha.as_str(),
        "the hash of the script that made the run"
    );
}
