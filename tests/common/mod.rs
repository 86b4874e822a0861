//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod cache_specs;
pub mod model_specs;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use polars::prelude::*;

/// The albench binary built by cargo for these tests.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_albench"))
}

/// Run albench with `args` in `cwd`.
pub fn albench(cwd: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("albench runs")
}

/// A tiny, fast experiment on `shapes` (2 scorers × 2 repeats, 3 rounds, 2 epochs).
pub const TINY: &str = r#"
name = "tiny"
seed = 11
repeats = 2
[data]
pool = 160
validation = 40
test = 60
[model]
arch = "cnn"
width = 4
[train]
max_epochs = 2
batch_size = 16
[loop]
base = 20
budget = 20
rounds = 2
[sweep]
"query.scorer" = ["random", "margin"]
"#;

/// Write `text` as `name` in `dir` and return its path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write spec");
    p
}

/// Stdout + stderr as text.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Every file under `dir`, relative, sorted.
pub fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(base: &Path, d: &Path, out: &mut Vec<String>) {
        if let Ok(rd) = std::fs::read_dir(d) {
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(base, &p, out);
                } else {
                    out.push(p.strip_prefix(base).unwrap().to_string_lossy().into_owned());
                }
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// A Parquet file as a DataFrame.
pub fn read_parquet(p: &Path) -> DataFrame {
    ParquetReader::new(std::fs::File::open(p).unwrap())
        .finish()
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A run file without its wall-clock columns (everything else must be deterministic).
pub fn run_content(p: &Path) -> DataFrame {
    read_parquet(p).drop_many(["time_train_s", "time_score_s", "time_select_s"])
}

/// The visible (non-hidden) files of `dir`, sorted.
pub fn visible(dir: &Path) -> Vec<String> {
    tree(dir)
        .into_iter()
        .filter(|f| !f.starts_with('.'))
        .collect()
}

/// Results directories `a` and `b` hold the same runs: the same run files with equal contents
/// except wall-clock times, and byte-identical selection files.
pub fn same_results(a: &Path, b: &Path) {
    let ra = visible(&a.join("runs"));
    assert_eq!(ra, visible(&b.join("runs")));
    assert!(!ra.is_empty());
    for f in ra {
        assert!(
            run_content(&a.join("runs").join(&f))
                .equals_missing(&run_content(&b.join("runs").join(&f))),
            "runs/{f} differs"
        );
        let (sa, sb) = (a.join("selections").join(&f), b.join("selections").join(&f));
        assert_eq!(
            std::fs::read(&sa).unwrap(),
            std::fs::read(&sb).unwrap(),
            "selections/{f} differs"
        );
    }
}

/// The pool of the spec at `path` as its runs draw it (first configuration, repeat 0): the
/// images a selection file's `sample` column indexes, with their metadata and objects.
pub fn pool_of(path: &Path) -> albench::data::ImageSet {
    let text = std::fs::read_to_string(path).unwrap();
    let exp = albench::spec::parse(path, &text, None).unwrap();
    let data = &exp.configs[0].config.data;
    let source = albench::data::load_source(data, exp.spec.seed).unwrap();
    albench::data::build_splits(data, &source, exp.spec.seed, 0)
        .unwrap()
        .pool
}

/// The `sample` column of a selection table, per round `0..n_rounds`, in selection order.
pub fn picks_per_round(sel: &DataFrame, n_rounds: u32) -> Vec<Vec<u32>> {
    let round = sel.column("round").unwrap().u32().unwrap().clone();
    let sample = sel.column("sample").unwrap().u32().unwrap().clone();
    (0..n_rounds)
        .map(|r| {
            (0..sel.height())
                .filter(|&i| round.get(i) == Some(r))
                .map(|i| sample.get(i).unwrap())
                .collect()
        })
        .collect()
}

/// The report's files equal the reference report's, but for wall-clock content: the
/// "Environment:" line, the Compute section and analysis.json's `compute`.
pub fn same_report(a: &Path, b: &Path) {
    let files = tree(a);
    assert_eq!(files, tree(b), "the report's files");
    let drop_clock = |s: String| -> String {
        let mut in_compute = false;
        s.lines()
            .filter(|l| {
                if l.starts_with("## ") || l.starts_with("<h2>") {
                    in_compute = l.contains("Compute");
                }
                !in_compute && !l.contains("Environment: albench")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    for f in files {
        let (x, y) = (
            std::fs::read(a.join(&f)).unwrap(),
            std::fs::read(b.join(&f)).unwrap(),
        );
        if f == "report.md" || f == "report.html" {
            let (x, y) = (String::from_utf8(x).unwrap(), String::from_utf8(y).unwrap());
            assert_eq!(drop_clock(x), drop_clock(y), "{f}");
        } else if f == "analysis.json" {
            let json = |b: &[u8]| {
                let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
                v.as_object_mut().unwrap().remove("compute");
                v
            };
            assert_eq!(
                json(&x),
                json(&y),
                "analysis.json (but its compute timings)"
            );
        } else {
            assert!(x == y, "report file {f} differs");
        }
    }
}
