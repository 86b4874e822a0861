//! Two processes on one results directory, and Ctrl-C (SIGINT).

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

fn spec(d: &Path) -> std::path::PathBuf {
    write(
        d,
        "tiny.toml",
        &TINY.replace(
            "[\"random\", \"margin\"]",
            "[\"random\", \"margin\", \"entropy\"]",
        ),
    )
}

#[test]
fn two_processes_share_a_directory_without_duplicating_work() {
    let d = tempfile::tempdir().unwrap();
    let spec = spec(d.path());
    let o = albench(
        d.path(),
        &[
            "run",
            spec.to_str().unwrap(),
            "--quiet",
            "--no-report",
            "--out",
            "reference",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let start = || {
        Command::new(bin())
            .args([
                "run",
                spec.to_str().unwrap(),
                "--quiet",
                "--no-report",
                "--out",
                "shared",
            ])
            .current_dir(d.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (start(), start());
    let (oa, ob) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let (ta, tb) = (text(&oa), text(&ob));
    assert_eq!(
        (oa.status.code(), ob.status.code()),
        (Some(0), Some(0)),
        "{ta}\n{tb}"
    );
    // Each run was computed by exactly one of the two processes.
    let computed = |t: &str| {
        t.lines()
            .filter(|l| l.starts_with('[') && l.contains(": ok,"))
            .count()
    };
    assert_eq!(computed(&ta) + computed(&tb), 6, "{ta}\n{tb}");
    let shared = d.path().join("shared");
    assert!(
        !tree(&shared)
            .iter()
            .any(|f| f.contains(".claim") || f.ends_with(".tmp")),
        "{:?}",
        tree(&shared)
    );
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(shared.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        m["runs"].as_object().unwrap().len(),
        6,
        "no manifest entry lost: {m}"
    );
    same_results(&d.path().join("reference"), &shared);
}

#[test]
fn ctrl_c_finishes_runs_in_progress_and_says_how_to_resume() {
    let d = tempfile::tempdir().unwrap();
    let spec = spec(d.path());
    let o = albench(
        d.path(),
        &[
            "run",
            spec.to_str().unwrap(),
            "--quiet",
            "--no-report",
            "--out",
            "reference",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    // Ctrl-C at an exact moment: after the first training step of the first run (--jobs 1).
    let out = Command::new(bin())
        .args([
            "run",
            spec.to_str().unwrap(),
            "--quiet",
            "--no-report",
            "--out",
            "interrupted",
        ])
        .env("ALBENCH_FAULT", "sigint:step:1")
        .current_dir(d.path())
        .output()
        .unwrap();
    let t = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(130), "{t}");
    assert!(
        t.contains("Resume with: albench run") && t.contains("--out interrupted"),
        "{t}"
    );
    let runs = d.path().join("interrupted/runs");
    let done = tree(&runs).iter().filter(|f| !f.starts_with('.')).count();
    assert_eq!(
        done, 1,
        "the run in progress is finished and written, no other starts"
    );
    assert!(
        !tree(&runs).iter().any(|f| f.starts_with('.')),
        "no temp or claim files left: {:?}",
        tree(&runs)
    );
    let o = albench(
        d.path(),
        &[
            "run",
            spec.to_str().unwrap(),
            "--quiet",
            "--no-report",
            "--out",
            "interrupted",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    same_results(&d.path().join("reference"), &d.path().join("interrupted"));
}
