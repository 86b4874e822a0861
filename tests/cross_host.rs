//! Hosts sharing one results directory, simulated without a second machine: each "host" is a
//! process in its own PID and UTS namespaces (`unshare --pid --uts --fork --mount-proc`, as
//! root) with its own hostname, so two hosts' albench processes have equal pids. Skipped, by
//! name, where unshare is unavailable (not root, no namespaces); with CI set that fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A spec slow enough (a few seconds a run) that a host is caught holding a claim.
fn slow_spec(d: &Path) -> PathBuf {
    write(
        d,
        "slow.toml",
        &TINY
            .replace("pool = 160", "pool = 600")
            .replace("max_epochs = 2", "max_epochs = 6")
            .replace("rounds = 2", "rounds = 3"),
    )
}

/// Whether `unshare` can make PID and UTS namespaces here; prints the skip otherwise.
fn namespaces(test: &str) -> bool {
    let ok = Command::new("unshare")
        .args(["--pid", "--uts", "--fork", "--mount-proc", "true"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: unshare --pid --uts is unavailable, and CI is set: run it as root"
        );
        // straight to stderr: the test harness captures eprintln! of passing tests
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped {test}: unshare --pid --uts --fork --mount-proc is unavailable (run as root)"
        );
    }
    ok
}

/// `albench ARGS` on host `name`: a shell in a new PID and UTS namespace sets the hostname,
/// then becomes albench, pid 1 on every host. Killing the returned `unshare` kills it
/// (`--kill-child`).
fn on_host(name: &str, cwd: &Path, args: &[&str]) -> Child {
    let mut script = format!("hostname {name} && exec \"$0\"");
    for i in 0..args.len() {
        script.push_str(&format!(" \"${}\"", i + 1));
    }
    Command::new("unshare")
        .args(["--pid", "--uts", "--fork", "--mount-proc", "--kill-child"])
        .args(["sh", "-c", &script])
        .arg(bin())
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("unshare runs")
}

fn claims(runs: &Path) -> Vec<(PathBuf, String)> {
    std::fs::read_dir(runs)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".claim"))
        .filter_map(|e| Some((e.path(), std::fs::read_to_string(e.path()).ok()?)))
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

/// Wait until host `host` holds a claim in `runs`; its path and text.
fn wait_for_claim(runs: &Path, host: &str) -> (PathBuf, String) {
    let t0 = Instant::now();
    loop {
        if let Some(c) = claims(runs)
            .into_iter()
            .find(|(_, t)| t.contains(&format!("host={host}~")))
        {
            return c;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "no claim of {host}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn run_args<'a>(spec: &'a str, out: &'a str, lease: &'a str) -> Vec<&'a str> {
    vec![
        "run",
        spec,
        "--quiet",
        "--no-report",
        "--out",
        out,
        "--lease-secs",
        lease,
    ]
}

fn computed(t: &str) -> Vec<String> {
    t.lines()
        .filter(|l| l.starts_with('[') && l.contains(": ok,"))
        .filter_map(|l| l.split('(').nth(1)?.split(')').next().map(String::from))
        .collect()
}

fn reference(d: &Path, spec: &str) {
    let o = albench(
        d,
        &["run", spec, "--quiet", "--no-report", "--out", "reference"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn equal_pids_on_two_hosts_and_a_live_writer_keeps_its_claim_and_temp_files() {
    if !namespaces("equal_pids_on_two_hosts_and_a_live_writer_keeps_its_claim_and_temp_files") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let spec = slow_spec(d.path());
    let spec = spec.to_str().unwrap();
    let runs = d.path().join("shared/runs");
    let a = on_host("host-a", d.path(), &run_args(spec, "shared", "4"));
    let (claim, owner) = wait_for_claim(&runs, "host-a");
    assert!(
        owner.contains(" pid=1 "),
        "albench is pid 1 in its namespace: {owner}"
    );
    // A temp file host A is writing (fresh), and one host A left 10 minutes ago.
    let field = |k: &str| {
        owner
            .split_whitespace()
            .find_map(|kv| kv.strip_prefix(k))
            .unwrap()
            .to_string()
    };
    let (host, start) = (field("host="), field("start="));
    let live = runs.join(format!(".x.parquet.{host}.1.{start}.1.tmp"));
    let dead = runs.join(format!(".y.parquet.{host}.1.{start}.1.tmp"));
    std::fs::write(&live, "partial").unwrap();
    std::fs::write(&dead, "partial").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&dead)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - Duration::from_secs(600))
        .unwrap();
    // Host B: also pid 1, same directory, started while A holds a run.
    let b = on_host("host-b", d.path(), &run_args(spec, "shared", "4"));
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(live.exists(), "B removed a temp file of A's live writer");
    assert!(!dead.exists(), "B kept a temp file older than the lease");
    let (oa, ob) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let (ta, tb) = (text(&oa), text(&ob));
    assert_eq!(
        (oa.status.code(), ob.status.code()),
        (Some(0), Some(0)),
        "{ta}\n{tb}"
    );
    // Every run computed exactly once, by one host or the other; A's claimed run by A.
    let (ca, cb) = (computed(&ta), computed(&tb));
    let mut all: Vec<String> = ca.iter().chain(&cb).cloned().collect();
    all.sort();
    let n = all.len();
    all.dedup();
    assert_eq!((n, all.len()), (4, 4), "{ta}\n{tb}");
    let claimed = claim.file_name().unwrap().to_string_lossy().into_owned();
    let claimed = claimed.trim_start_matches('.').trim_end_matches(".claim");
    assert!(
        ca.iter().any(|c| c == claimed),
        "A computed its claimed run {claimed}: {ta}"
    );
    std::fs::remove_file(&live).unwrap();
    reference(d.path(), spec);
    same_results(&d.path().join("reference"), &d.path().join("shared"));
}

#[test]
fn a_killed_hosts_claim_is_taken_over_once_its_lease_expires() {
    if !namespaces("a_killed_hosts_claim_is_taken_over_once_its_lease_expires") {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let spec = slow_spec(d.path());
    let spec = spec.to_str().unwrap();
    let runs = d.path().join("shared/runs");
    let mut a = on_host("host-a", d.path(), &run_args(spec, "shared", "3"));
    let (claim, _) = wait_for_claim(&runs, "host-a");
    // the host dies: unshare is killed, and --kill-child kills its namespace
    a.kill().unwrap();
    a.wait().unwrap();
    assert!(claim.exists(), "a killed host leaves its claim");
    // B's lease (10 s) outlasts its other runs: it waits for A's claim to expire
    let t0 = Instant::now();
    let b = on_host("host-b", d.path(), &run_args(spec, "shared", "10"));
    let ob = b.wait_with_output().unwrap();
    let tb = text(&ob);
    assert_eq!(ob.status.code(), Some(0), "{tb}");
    assert!(tb.contains("held by processes on other hosts"), "{tb}");
    // A refreshed its claim at most a quarter of its lease (0.75 s) before it died
    assert!(
        t0.elapsed() >= Duration::from_secs(9),
        "taken over before the lease expired: {tb}"
    );
    assert_eq!(computed(&tb).len(), 4, "B computed every run: {tb}");
    assert!(!claim.exists());
    reference(d.path(), spec);
    same_results(&d.path().join("reference"), &d.path().join("shared"));
}
