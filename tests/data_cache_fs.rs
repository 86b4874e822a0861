//! The data cache on real filesystems that cannot hold it: a read-only tmpfs (as the cache
//! directory and as its parent), a full one (refused up front, with the space needed), one
//! that fills in the middle of a write, and a read-only one holding complete files (only read).
//!
//! As root, permissions do not stop writes, so each test mounts a real tmpfs, inside
//! `unshare -m`: a mount namespace of its own that disappears with its shell, so nothing stays
//! mounted on the machine even when a test fails. That needs root; elsewhere a test prints
//! `skipped: <test>: needs root and mount` and passes, and with CI set it fails instead
//! (`.ci/run` runs the tests as root).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use albench::data::cache::{Depth, Tail, Writer};
use albench::data::DataError;
use common::{bin, tree, write, TINY};

/// Run `body` with `sh` in a mount namespace of its own, after mounting a tmpfs with options
/// `opts` at `$D/m`. `$D` is `d`, `$ALB` the albench binary, `$T` this test binary. `false`
/// (after printing the skip) where unshare or mount is refused; panics where the body fails.
fn in_tmpfs(test: &str, d: &Path, opts: &str, body: &str) -> bool {
    std::fs::create_dir_all(d.join("m")).unwrap();
    let script =
        format!("mount -t tmpfs -o {opts} tmpfs \"$D/m\" || exit 97\necho mounted\n{body}");
    let o = Command::new("unshare")
        .args(["-m", "sh", "-ec", &script])
        .env("D", d)
        .env("ALB", bin())
        .env("T", std::env::current_exe().unwrap())
        .output();
    let mounted = o
        .as_ref()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).starts_with("mounted"));
    if !mounted {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: unshare -m and mount -t tmpfs are refused, and CI is set: run it as root"
        );
        println!("skipped: {test}: needs root and mount");
        return false;
    }
    let o = o.unwrap();
    assert!(
        o.status.success(),
        "{test}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    true
}

/// A shell line: `albench run $D/tiny.toml --out $D/<out> --cache <cache> --quiet
/// --no-report`, its stderr to `$D/<out>.err`, its exit code to `$D/<out>.rc`, then what is
/// left in the tmpfs to `$D/<out>.left`.
fn run_line(out: &str, cache: &str) -> String {
    format!(
        "rc=0; \"$ALB\" run \"$D/tiny.toml\" --out \"$D/{out}\" --cache \"{cache}\" --quiet \
         --no-report 2> \"$D/{out}.err\" || rc=$?; echo $rc > \"$D/{out}.rc\"; \
         (cd \"$D/m\" && find . -mindepth 1 | sort) > \"$D/{out}.left\"\n"
    )
}

/// The exit code, the stderr lines and what was left in the tmpfs of the run `out`.
fn outcome(d: &Path, out: &str) -> (i32, Vec<String>, String) {
    let read = |ext: &str| std::fs::read_to_string(d.join(format!("{out}.{ext}"))).unwrap();
    let lines = read("err")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(String::from)
        .collect();
    (read("rc").trim().parse().unwrap(), lines, read("left"))
}

/// Exit code 1, exactly one stderr line that names `cache` and says `why` and what to do,
/// nothing left in the tmpfs, no results file.
fn refused(d: &Path, out: &str, cache: &str, why: &str) {
    let (rc, lines, left) = outcome(d, out);
    assert_eq!(rc, 1, "{lines:?}");
    assert_eq!(lines.len(), 1, "one line: {lines:?}");
    assert!(
        lines[0].starts_with(&format!("error: data cache {cache}: {why}"))
            && lines[0].ends_with("(--cache DIR or ALBENCH_CACHE)"),
        "{}",
        lines[0]
    );
    assert_eq!(left, "", "nothing left in the tmpfs");
    assert!(tree(&d.join(out)).is_empty(), "no results written");
}

/// A read-only cache directory, and a cache directory to be created on a read-only
/// filesystem: exit code 1, one line naming it, nothing written anywhere. The filesystem is
/// also too small (64 KiB): the line says read-only, the first thing to fix.
#[test]
fn a_read_only_cache_directory_stops_the_run_with_one_line() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    write(p, "tiny.toml", TINY);
    let body = run_line("a", "$D/m") + &run_line("b", "$D/m/sub/cache");
    if !in_tmpfs(
        "a_read_only_cache_directory_stops_the_run_with_one_line",
        p,
        "ro,size=64k",
        &body,
    ) {
        return;
    }
    let m = p.join("m");
    let ro = "Read-only file system";
    refused(
        p,
        "a",
        m.to_str().unwrap(),
        &format!("cannot write in it: {ro}"),
    );
    let sub = m.join("sub/cache");
    refused(
        p,
        "b",
        sub.to_str().unwrap(),
        &format!("cannot create it: {ro}"),
    );
}

/// A tmpfs of 64 KiB cannot hold the 213 KB of the tiny experiment's two files: refused before
/// anything is written, with the bytes needed and free.
#[test]
fn a_full_cache_directory_is_refused_up_front_with_the_space_needed() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    write(p, "tiny.toml", TINY);
    let name = "a_full_cache_directory_is_refused_up_front_with_the_space_needed";
    if !in_tmpfs(name, p, "size=64k", &run_line("a", "$D/m")) {
        return;
    }
    let why = "not enough free space for the shapes cache files: they need about ";
    refused(p, "a", p.join("m").to_str().unwrap(), why);
    let (_, lines, _) = outcome(p, "a");
    assert!(lines[0].contains(" is free; free "), "{}", lines[0]);
}

/// Complete, current files on a filesystem remounted read-only are only read: the run
/// succeeds, the files are unchanged and the selections are those of the first run.
#[test]
fn a_read_only_directory_of_complete_files_is_only_read() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    write(p, "tiny.toml", TINY);
    let body = run_line("a", "$D/m")
        + "cp -r \"$D/m\" \"$D/built\"\nmount -o remount,ro \"$D/m\"\n"
        + &run_line("b", "$D/m")
        + "diff -r \"$D/m\" \"$D/built\"\n";
    if !in_tmpfs(
        "a_read_only_directory_of_complete_files_is_only_read",
        p,
        "size=4m",
        &body,
    ) {
        return;
    }
    for out in ["a", "b"] {
        let (rc, lines, _) = outcome(p, out);
        assert_eq!(rc, 0, "{out}: {lines:?}");
        // stderr holds the run's progress, nothing about the cache
        assert!(!lines.iter().any(|l| l.contains("data cache")), "{lines:?}");
    }
    assert_eq!(tree(&p.join("built")).len(), 2, "train and test files");
    let sel = |out: &str| -> Vec<Vec<u8>> {
        let dir = p.join(out).join("selections");
        tree(&dir)
            .iter()
            .map(|f| std::fs::read(dir.join(f)).unwrap())
            .collect()
    };
    assert!(!sel("a").is_empty());
    assert_eq!(sel("a"), sel("b"));
}

/// A disk that fills in the middle of a write (the writer's pixels, and its tail and header):
/// the writer's error names the directory and the cause, and no temp file is left. The
/// checks run in [`writer_on_a_full_disk`], started by this test in a namespace with a
/// 64 KiB tmpfs.
#[test]
fn a_disk_filling_mid_write_leaves_no_temp_file() {
    let d = tempfile::tempdir().unwrap();
    let body = "ALBENCH_FULL_DIR=\"$D/m\" \"$T\" --exact writer_on_a_full_disk --ignored \
                --nocapture > \"$D/inner\" 2>&1 || { cat \"$D/inner\"; exit 1; }\n\
                test -z \"$(ls -A \"$D/m\")\"\n";
    let name = "a_disk_filling_mid_write_leaves_no_temp_file";
    if !in_tmpfs(name, d.path(), "size=64k", body) {
        return;
    }
    let inner = std::fs::read_to_string(d.path().join("inner")).unwrap();
    assert!(inner.contains("test result: ok. 1 passed"), "{inner}");
    assert!(inner.contains("disk full, checked twice"), "{inner}");
}

/// The writer's error on a full disk: a [`DataError::Cache`] naming `dir` and the cause.
fn full_disk_error(e: DataError, dir: &Path) {
    let m = e.to_string();
    assert!(matches!(e, DataError::Cache { .. }), "{m}");
    assert!(
        m.starts_with(&format!("data cache {}: ", dir.display()))
            && m.contains("No space left on device"),
        "{m}"
    );
    assert_eq!(
        std::fs::read_dir(dir).unwrap().count(),
        0,
        "no temp file: {m}"
    );
}

/// Run by [`a_disk_filling_mid_write_leaves_no_temp_file`] with `ALBENCH_FULL_DIR` a 64 KiB
/// tmpfs (nothing to check without it).
#[test]
#[ignore = "run by a_disk_filling_mid_write_leaves_no_temp_file on a 64 KiB tmpfs"]
fn writer_on_a_full_disk() {
    let Some(dir) = std::env::var_os("ALBENCH_FULL_DIR").map(PathBuf::from) else {
        println!("ALBENCH_FULL_DIR not set: run a_disk_filling_mid_write_leaves_no_temp_file");
        return;
    };
    let target = dir.join("x.albc");
    let row = [7u8; 1024];
    // 4 MiB of pixels: the writer's 1 MiB buffer is flushed onto the full disk during a push
    let mut w = Writer::create(&dir, &target, Depth::U8, [1, 32, 32]).unwrap();
    let e = (0..4096).find_map(|_| w.push_u8(&row).err());
    drop(w);
    full_disk_error(e.expect("64 KiB cannot hold 4 MiB"), &dir);
    // 80 KiB of pixels fit in the buffer, not on the disk: finishing (tail, header) fails
    let mut w = Writer::create(&dir, &target, Depth::U8, [1, 32, 32]).unwrap();
    for _ in 0..80 {
        w.push_u8(&row).unwrap();
    }
    let tail = Tail {
        labels: vec![0; 80],
        class_names: vec!["a".into()],
        key: "k".into(),
        ..Tail::default()
    };
    full_disk_error(w.finish(&tail).unwrap_err(), &dir);
    println!("disk full, checked twice");
}
