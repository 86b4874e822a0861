//! Crash safety: `albench run` killed with SIGKILL at chosen moments (during training, while a
//! run file, the manifest or the report is being written) and at points drawn from a seed, then
//! resumed, must leave exactly what an uninterrupted run leaves; no partial file is ever read
//! in between. A full disk and a read-only directory give one clear error, exit code 1, and
//! leave completed runs intact.
//!
//! Every kill uses the `ALBENCH_FAULT` hook (src/fault.rs) with `--jobs 1`: it lands at a point
//! of the code, the same on every machine and under any load, never after a wall-clock delay. The filesystem tests at the end use a real tmpfs.

mod common;

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// TINY with 3 repeats: 6 runs of ~18 training steps each.
fn spec(d: &Path) -> PathBuf {
    write(d, "tiny.toml", &TINY.replace("repeats = 2", "repeats = 3"))
}

/// `albench run <spec> --quiet --jobs 1 --out <out>` (+ `extra`) with `ALBENCH_FAULT=fault`.
fn run(d: &Path, spec: &Path, out: &str, fault: Option<&str>, extra: &[&str]) -> Output {
    let mut c = Command::new(bin());
    c.args([
        "run",
        spec.to_str().unwrap(),
        "--quiet",
        "--jobs",
        "1",
        "--out",
        out,
    ])
    .args(extra)
    .current_dir(d);
    if let Some(f) = fault {
        c.env("ALBENCH_FAULT", f);
    }
    c.output().unwrap()
}

fn killed(o: &Output) -> bool {
    o.status.signal() == Some(9)
}

/// The reference: an uninterrupted run into `reference/` and its report in `reference_report/`.
fn reference(d: &Path, spec: &Path) {
    let o = run(d, spec, "reference", None, &["--no-report"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = albench(d, &["report", "reference", "--out", "reference_report"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

/// What a reader may see at any moment: every visible run file is complete and equal to the
/// reference's, with its selection file; the manifest parses and lists only complete runs;
/// `albench compare` reads the directory without error once a run is there.
fn consistent_so_far(d: &Path, dir: &str) {
    let (r, k) = (d.join("reference"), d.join(dir));
    let runs = visible(&k.join("runs"));
    for f in &runs {
        assert!(
            run_content(&r.join("runs").join(f))
                .equals_missing(&run_content(&k.join("runs").join(f))),
            "runs/{f} differs from the reference"
        );
        assert_eq!(
            std::fs::read(r.join("selections").join(f)).unwrap(),
            std::fs::read(k.join("selections").join(f)).unwrap(),
            "selections/{f}"
        );
    }
    if let Ok(bytes) = std::fs::read(k.join("manifest.json")) {
        let m: serde_json::Value = serde_json::from_slice(&bytes).expect("manifest parses");
        for id in m["runs"].as_object().unwrap().keys() {
            assert!(
                runs.contains(&format!("{id}.parquet")),
                "{id} listed, no file"
            );
        }
    }
    if !runs.is_empty() {
        let o = albench(
            d,
            &[
                "compare",
                dir,
                "--metric",
                "test_accuracy",
                "--format",
                "csv",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
}

/// After the final resume: the same runs as the reference, every one listed once in the
/// manifest with status ok, no temp or claim file left, and a report equal to the reference
/// report byte for byte (report.md and report.html: except their "Environment:" line, which
/// holds the wall-clock start and end).
fn same_as_reference(d: &Path, dir: &str, report: &Path) {
    let (r, k) = (d.join("reference"), d.join(dir));
    same_results(&r, &k);
    let manifest = |p: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(p.join("manifest.json")).unwrap()).unwrap()
    };
    let (mr, mk) = (manifest(&r), manifest(&k));
    let ids = |m: &serde_json::Value| -> Vec<String> {
        m["runs"].as_object().unwrap().keys().cloned().collect()
    };
    assert_eq!(ids(&mr), ids(&mk));
    for (id, e) in mk["runs"].as_object().unwrap() {
        assert_eq!(e["status"], "ok", "{id}");
        assert_eq!(e["rounds"], mr["runs"][id]["rounds"], "{id}");
    }
    for sub in ["", "runs", "selections"] {
        let hidden: Vec<String> = std::fs::read_dir(k.join(sub))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.') && n != ".manifest.lock")
            .collect();
        assert!(hidden.is_empty(), "{sub}: left over {hidden:?}");
    }
    // Wall-clock content differs between any two runs: the Environment line (start and end)
    // and the Compute section (seconds per run). Everything else must be identical.
    same_report(&d.join("reference_report"), report);
}

#[test]
fn sigkill_at_each_kind_of_moment_then_resume_gives_the_uninterrupted_results() {
    let d = tempfile::tempdir().unwrap();
    let spec = spec(d.path());
    reference(d.path(), &spec);
    // Successive invocations on one directory, each killed at a different kind of moment,
    // with the temp file each kill must leave behind (directory, name start). Every kill
    // lands at a point of the code where the runs complete so far are settled: the round
    // and selection tables are written by the sweep's writer thread while a worker trains
    // the next run, so a kill during training comes before this process completes any run.
    let faults = [
        // Half-way through the manifest update after the first run's files were written (the
        // first manifest write is at the start).
        ("kill:temp:2:manifest.json", Some(("k", ".manifest.json."))),
        // During training of the second run (the first is complete): the 3rd step of this
        // process, in the second run's round 0.
        ("kill:step:3", None),
        // Half of a round table written to its temp file (its selection file is complete).
        ("kill:temp:1:/runs/", Some(("k/runs", "."))),
        // A selection table complete in its temp file, not yet renamed.
        ("kill:rename:1:/selections/", Some(("k/selections", "."))),
        // Half-way through the manifest update after a run file was written.
        ("kill:temp:2:manifest.json", Some(("k", ".manifest.json."))),
        // While writing the report (the third report file), after the last run.
        ("kill:temp:3:reports/", Some(("reports/tiny", "."))),
        // Every report file written but report.md, complete in its temp file.
        (
            "kill:rename:1:report.md",
            Some(("reports/tiny", ".report.md.")),
        ),
    ];
    let mut done = Vec::new();
    for (f, temp) in faults {
        let o = run(d.path(), &spec, "k", Some(f), &[]);
        assert!(killed(&o), "{f}: not killed: {}", text(&o));
        if let Some((dir, start)) = temp {
            let names = tree(&d.path().join(dir));
            assert!(
                names
                    .iter()
                    .any(|n| n.starts_with(start) && n.ends_with(".tmp")),
                "{f}: no temp file in {dir}: {names:?}"
            );
        }
        consistent_so_far(d.path(), "k");
        done.push(visible(&d.path().join("k/runs")).len());
    }
    assert_eq!(
        done,
        [1, 1, 1, 1, 2, 6, 6],
        "completed runs after each kill"
    );
    assert_eq!(visible(&d.path().join("k/runs")).len(), 6, "all runs done");
    let o = run(d.path(), &spec, "k", None, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    same_as_reference(d.path(), "k", &d.path().join("reports/tiny"));
}

/// A small deterministic generator for the drawn kill points (the test must not depend on a
/// seed that happens to work).
struct SplitMix(u64);

impl SplitMix {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in 1..=n.
    fn upto(&mut self, n: u64) -> u64 {
        1 + (self.unit() * n as f64) as u64
    }

    /// A kill point of `ALBENCH_FAULT`. While runs remain, close enough that the sweep moves
    /// on by about half a run per kill: half of the draws after a training step (a run takes
    /// ~20 steps), the others in the middle of an atomic write (a claim, a selection or round
    /// table, the manifest) or just before its rename. Once every run is complete, in any of
    /// the report's writes (about 20 files).
    fn kill_point(&mut self, runs_remain: bool) -> String {
        let u = self.unit();
        let writes = if runs_remain { 6 } else { 20 };
        if runs_remain && u < 0.5 {
            format!("kill:step:{}", self.upto(24))
        } else if u < 0.75 {
            format!("kill:temp:{}", self.upto(writes))
        } else {
            format!("kill:rename:{}", self.upto(writes))
        }
    }
}

#[test]
fn sigkill_at_drawn_points_then_resume_gives_the_uninterrupted_results() {
    let d = tempfile::tempdir().unwrap();
    let spec = spec(d.path());
    reference(d.path(), &spec);
    let mut rng = SplitMix(2026);
    let done = || visible(&d.path().join("k/runs")).len();
    // (kill point, runs complete after it) of the kills while runs remained, and of those
    // after the last run.
    let (mut in_runs, mut in_report) = (Vec::new(), Vec::new());
    // Kill, resume, kill again, … until 6 kills have landed in the report. Each invocation is
    // killed at a point of the code drawn from a fixed seed, never after a delay: kills land
    // in training and in every kind of file write, of runs early and late in the sweep and
    // of the report. An invocation that is not killed (its point lies beyond the sweep's
    // last step) completes the sweep; the next ones are killed in the report. Which run a
    // kill in training finds settled depends on the writer thread's progress, so the checks
    // hold for whichever state the kill leaves.
    for _ in 0..80 {
        let runs_remain = done() < 6;
        let fault = rng.kill_point(runs_remain);
        let o = run(d.path(), &spec, "k", Some(&fault), &[]);
        if killed(&o) {
            let kills = if runs_remain {
                &mut in_runs
            } else {
                &mut in_report
            };
            kills.push((fault, done()));
        } else {
            assert_eq!(o.status.code(), Some(0), "{fault}: {}", text(&o));
        }
        consistent_so_far(d.path(), "k");
        if in_report.len() == 6 {
            break;
        }
    }
    eprintln!("kills while runs remained: {in_runs:?}; after the last run: {in_report:?}");
    // a kill at most ~2 runs on (≤ 6 writes, ≤ 24 steps) and an unkilled invocation only
    // once a run or less remains: at least 3 kills before the last run
    assert!(in_runs.len() >= 3, "{in_runs:?}");
    assert_eq!(in_report.len(), 6, "{in_report:?}");
    let o = run(d.path(), &spec, "k", None, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    same_as_reference(d.path(), "k", &d.path().join("reports/tiny"));
}

#[test]
fn a_write_failing_mid_sweep_stops_with_one_clear_line_and_resumes() {
    let d = tempfile::tempdir().unwrap();
    let spec = spec(d.path());
    reference(d.path(), &spec);
    for (fault, why) in [
        ("enospc:temp:2:/runs/", "No space left on device"),
        ("erofs:rename:2:manifest.json", "Read-only file system"),
    ] {
        let _ = std::fs::remove_dir_all(d.path().join("k"));
        let t0 = Instant::now();
        let o = run(d.path(), &spec, "k", Some(fault), &["--no-report"]);
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(1), "{fault}: {err}");
        let line = err.lines().find(|l| l.starts_with("error:")).unwrap();
        assert!(
            line.contains(why)
                && line.contains("are intact")
                && line.contains("resume with: albench run"),
            "{fault}: {line}"
        );
        assert_eq!(err.lines().filter(|l| l.starts_with("error:")).count(), 1);
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "the sweep stopped at once"
        );
        let left = visible(&d.path().join("k/runs"));
        assert!(!left.is_empty() && left.len() < 6, "{fault}: {left:?}");
        assert!(
            !tree(&d.path().join("k"))
                .iter()
                .any(|n| n.ends_with(".tmp")),
            "{fault}: a failed write removes its temp file"
        );
        consistent_so_far(d.path(), "k");
        let o = run(d.path(), &spec, "k", None, &["--no-report"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        same_results(&d.path().join("reference"), &d.path().join("k"));
    }
    // A worker's claim fails while the other worker is inside a run (--jobs 2): the error
    // names the claim, not the run abandoned because of it.
    let _ = std::fs::remove_dir_all(d.path().join("k"));
    let o = Command::new(bin())
        .args(["run", spec.to_str().unwrap(), "--quiet", "--no-report"])
        .args(["--jobs", "2", "--out", "k"])
        .current_dir(d.path())
        .env("ALBENCH_FAULT", "enospc:temp:4:.claim")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{err}");
    let line = err.lines().find(|l| l.starts_with("error:")).unwrap();
    assert!(
        line.contains(".claim") && line.contains("No space left on device"),
        "{line}"
    );
    assert!(!tree(&d.path().join("k"))
        .iter()
        .any(|n| n.ends_with(".tmp")));
    consistent_so_far(d.path(), "k");

    // The report: an unwritable report file fails with exit code 1 and names the file.
    let mut c = Command::new(bin());
    c.args(["report", "reference", "--out", "rep"])
        .current_dir(d.path())
        .env("ALBENCH_FAULT", "enospc:temp:4:rep/");
    let o = c.output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("error: cannot write rep/") && err.contains("No space left on device"),
        "{err}"
    );
    assert!(!tree(&d.path().join("rep"))
        .iter()
        .any(|n| n.ends_with(".tmp")));
}

/// A tmpfs mounted for one test, unmounted on drop (also when the test fails).
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// Mount a tmpfs of `size` at `at`; `None` where this process may not mount (not root,
    /// or no CAP_SYS_ADMIN): the test then says so and checks nothing.
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }

    fn remount(&self, opts: &str) {
        let s = Command::new("mount")
            .args(["-o", &format!("remount,{opts}")])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(s.success());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Fill the filesystem holding `dir` with `dir/filler` until it is full.
fn fill(dir: &Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(dir.join("filler")).unwrap();
    let chunk = vec![0u8; 4096];
    while f.write_all(&chunk).and_then(|_| f.sync_all()).is_ok() {}
}

fn files_and_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    tree(dir)
        .into_iter()
        .filter(|f| f.ends_with(".parquet") && !f.contains("/."))
        .map(|f| {
            let b = std::fs::read(dir.join(&f)).unwrap();
            (f, b)
        })
        .collect()
}

/// Needs root to mount a tmpfs, so `cargo test` reports it as ignored (never as passed
/// without running); `.ci/run` runs it as root with `-- --ignored`, where a failed mount fails.
#[test]
#[ignore = "needs root to mount a tmpfs: cargo test --release --test crash_safety -- --ignored"]
fn a_real_full_disk_and_a_read_only_directory_keep_completed_runs() {
    let d = tempfile::tempdir().unwrap();
    let spec = spec(d.path());
    let fs = Tmpfs::mount(&d.path().join("mnt"), "2m")
        .expect("mount a 2 MiB tmpfs (this test needs root)");
    reference(d.path(), &spec);
    let res = "mnt/res";
    let o = run(
        d.path(),
        &spec,
        res,
        None,
        &["--no-report", "--shard", "0/2"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let before = files_and_bytes(&d.path().join(res));
    assert_eq!(before.len(), 6, "3 runs × (round + selection table)");

    // Full disk: the next write fails; the completed runs are untouched.
    fill(&d.path().join("mnt"));
    let o = run(d.path(), &spec, res, None, &["--no-report"]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.lines()
            .any(|l| l.starts_with("error:") && l.contains("No space left on device")),
        "{err}"
    );
    assert_eq!(files_and_bytes(&d.path().join(res)), before);
    assert!(!tree(&d.path().join(res))
        .iter()
        .any(|n| n.ends_with(".tmp")));

    // Space again: resume completes to the uninterrupted results.
    std::fs::remove_file(d.path().join("mnt/filler")).unwrap();
    let o = run(d.path(), &spec, res, None, &["--no-report"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    same_results(&d.path().join("reference"), &d.path().join(res));

    // Read-only: one run to redo, the filesystem read-only: a clear error, nothing changed;
    // the report of a read-only results directory still works.
    let redo = visible(&d.path().join(res).join("runs"))[0].clone();
    std::fs::remove_file(d.path().join(res).join("runs").join(&redo)).unwrap();
    let before = files_and_bytes(&d.path().join(res));
    fs.remount("ro");
    let o = run(d.path(), &spec, res, None, &["--no-report"]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.lines().any(|l| l.starts_with("error:")
            && l.contains("Read-only file system")
            && l.contains("mnt/res")),
        "{err}"
    );
    assert_eq!(files_and_bytes(&d.path().join(res)), before);
    let o = albench(d.path(), &["report", res, "--out", "ro_report"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    fs.remount("rw");
    let o = run(d.path(), &spec, res, None, &["--no-report"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    same_results(&d.path().join("reference"), &d.path().join(res));
}
