//! Results that do not depend on the host's caches: the same experiment (a `cnn` of width 16,
//! whose `fc` layer sums over k = 1,568, margin and random, 2 rounds; the detector; the VAE
//! of the dual score) run normally and in a process that sees another host's L1 data cache
//! (48 KiB, 12-way, as on recent Intel cores: `gemm` would block that sum by 784 instead of
//! 392) must give the same round tables and byte-identical selections (scores included). The other L1 is faked as root in a private mount namespace:
//! `gemm-common` reads `/sys/devices/system/cpu/*/cache/index0/{size,ways_of_associativity}`
//! once per process, and a bind mount puts other values there. Skipped, by name, where that
//! is impossible (not root, no `unshare`); with CI set that fails.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::model_specs::{DETECTOR, VAE};
use common::*;

/// Whether this process can make a mount namespace; prints the skip otherwise.
fn can_fake_caches(test: &str) -> bool {
    let index0 = Path::new("/sys/devices/system/cpu/cpu0/cache/index0/size");
    let ok = index0.exists()
        && Command::new("unshare")
            .args(["-m", "true"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: unshare -m is unavailable, and CI is set: run it as root"
        );
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "skipped: {test}: needs root and unshare");
    }
    ok
}

/// Bind-mounts `$1` as every cpu's L1d size and `$2` as its associativity, checks that
/// they show, then runs the rest of the arguments.
const FAKE_L1: &str = r#"
set -e
d=$(mktemp -d)
size=$1
echo "$1" > "$d/size"; echo "$2" > "$d/ways"
shift 2
for c in /sys/devices/system/cpu/cpu[0-9]*; do
  mount --bind "$d/size" "$c/cache/index0/size"
  mount --bind "$d/ways" "$c/cache/index0/ways_of_associativity"
done
test "$(cat /sys/devices/system/cpu/cpu0/cache/index0/size)" = "$size" || {
  echo "the fake L1 size did not show" >&2; exit 3; }
exec "$@"
"#;

/// The `cnn` of width 16 on the synthetic dataset, random and margin.
fn cnn_spec() -> String {
    TINY.replace("width = 4", "width = 16")
        .replace("repeats = 2", "repeats = 1")
}

#[test]
fn another_hosts_l1_cache_gives_the_same_results() {
    same_results_under_another_l1("another_hosts_l1_cache_gives_the_same_results", &cnn_spec());
}

#[test]
fn the_detector_gives_the_same_results_under_another_l1() {
    same_results_under_another_l1(
        "the_detector_gives_the_same_results_under_another_l1",
        DETECTOR,
    );
}

#[test]
fn the_vae_gives_the_same_results_under_another_l1() {
    same_results_under_another_l1("the_vae_gives_the_same_results_under_another_l1", VAE);
}

/// Runs `spec` here and under the other of the two common L1d (48 KiB 12-way, where `gemm`
/// blocks k = 1,568 by 784, and 32 KiB 8-way, by 392): the same numbers.
fn same_results_under_another_l1(test: &str, spec: &str) {
    if !can_fake_caches(test) {
        return;
    }
    let here_l1 = std::fs::read_to_string("/sys/devices/system/cpu/cpu0/cache/index0/size");
    let (size, ways) = if here_l1.is_ok_and(|s| s.trim() == "48K") {
        ("32K", "8")
    } else {
        ("48K", "12")
    };
    let d = tempfile::tempdir().unwrap();
    let spec = write(d.path(), "host.toml", spec);
    let spec = spec.to_str().unwrap();
    let here = albench(
        d.path(),
        &["run", spec, "--out", "here", "--quiet", "--no-report"],
    );
    assert!(here.status.success(), "{}", text(&here));
    let there = Command::new("unshare")
        .args(["-m", "sh", "-c", FAKE_L1, "sh", size, ways])
        .arg(bin())
        .args(["run", spec, "--out", "there", "--quiet", "--no-report"])
        .current_dir(d.path())
        .output()
        .expect("unshare runs");
    assert!(there.status.success(), "{}", text(&there));
    same_numbers(&d.path().join("here"), &d.path().join("there"), size);
}

/// The run files of `a` and `b` hold the same round tables (all columns but the wall-clock
/// times and the `machine`, which names the L1d each saw: `b`'s must name `fake`), and their
/// selection files are byte-identical.
fn same_numbers(a: &Path, b: &Path, fake: &str) {
    let runs = visible(&a.join("runs"));
    assert_eq!(runs, visible(&b.join("runs")));
    assert!(!runs.is_empty());
    for f in runs {
        let (ra, rb) = (
            run_content(&a.join("runs").join(&f)),
            run_content(&b.join("runs").join(&f)),
        );
        let machine = |df: &polars::prelude::DataFrame| {
            let c = df.column("machine").unwrap().str().unwrap().clone();
            c.get(0).unwrap().to_string()
        };
        assert!(
            machine(&rb).contains(&format!("L1d {fake}")),
            "{}",
            machine(&rb)
        );
        assert_ne!(machine(&ra), machine(&rb), "the fake L1 did not show");
        assert!(
            ra.drop("machine")
                .unwrap()
                .equals_missing(&rb.drop("machine").unwrap()),
            "runs/{f} differs"
        );
        assert_eq!(
            std::fs::read(a.join("selections").join(&f)).unwrap(),
            std::fs::read(b.join("selections").join(&f)).unwrap(),
            "selections/{f} differs"
        );
    }
}
