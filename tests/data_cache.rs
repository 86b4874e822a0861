//! The data cache through the CLI: built once and reused, rebuilt when damaged, shared by
//! `--jobs`, and a directory that cannot be used stops the run with exit code 1.

mod common;

use std::path::Path;

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
    let run = |out: &str| {
        albench(
            d.path(),
            &[
                "run",
                spec.to_str().unwrap(),
                "--out",
                out,
                "--cache",
                cache.to_str().unwrap(),
                "--quiet",
                "--no-report",
            ],
        )
    };
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

#[test]
fn an_unusable_cache_directory_stops_the_run_with_exit_1() {
    let d = tempfile::tempdir().unwrap();
    let spec = write(d.path(), "tiny.toml", TINY);
    std::fs::write(d.path().join("blocker"), "a file").unwrap();
    let o = std::process::Command::new(common::bin())
        .args([
            "run",
            spec.to_str().unwrap(),
            "--out",
            "r",
            "--quiet",
            "--no-report",
        ])
        .env("ALBENCH_CACHE", "blocker/cache")
        .current_dir(d.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].contains("blocker/cache") && lines[0].contains("--cache DIR"),
        "{err}"
    );
    assert!(!d.path().join("r").join("runs").exists(), "nothing written");
}

/// A YOLO folder of `n` 40×40 PNGs of varied content, one box each.
fn yolo_folder(root: &Path, n: u32) {
    std::fs::create_dir_all(root.join("images")).unwrap();
    std::fs::create_dir_all(root.join("labels")).unwrap();
    std::fs::write(root.join("classes.txt"), "car\nperson\n").unwrap();
    for i in 0..n {
        image::RgbImage::from_fn(40, 40, |x, y| {
            image::Rgb([(x * 6 + i * 13) as u8, (y * 5 + i) as u8, (x * y) as u8])
        })
        .save(root.join(format!("images/{i:02}.png")))
        .unwrap();
        std::fs::write(
            root.join(format!("labels/{i:02}.txt")),
            format!("{} 0.5 0.5 0.4 0.3\n", i % 2),
        )
        .unwrap();
    }
}

/// A detection dataset of image files is decoded once into the cache (its boxes with it) and
/// read from there by a second results directory: no file rewritten, the same selections.
#[test]
fn a_yolo_folder_is_decoded_once_and_reused() {
    let d = tempfile::tempdir().unwrap();
    yolo_folder(&d.path().join("yolo"), 16);
    let spec = write(
        d.path(),
        "y.toml",
        "name = \"y\"\nseed = 3\n[data]\ndataset = \"yolo\"\npath = \"yolo\"\nimage_size = 32\n\
         pool = 8\nvalidation = 2\ntest = 4\n[model]\narch = \"detector\"\nwidth = 4\n\
         [train]\nmax_epochs = 1\nbatch_size = 4\n[loop]\nbase = 2\nbudget = 2\nrounds = 1\n",
    );
    let cache = d.path().join("c");
    let run = |out: &str| {
        let o = albench(
            d.path(),
            &[
                "run",
                spec.to_str().unwrap(),
                "--out",
                out,
                "--cache",
                cache.to_str().unwrap(),
                "--quiet",
                "--no-report",
            ],
        );
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
