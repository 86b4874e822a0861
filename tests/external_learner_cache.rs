//! The external learner's split files come from the data cache (docs/external-learner.md,
//! "Split files"): written once per cache key into `<cache>/npy/`, shared by every run of a
//! sweep (here two configurations on two `--jobs` workers) and by a later sweep on the same
//! cache, byte for byte the files a run writes into its own directory when the cache cannot
//! take them, with the same results.
//!
//! A spy learner (written by the test) hashes the files `init` names, logs paths and hashes
//! on stderr (the run's `stderr.log`), then hands the session to the NumPy example learner.
//! Needs python3 with NumPy: without it the test says that it skipped (fails under CI).

mod common;
#[path = "common/external.rs"]
mod external;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use common::*;

/// Logs `SPLITS {"pool_x": [path, sha256], ...}` on stderr, then runs numpy_softmax.py on
/// the same requests (init included).
const SPY: &str = r#"
import hashlib, itertools, json, runpy, sys
line = sys.stdin.readline()
req = json.loads(line)
seen = {}
for split, files in req["splits"].items():
    for k, p in files.items():
        with open(p, "rb") as f:
            seen[split + "_" + k] = [p, hashlib.sha256(f.read()).hexdigest()]
print("SPLITS " + json.dumps(seen, sort_keys=True), file=sys.stderr, flush=True)
sys.stdin = itertools.chain([line], sys.stdin)
sys.argv = ["numpy_softmax.py"] + sys.argv[1:]
runpy.run_path("numpy_softmax.py", run_name="__main__")
"#;

/// (path, sha256) of each split file, by `<split>_<x|y>`.
type Seen = BTreeMap<String, (String, String)>;

/// The files each run's learner was handed, by run id, from the runs' `stderr.log`.
fn seen(results: &Path) -> BTreeMap<String, Seen> {
    let ext = results.join("external");
    let mut out = BTreeMap::new();
    for f in tree(&ext).iter().filter(|f| f.ends_with("stderr.log")) {
        let log = std::fs::read_to_string(ext.join(f)).unwrap();
        let line = log.lines().find_map(|l| l.strip_prefix("SPLITS "));
        let map: BTreeMap<String, (String, String)> =
            serde_json::from_str(line.unwrap_or_else(|| panic!("no SPLITS line in {f}: {log}")))
                .unwrap();
        out.insert(f.trim_end_matches("/stderr.log").to_string(), map);
    }
    out
}

/// (inode, modification time) of every file under `dir`.
fn stamps(dir: &Path) -> Vec<(String, u64, i64, i64)> {
    tree(dir)
        .into_iter()
        .map(|f| {
            let m = std::fs::metadata(dir.join(&f)).unwrap();
            (f, m.ino(), m.mtime(), m.mtime_nsec())
        })
        .collect()
}

/// Every run's content (timings dropped) under `results`, by file name.
fn results_of(results: &Path) -> Vec<(String, String)> {
    let runs = results.join("runs");
    tree(&runs)
        .into_iter()
        .map(|r| (r.clone(), format!("{:?}", run_content(&runs.join(&r)))))
        .collect()
}

fn run_ok(dir: &Path, args: &[&str]) {
    let o = albench(dir, args);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(t.contains("done: 2 completed, 0 failed"), "{t}");
}

#[test]
fn runs_share_the_split_files_of_the_data_cache_written_once() {
    let test = "runs_share_the_split_files_of_the_data_cache_written_once";
    let Some(py) = external::python(test, "import numpy", "python3 with NumPy") else {
        return;
    };
    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    let exp = root.join("exp");
    std::fs::create_dir(&exp).unwrap();
    let learner = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/learners/numpy_softmax.py"
    );
    std::fs::copy(learner, exp.join("numpy_softmax.py")).unwrap();
    write(&exp, "spy.py", SPY);
    let cmd = format!(r#"["{py}", "spy.py", "--epochs", "30"]"#);
    let sweep = "[sweep]\n\"query.scorer\" = [\"entropy\", \"margin\"]\n";
    write(&exp, "s.toml", &external::external_spec(&cmd, 2, sweep));
    let base = ["run", "exp/s.toml", "--quiet", "--no-report", "--jobs", "2"];
    let with = |out: &str, cache: &str| -> Vec<String> {
        let mut v: Vec<String> = base.iter().map(|s| s.to_string()).collect();
        v.extend(["--out", out, "--cache", cache].map(String::from));
        v
    };
    let run =
        |args: Vec<String>| run_ok(root, &args.iter().map(|s| s.as_str()).collect::<Vec<_>>());

    // two configurations on two workers: one set of files under the cache, both runs on it
    run(with("r1", "cache"));
    let first = seen(&root.join("r1"));
    assert_eq!(first.len(), 2, "{first:?}");
    let files: Vec<&Seen> = first.values().collect();
    assert_eq!(
        files[0], files[1],
        "the two runs were handed different files"
    );
    let npy = std::fs::canonicalize(root.join("cache/npy")).unwrap();
    for (k, (p, _)) in files[0] {
        assert!(
            Path::new(p).starts_with(&npy),
            "{k}: {p} is not under {npy:?}"
        );
        assert!(p.ends_with(&format!("/{k}.npy")), "{k}: {p}");
    }
    // pool, validation, test: three keys, two files each, no temp file
    let written = stamps(&npy);
    assert_eq!(written.len(), 6, "{written:?}");
    assert!(
        written.iter().all(|(f, ..)| !f.contains("/.")),
        "{written:?}"
    );

    // a second sweep on the same cache finds the files: nothing rewritten, same results
    run(with("r2", "cache"));
    assert_eq!(stamps(&npy), written, "a shared split file was rewritten");
    let second = seen(&root.join("r2"));
    assert_eq!(second.values().next().unwrap(), files[0]);
    assert_eq!(results_of(&root.join("r2")), results_of(&root.join("r1")));

    // a cache that cannot take them (`npy` is a file): each run writes its own copies, which
    // are the same bytes, and the results are the same
    std::fs::create_dir_all(root.join("blocked")).unwrap();
    std::fs::write(root.join("blocked/npy"), b"in the way").unwrap();
    run(with("r3", "blocked"));
    let own = seen(&root.join("r3"));
    for (run_id, s) in &own {
        for (k, (p, sha)) in s {
            let run_dir = PathBuf::from(p);
            assert!(run_dir.ends_with(format!("{run_id}/splits/{k}.npy")), "{p}");
            assert_eq!(sha, &files[0][k].1, "{k}: the run's own copy differs");
        }
    }
    assert_eq!(results_of(&root.join("r3")), results_of(&root.join("r1")));
    // the run's own copies are removed after the run, the shared ones stay
    assert!(tree(&root.join("r3/external"))
        .iter()
        .all(|f| !f.contains("splits/")));
    assert_eq!(stamps(&npy), written);
}
