//! The data cache through the CLI: built once and reused, rebuilt when damaged, shared by
//! `--jobs`, and a directory that cannot be used stops the run with exit code 1.

mod common;

use std::path::Path;

use common::cache_specs::{run_cached, yolo_folder, YOLO_SPEC};
use common::{albench, text, tree, write, TINY};

/// The cache files (not temp files) in `dir`.
fn cache_files(dir: &Path) -> Vec<String> {
    tree(dir)
        .into_iter()
        .filter(|f| f.ends_with(".albc"))
        .collect()
}

fn selections(out: &Path) -> Vec<Vec<u8>> {
    tree(&out.join("selections"))
        .iter()
        .map(|f| std::fs::read(out.join("selections").join(f)).unwrap())
        .collect()
}

#[test]
fn built_once_reused_and_rebuilt_when_truncated() {
    let d = tempfile::tempdir().unwrap();
    let spec = write(d.path(), "tiny.toml", TINY);
    let cache = d.path().join("c");
    let run = |out: &str| run_cached(d.path(), &spec, out, &cache);
    let o = run("a");
    assert!(o.status.success(), "{}", text(&o));
    let files = cache_files(&cache);
    assert_eq!(files.len(), 2, "train and test: {files:?}");
    assert_eq!(
        tree(&cache).len(),
        2,
        "no temp file left: {:?}",
        tree(&cache)
    );
    let stamp = || {
        std::fs::metadata(cache.join(&files[0]))
            .unwrap()
            .modified()
            .unwrap()
    };
    let first = stamp();
    // a second results directory on the same cache: nothing rebuilt, same selections
    let o = run("b");
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("rebuilding"), "{}", text(&o));
    assert_eq!(stamp(), first, "reused, not rewritten");
    assert_eq!(
        selections(&d.path().join("a")),
        selections(&d.path().join("b"))
    );
    // truncated: rebuilt with a line saying why, same results
    let f = cache.join(&files[0]);
    let bytes = std::fs::read(&f).unwrap();
    std::fs::write(&f, &bytes[..bytes.len() - 7]).unwrap();
    let o = run("c");
    assert!(o.status.success(), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("truncated") && t.contains("rebuilding"), "{t}");
    assert_eq!(std::fs::read(&f).unwrap(), bytes);
    assert_eq!(
        selections(&d.path().join("a")),
        selections(&d.path().join("c"))
    );
}

#[test]
fn jobs_share_one_cache_and_give_the_same_results() {
    let d = tempfile::tempdir().unwrap();
    let spec = write(d.path(), "tiny.toml", TINY);
    for (out, jobs) in [("one", "1"), ("two", "2")] {
        let o = albench(
            d.path(),
            &[
                "run",
                spec.to_str().unwrap(),
                "--out",
                out,
                "--jobs",
                jobs,
                "--quiet",
                "--no-report",
            ],
        );
        assert!(o.status.success(), "{}", text(&o));
        // the default cache directory: <out>/cache, one file per source split
        assert_eq!(cache_files(&d.path().join(out).join("cache")).len(), 2);
    }
    assert_eq!(
        selections(&d.path().join("one")),
        selections(&d.path().join("two"))
    );
}

/// A cache path under a file, and a cache path that is a file: exit code 1, exactly one line
/// on stderr naming the path and what to do, no results written.
#[test]
fn an_unusable_cache_directory_stops_the_run_with_exit_1() {
    let d = tempfile::tempdir().unwrap();
    let spec = write(d.path(), "tiny.toml", TINY);
    std::fs::write(d.path().join("blocker"), "a file").unwrap();
    for (cache, why) in [
        ("blocker/cache", "cannot create it"),
        ("blocker", "it is a file, not a directory"),
    ] {
        let o = std::process::Command::new(common::bin())
            .args([
                "run",
                spec.to_str().unwrap(),
                "--out",
                "r",
                "--quiet",
                "--no-report",
            ])
            .env("ALBENCH_CACHE", cache)
            .current_dir(d.path())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "{err}");
        assert!(
            lines[0].contains(&format!("data cache {cache}: {why}"))
                && lines[0].contains("--cache DIR"),
            "{err}"
        );
        assert!(tree(&d.path().join("r")).is_empty(), "nothing written");
        assert_eq!(std::fs::read(d.path().join("blocker")).unwrap(), b"a file");
    }
}

/// A way a cache file goes bad, applied to a good file's bytes, with what the line that
/// announces its rebuild says.
type Damage = (Box<dyn Fn(&mut Vec<u8>)>, &'static str);

/// A truncated file (cut in the middle of its rows), a foreign file (another magic), a file
/// whose header's build-key hash was changed and a file of another build key put in its place
/// are each rebuilt, announced by one line naming the file and why, never read as data: the
/// rebuilt file has the first build's bytes and the run the first run's selections.
#[test]
fn truncated_foreign_and_damaged_files_are_rebuilt_with_a_line_saying_why() {
    let d = tempfile::tempdir().unwrap();
    let spec = write(d.path(), "tiny.toml", TINY);
    let cache = d.path().join("c");
    let o = run_cached(d.path(), &spec, "a", &cache);
    assert!(o.status.success(), "{}", text(&o));
    let files = cache_files(&cache);
    let train = cache.join(files.iter().find(|f| f.contains("-train-")).unwrap());
    let test = cache.join(files.iter().find(|f| f.contains("-test-")).unwrap());
    let good = std::fs::read(&train).unwrap();
    let other = std::fs::read(&test).unwrap();
    let foreign = other.clone();
    let damages: [Damage; 4] = [
        // cut in the middle of its rows (28×28 bytes each)
        (
            Box::new(|b| b.truncate(4096 + 1000)),
            "truncated or inconsistent",
        ),
        (
            Box::new(|b| b[..8].copy_from_slice(b"NOTMINE!")),
            "not an albench data-cache file",
        ),
        // one byte of the header's build-key hash (bytes 56..64)
        (
            Box::new(|b| b[60] ^= 0x5a),
            "damaged header: its build-key hash",
        ),
        // the test file's bytes in the train file's place: another build key
        (Box::new(move |b| *b = foreign.clone()), "built from \""),
    ];
    for (k, (hurt, why)) in damages.into_iter().enumerate() {
        let mut b = good.clone();
        hurt(&mut b);
        std::fs::write(&train, &b).unwrap();
        let out = format!("b{k}");
        let o = run_cached(d.path(), &spec, &out, &cache);
        assert!(o.status.success(), "{}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        // the run's progress goes to stderr too: one line about the cache
        let lines: Vec<&str> = err.lines().filter(|l| l.contains("data cache")).collect();
        assert_eq!(lines.len(), 1, "{why}: {err}");
        assert!(
            lines[0].starts_with(&format!("data cache {}: {why}", train.display()))
                && lines[0].ends_with("; rebuilding it"),
            "{why}: {err}"
        );
        assert_eq!(std::fs::read(&train).unwrap(), good, "{why}: rebuilt");
        assert_eq!(std::fs::read(&test).unwrap(), other);
        assert_eq!(
            selections(&d.path().join("a")),
            selections(&d.path().join(&out)),
            "{why}"
        );
    }
}

/// A detection dataset of image files is decoded once into the cache (its boxes with it) and
/// read from there by a second results directory: no file rewritten, the same selections.
#[test]
fn a_yolo_folder_is_decoded_once_and_reused() {
    let d = tempfile::tempdir().unwrap();
    yolo_folder(&d.path().join("yolo"), 16);
    let spec = write(d.path(), "y.toml", YOLO_SPEC);
    let cache = d.path().join("c");
    let run = |out: &str| {
        let o = run_cached(d.path(), &spec, out, &cache);
        assert!(o.status.success(), "{}", text(&o));
        text(&o)
    };
    run("a");
    let files = cache_files(&cache);
    assert_eq!(files.len(), 2, "{files:?}");
    let stamps = || -> Vec<_> {
        files
            .iter()
            .map(|f| {
                std::fs::metadata(cache.join(f))
                    .unwrap()
                    .modified()
                    .unwrap()
            })
            .collect()
    };
    let first = stamps();
    let t = run("b");
    assert!(!t.contains("rebuilding"), "{t}");
    assert_eq!(stamps(), first, "read, not rewritten");
    assert_eq!(
        selections(&d.path().join("a")),
        selections(&d.path().join("b"))
    );
}
