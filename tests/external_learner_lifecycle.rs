//! No external learner outlives albench (docs/external-learner.md, "Stopping"): its process
//! group, the workers it started included, is killed after a run, after a failing request,
//! and on the second Ctrl-C; the first Ctrl-C lets the run in progress finish and then ends
//! its learner too. The fake learner (tests/fixtures/external/fake_learner.py) ignores
//! SIGINT and SIGTERM, starts a `sleep 600` worker and writes both pids, so a survivor shows.
//!
//! Also: the `[train]` hints an external learner is handed, and the refusal of
//! `train.top_k`. Needs python3: without it each test says that it skipped (fails under CI).

mod common;
#[path = "common/external.rs"]
mod external;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// `python3` when it runs, else `None` after saying which test skipped (a failure under CI).
fn python(test: &str) -> Option<&'static str> {
    let ok = Command::new("python3").args(["-c", "pass"]).output();
    if ok.is_ok_and(|o| o.status.success()) {
        return Some("python3");
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: python3 is missing and CI is set"
    );
    eprintln!("skipped: {test} (python3 not found)");
    None
}

/// A spec in `dir` whose learner is the fake in `mode`, writing its pids to `dir/pids`.
fn setup(dir: &Path, mode: &str, rounds: u32, train: &str) -> PathBuf {
    let fake = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/external/fake_learner.py"
    );
    std::fs::copy(fake, dir.join("fake_learner.py")).unwrap();
    let pids = dir.join("pids");
    std::fs::create_dir_all(&pids).unwrap();
    let cmd = format!(
        r#"["python3", "fake_learner.py", "{mode}", "{}"]"#,
        pids.display()
    );
    let spec = external::external_spec(&cmd, rounds, &format!("[train]\n{train}"));
    write(dir, "s.toml", &spec);
    pids
}

/// Start `albench run s.toml` in `dir` (stderr to `dir/err.txt`).
fn start(dir: &Path) -> Child {
    let err = std::fs::File::create(dir.join("err.txt")).unwrap();
    Command::new(bin())
        .args(["run", "s.toml", "--quiet", "--no-report"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(err)
        .spawn()
        .unwrap()
}

/// The pids the fake wrote (learner and worker), waiting up to 60 s for `n` of them.
fn pids(dir: &Path, n: usize) -> Vec<i32> {
    let t0 = Instant::now();
    loop {
        let found: Vec<i32> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.rsplit('-').next()?.parse().ok()
            })
            .collect();
        if found.len() >= n || t0.elapsed() > Duration::from_secs(60) {
            return found;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Whether process `pid` runs (exists and is not a zombie).
fn alive(pid: i32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    let state = stat.rsplit(')').next().unwrap_or("").trim_start();
    !(state.starts_with('Z') || state.starts_with('X'))
}

/// The pids of `pids` still alive 2 s after albench ended (killed survivors, so that a
/// failing test leaves nothing behind).
fn survivors(pids: &[i32]) -> Vec<i32> {
    let t0 = Instant::now();
    while pids.iter().any(|&p| alive(p)) && t0.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let left: Vec<i32> = pids.iter().copied().filter(|&p| alive(p)).collect();
    for &p in &left {
        // SAFETY: kill(2) of a process this test's albench started.
        unsafe {
            libc::kill(p, libc::SIGKILL);
        }
    }
    left
}

fn interrupt(child: &Child) {
    // SAFETY: kill(2) with SIGINT on the albench process this test started.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
}

#[test]
fn the_second_ctrl_c_kills_every_learner_and_its_workers() {
    let Some(_) = python("the_second_ctrl_c_kills_every_learner_and_its_workers") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let dir = setup(d.path(), "slow", 8, "");
    let mut albench = start(d.path());
    let pids = pids(&dir, 2);
    assert_eq!(pids.len(), 2, "the fake learner and its worker started");
    interrupt(&albench);
    std::thread::sleep(Duration::from_millis(300));
    interrupt(&albench);
    let status = albench.wait().unwrap();
    let err = std::fs::read_to_string(d.path().join("err.txt")).unwrap();
    assert_eq!(status.code(), Some(130), "{err}");
    assert_eq!(
        survivors(&pids),
        Vec::<i32>::new(),
        "learner processes outlived albench: {err}"
    );
}

#[test]
fn after_the_first_ctrl_c_the_run_finishes_and_no_learner_remains() {
    let Some(_) = python("after_the_first_ctrl_c_the_run_finishes_and_no_learner_remains") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let dir = setup(d.path(), "slow", 2, "");
    let mut albench = start(d.path());
    let pids = pids(&dir, 2);
    interrupt(&albench);
    albench.wait().unwrap();
    let err = std::fs::read_to_string(d.path().join("err.txt")).unwrap();
    assert!(
        err.contains("done: 1 completed"),
        "the run in progress finishes: {err}"
    );
    assert_eq!(
        survivors(&pids),
        Vec::<i32>::new(),
        "learner processes outlived albench: {err}"
    );
}

#[test]
fn a_failing_learner_leaves_no_worker_behind() {
    let Some(_) = python("a_failing_learner_leaves_no_worker_behind") else {
        return;
    };
    for mode in ["crash_on_fit2", "error_on_fit1", "malformed"] {
        let d = tempfile::tempdir().unwrap();
        let dir = setup(d.path(), mode, 2, "");
        let o = albench(d.path(), &["run", "s.toml", "--quiet", "--no-report"]);
        assert_eq!(o.status.code(), Some(1), "{mode}: {}", text(&o));
        let pids = pids(&dir, 2);
        assert_eq!(pids.len(), 2, "{mode}");
        assert_eq!(survivors(&pids), Vec::<i32>::new(), "{mode}: survivors");
    }
}

#[test]
fn the_train_section_reaches_the_learner_and_top_k_is_refused() {
    let Some(_) = python("the_train_section_reaches_the_learner_and_top_k_is_refused") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    setup(
        d.path(),
        "ok",
        1,
        "lr = 0.25\nmax_epochs = 7\noptimizer = \"sgd\"",
    );
    let o = albench(d.path(), &["run", "s.toml", "--quiet", "--no-report"]);
    assert!(o.status.success(), "{}", text(&o));
    let init = std::fs::read_to_string(d.path().join("fake_init.json")).unwrap();
    let init: serde_json::Value = serde_json::from_str(&init).unwrap();
    let train = &init["train"];
    assert_eq!(train["lr"], 0.25, "{init}");
    assert_eq!(train["max_epochs"], 7, "{init}");
    assert_eq!(train["optimizer"], "sgd", "{init}");
    assert_eq!(
        train["batch_size"], 64,
        "the default is handed over too: {init}"
    );
    assert!(train.get("top_k").is_none(), "{init}");

    let d = tempfile::tempdir().unwrap();
    setup(d.path(), "ok", 1, "top_k = [1, 3]");
    let o = albench(d.path(), &["run", "s.toml", "--quiet", "--no-report"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert_eq!(t.trim().lines().count(), 1, "one line: {t}");
    assert!(
        t.contains("train.top_k") && t.contains("top-1 accuracy only"),
        "{t}"
    );
    assert!(!d.path().join("results").exists(), "nothing written");
}
