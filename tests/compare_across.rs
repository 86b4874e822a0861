//! `albench compare DIR DIR … --metric M`: methods ranked across experiments (AUBC, ranks,
//! their macro mean, Ash et al.'s penalty matrix) in every format.

mod common;

use common::*;

fn spec(name: &str, seed: u64) -> String {
    format!(
        r#"
name = "{name}"
seed = {seed}
repeats = 2
[data]
pool = 160
validation = 40
test = 60
[model]
arch = "cnn"
width = 4
[train]
max_epochs = 1
batch_size = 16
[loop]
base = 20
budget = 20
rounds = 2
[sweep]
"query.sampler" = ["random", "badge", "typiclust"]
"#
    )
}

#[test]
fn ranks_across_two_experiments_in_every_format() {
    let d = tempfile::tempdir().unwrap();
    for (name, seed) in [("exp_a", 3), ("exp_b", 4)] {
        let p = write(d.path(), &format!("{name}.toml"), &spec(name, seed));
        let o = albench(d.path(), &["run", p.to_str().unwrap(), "--quiet"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
    let args = |fmt: &'static str| {
        vec![
            "compare",
            "results/exp_a",
            "results/exp_b",
            "--metric",
            "test_accuracy",
            "--format",
            fmt,
        ]
    };
    let o = albench(d.path(), &args("json"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["experiments"], serde_json::json!(["exp_a", "exp_b"]));
    let methods = v["methods"].as_array().unwrap().len();
    assert_eq!(methods, 3);
    for m in 0..methods {
        // The macro rank is the mean of the two experiments' ranks; a rank is 1 + the
        // number of strictly better AUBCs + half the ties.
        let r: Vec<f64> = (0..2).map(|e| v["ranks"][e][m].as_f64().unwrap()).collect();
        let mean = v["macro_rank"][m].as_f64().unwrap();
        assert!((mean - (r[0] + r[1]) / 2.0).abs() < 1e-12);
        for (e, &rank) in r.iter().enumerate() {
            let a = |k: usize| v["aubc"][e][k].as_f64().unwrap();
            let better = (0..methods).filter(|&k| a(k) > a(m)).count() as f64;
            let ties = (0..methods).filter(|&k| k != m && a(k) == a(m)).count() as f64;
            assert_eq!(rank, 1.0 + better + ties / 2.0);
        }
    }
    assert_eq!(v["penalty"].as_array().unwrap().len(), 3);
    for (fmt, must) in [
        ("md", "Pairwise penalty matrix"),
        ("csv", "table,experiment,method,against,value"),
        ("latex", "\\toprule"),
        ("html", "background:rgb("),
    ] {
        let o = albench(d.path(), &args(fmt));
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        assert!(text(&o).contains(must), "{fmt}: {}", text(&o));
    }
    let o = albench(
        d.path(),
        &[
            "compare",
            "results/exp_a",
            "--metric",
            "test_accuracy",
            "--format",
            "latex",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    tables_ranks_every_metric(d.path(), &v);
    exported_results_compare_the_same(d.path(), &o_json(d.path(), &args("json")));
}

/// The files of an export without A/B tables.
const COMPACT_FILES: [&str; 4] = [
    "spec.toml",
    "compact.json",
    "rounds.csv",
    "selections.csv.gz",
];

fn o_json(dir: &std::path::Path, args: &[&str]) -> Vec<u8> {
    let o = albench(dir, args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    o.stdout
}

/// `albench export` writes text files that `compare`, `tables` and `report` read as the
/// results directory itself: the same ranking, byte for byte, and the same AUC table.
fn exported_results_compare_the_same(dir: &std::path::Path, compared: &[u8]) {
    for name in ["exp_a", "exp_b"] {
        let out = format!("committed/{name}");
        let o = albench(dir, &["export", &format!("results/{name}"), "--out", &out]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        for f in COMPACT_FILES {
            assert!(text(&o).contains(f), "{f} not listed: {}", text(&o));
            assert!(dir.join(&out).join(f).is_file(), "{f}");
        }
    }
    let from_compact = o_json(
        dir,
        &[
            "compare",
            "committed/exp_a",
            "committed/exp_b",
            "--metric",
            "test_accuracy",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&from_compact),
        String::from_utf8_lossy(compared)
    );
    let tables = |a: &'static str, b: &'static str| {
        o_json(
            dir,
            &["tables", a, b, "--metric", "test_loss", "--format", "csv"],
        )
    };
    assert_eq!(
        tables("results/exp_a", "results/exp_b"),
        tables("committed/exp_a", "committed/exp_b")
    );
    for (src, out) in [
        ("results/exp_a", "rep_results"),
        ("committed/exp_a", "rep_compact"),
    ] {
        let o = albench(dir, &["report", src, "--out", out]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
    let auc = |d: &str| std::fs::read(dir.join(d).join("auc_test_accuracy.csv")).unwrap();
    assert_eq!(auc("rep_results"), auc("rep_compact"));
    // A compact export of the compact export is the same files.
    let o = albench(dir, &["export", "committed/exp_a", "--out", "again"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    for f in COMPACT_FILES {
        let read = |d: &str| std::fs::read(dir.join(d).join(f)).unwrap();
        assert_eq!(read("committed/exp_a"), read("again"), "{f}");
    }
    let o = albench(dir, &["export", "nowhere", "--out", "x"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

/// `albench tables DIR DIR …`: one ranking per metric, the same numbers as `compare`, CSV
/// with a `metric` column; other layouts refused.
fn tables_ranks_every_metric(dir: &std::path::Path, compared: &serde_json::Value) {
    let tables = |extra: &[&'static str]| {
        let mut args = vec![
            "tables",
            "results/exp_a",
            "results/exp_b",
            "--metric",
            "test_accuracy",
            "--metric",
            "test_loss",
        ];
        args.extend_from_slice(extra);
        albench(dir, &args)
    };
    let o = tables(&["--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let csv = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        csv.starts_with("metric,table,experiment,method,against,value\n"),
        "{csv}"
    );
    assert_eq!(csv.matches("metric,table").count(), 1);
    for (m, label) in compared["methods"].as_array().unwrap().iter().enumerate() {
        let want = compared["macro_rank"][m].as_f64().unwrap();
        let line = format!(
            "test_accuracy,mean_rank,,{},,{want}\n",
            label.as_str().unwrap()
        );
        assert!(csv.contains(&line), "{line} missing in {csv}");
        assert!(csv.contains(&format!(
            "test_loss,mean_rank,,{},",
            label.as_str().unwrap()
        )));
    }
    let o = tables(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    for metric in ["test_accuracy", "test_loss"] {
        let title = format!("Metric {metric} (");
        assert!(text(&o).contains(&title), "{}", text(&o));
    }
    let o = tables(&["--format", "latex"]);
    assert!(text(&o).matches("\\toprule").count() >= 2, "{}", text(&o));
    let o = tables(&["--layout", "rounds"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}
