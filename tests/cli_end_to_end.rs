//! `albench run` end to end on tiny specs: files, Parquet schema, resume, interruption,
//! determinism across --jobs, refused spec changes, diverging runs, real Fashion-MNIST.

mod common;

use std::path::Path;

use common::*;
use polars::prelude::*;

fn run_ok(dir: &Path, spec: &Path, extra: &[&str]) -> String {
    let mut args = vec!["run", spec.to_str().unwrap(), "--quiet"];
    args.extend_from_slice(extra);
    let o = albench(dir, &args);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    t
}

#[test]
fn dry_run_prints_the_run_table_and_trains_nothing() {
    let d = tempfile::tempdir().unwrap();
    let spec = write(d.path(), "tiny.toml", TINY);
    let out = run_ok(d.path(), &spec, &["--dry-run"]);
    assert!(
        out.contains("config_id") && out.contains("query.scorer"),
        "{out}"
    );
    assert!(
        out.contains("2 configurations × 2 repeats = 4 training runs"),
        "{out}"
    );
    assert_eq!(out.lines().filter(|l| l.contains("todo")).count(), 4);
    assert!(!d.path().join("results").exists());
}

#[test]
fn run_writes_the_documented_layout_and_schema() {
    let d = tempfile::tempdir().unwrap();
    let spec = write(d.path(), "tiny.toml", TINY);
    run_ok(d.path(), &spec, &[]);
    let res = d.path().join("results/tiny");
    let files = tree(&res);
    assert!(
        files.contains(&"spec.toml".to_string()) && files.contains(&"manifest.json".to_string()),
        "{files:?}"
    );
    assert_eq!(files.iter().filter(|f| f.starts_with("runs/")).count(), 4);
    assert_eq!(
        files
            .iter()
            .filter(|f| f.starts_with("selections/"))
            .count(),
        4
    );
    assert!(d.path().join("reports/tiny/report.md").is_file());

    let run = files.iter().find(|f| f.starts_with("runs/")).unwrap();
    let df = read_parquet(&res.join(run));
    let want: &[(&str, DataType)] = &[
        ("experiment", DataType::String),
        ("config_id", DataType::String),
        ("label", DataType::String),
        ("repeat", DataType::UInt32),
        ("seed", DataType::UInt64),
        ("round", DataType::UInt32),
        ("n_labeled", DataType::UInt64),
        ("n_unique", DataType::UInt64),
        ("n_selected", DataType::UInt64),
        ("n_boxes", DataType::UInt64),
        ("epochs", DataType::UInt64),
        ("train_loss", DataType::Float64),
        ("val_loss", DataType::Float64),
        ("val_accuracy", DataType::Float64),
        ("test_loss", DataType::Float64),
        ("test_accuracy", DataType::Float64),
        ("test_top5_accuracy", DataType::Float64),
        ("test_map", DataType::Float64),
        ("test_map50", DataType::Float64),
        ("test_wmap", DataType::Float64),
        ("time_train_s", DataType::Float64),
        ("time_score_s", DataType::Float64),
        ("time_select_s", DataType::Float64),
        ("status", DataType::String),
        ("spec_hash", DataType::String),
        ("machine", DataType::String),
        ("query.scorer", DataType::String),
    ];
    let got: Vec<(String, DataType)> = df
        .schema()
        .iter()
        .map(|(n, t)| (n.to_string(), t.clone()))
        .collect();
    let want: Vec<(String, DataType)> = want
        .iter()
        .map(|(n, t)| (n.to_string(), t.clone()))
        .collect();
    assert_eq!(got, want);
    assert_eq!(df.height(), 3);
    let rounds: Vec<u32> = df
        .column("round")
        .unwrap()
        .u32()
        .unwrap()
        .into_no_null_iter()
        .collect();
    assert_eq!(rounds, vec![0, 1, 2]);
    let nl: Vec<u64> = df
        .column("n_labeled")
        .unwrap()
        .u64()
        .unwrap()
        .into_no_null_iter()
        .collect();
    assert_eq!(nl, vec![20, 40, 60]);
    let status = df.column("status").unwrap().str().unwrap().clone();
    assert!((0..df.height()).all(|i| status.get(i) == Some("ok")));
    assert_eq!(df.column("test_map").unwrap().null_count(), 3);

    let sel = read_parquet(&res.join(run.replace("runs/", "selections/")));
    let names: Vec<String> = sel
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        names,
        [
            "config_id",
            "repeat",
            "round",
            "sample",
            "score",
            "rank",
            "label",
            "mislabeled",
            "n_boxes"
        ]
    );
    assert_eq!(sel.height(), 60);
    let mut samples: Vec<u32> = sel
        .column("sample")
        .unwrap()
        .u32()
        .unwrap()
        .into_no_null_iter()
        .collect();
    samples.sort();
    samples.dedup();
    assert_eq!(
        samples.len(),
        60,
        "pool = \"unlabeled\" never picks a sample twice"
    );

    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(res.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["backend"], "flex");
    // the commit albench was built from (build.rs): a short hash, maybe -dirty, or unknown
    let commit = m["albench_commit"].as_str().unwrap();
    let hash = commit.strip_suffix("-dirty").unwrap_or(commit);
    assert!(
        commit == "unknown" || (hash.len() == 7 && hash.chars().all(|c| c.is_ascii_hexdigit())),
        "{commit}"
    );
    assert_eq!(m["runs"].as_object().unwrap().len(), 4);
    assert!(m["runs"]
        .as_object()
        .unwrap()
        .values()
        .all(|r| r["status"] == "ok"));
}

#[test]
fn resume_skips_done_runs_and_recomputes_interrupted_ones() {
    let d = tempfile::tempdir().unwrap();
    let spec = write(d.path(), "tiny.toml", TINY);
    run_ok(d.path(), &spec, &["--out", "full", "--no-report"]);
    // Second run: nothing to do, files untouched.
    let before = std::fs::read(
        d.path()
            .join("full/runs")
            .join(&tree(&d.path().join("full/runs"))[0]),
    )
    .unwrap();
    let out = run_ok(d.path(), &spec, &["--out", "full", "--no-report"]);
    assert!(out.contains("4 already complete, 0 to do"), "{out}");
    let after = std::fs::read(
        d.path()
            .join("full/runs")
            .join(&tree(&d.path().join("full/runs"))[0]),
    )
    .unwrap();
    assert_eq!(before, after);

    // Simulate a crash: a copy missing one run (its selection written, its round table not)
    // plus a writer's leftover temp file.
    let copy = d.path().join("crashed");
    std::fs::create_dir_all(copy.join("runs")).unwrap();
    std::fs::create_dir_all(copy.join("selections")).unwrap();
    for f in tree(&d.path().join("full")) {
        // (the data cache lives in a sub-directory of the results directory)
        std::fs::create_dir_all(copy.join(&f).parent().unwrap()).unwrap();
        std::fs::copy(d.path().join("full").join(&f), copy.join(&f)).unwrap();
    }
    let victim = tree(&copy.join("runs"))[1].clone();
    std::fs::remove_file(copy.join("runs").join(&victim)).unwrap();
    std::fs::write(
        copy.join("runs").join(format!(".{victim}.999999999.1.tmp")),
        b"partial",
    )
    .unwrap();
    let out = run_ok(d.path(), &spec, &["--out", "crashed", "--no-report"]);
    assert!(out.contains("3 already complete, 1 to do"), "{out}");
    assert!(
        !tree(&copy).iter().any(|f| f.ends_with(".tmp")),
        "temp files cleaned: {:?}",
        tree(&copy)
    );
    same_results(&d.path().join("full"), &copy);
}

#[test]
fn same_results_whatever_jobs_is() {
    let d = tempfile::tempdir().unwrap();
    let spec = write(d.path(), "tiny.toml", TINY);
    run_ok(
        d.path(),
        &spec,
        &["--out", "j1", "--jobs", "1", "--no-report"],
    );
    run_ok(
        d.path(),
        &spec,
        &["--out", "j2", "--jobs", "2", "--no-report"],
    );
    same_results(&d.path().join("j1"), &d.path().join("j2"));
}

#[test]
fn shards_partition_the_runs() {
    let d = tempfile::tempdir().unwrap();
    let spec = write(d.path(), "tiny.toml", TINY);
    run_ok(
        d.path(),
        &spec,
        &["--out", "sh", "--shard", "0/2", "--no-report"],
    );
    assert_eq!(tree(&d.path().join("sh/runs")).len(), 2);
    run_ok(
        d.path(),
        &spec,
        &["--out", "sh", "--shard", "1/2", "--no-report"],
    );
    run_ok(d.path(), &spec, &["--out", "all", "--no-report"]);
    same_results(&d.path().join("all"), &d.path().join("sh"));
}

#[test]
fn changed_spec_is_refused_unless_forced() {
    let d = tempfile::tempdir().unwrap();
    let spec = write(d.path(), "tiny.toml", TINY);
    run_ok(d.path(), &spec, &["--no-report"]);
    write(
        d.path(),
        "tiny.toml",
        &TINY.replace("pool = 160", "pool = 150"),
    );
    let o = albench(d.path(), &["run", spec.to_str().unwrap(), "--quiet"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        t.contains("data.pool: 160 → 150") && t.contains("--force"),
        "{t}"
    );
    let out = run_ok(d.path(), &spec, &["--force", "--no-report"]);
    assert!(out.contains("0 already complete, 4 to do"), "{out}");
    let ended = || -> String {
        let m = std::fs::read_to_string(d.path().join("results/tiny/manifest.json")).unwrap();
        let v: serde_json::Value = serde_json::from_str(&m).unwrap();
        v["ended"].as_str().unwrap().to_string()
    };
    let made = ended();
    assert!(!made.is_empty());
    // a new description is prose, not a change of experiment: the runs are kept, spec.toml
    // takes the new text, and the report reads the old runs as this spec's
    let described = TINY.replace("pool = 160", "pool = 150").replacen(
        "name = \"tiny\"\n",
        "name = \"tiny\"\ndescription = \"now described\"\n",
        1,
    );
    write(d.path(), "tiny.toml", &described);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let out = run_ok(d.path(), &spec, &[]);
    assert!(out.contains("4 already complete, 0 to do"), "{out}");
    assert_eq!(
        ended(),
        made,
        "a resume with nothing to do keeps the runs' time range"
    );
    let stored = std::fs::read_to_string(d.path().join("results/tiny/spec.toml")).unwrap();
    assert!(stored.contains("now described"), "{stored}");
    let md = std::fs::read_to_string(d.path().join("reports/tiny/report.md")).unwrap();
    assert!(
        md.contains("Runs per method:") && !md.contains("different specs"),
        "{md}"
    );
    // more repeats extend the experiment: only the new repeats run, and the report reads
    // the old and the new runs as one spec's
    let more = described.replace("repeats = 2", "repeats = 3");
    write(d.path(), "tiny.toml", &more);
    let out = run_ok(d.path(), &spec, &[]);
    assert!(out.contains("4 already complete, 2 to do"), "{out}");
    let md = std::fs::read_to_string(d.path().join("reports/tiny/report.md")).unwrap();
    assert!(
        md.contains("Runs per method: ") && md.contains(" 3, "),
        "{md}"
    );
    // fewer repeats would leave runs beyond them: refused like any other change
    write(d.path(), "tiny.toml", &described);
    let o = albench(d.path(), &["run", spec.to_str().unwrap(), "--quiet"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(t.contains("repeats: 3 → 2"), "{t}");
}

#[test]
fn diverging_run_is_recorded_as_failed_and_exit_code_is_1() {
    let d = tempfile::tempdir().unwrap();
    let spec = write(
        d.path(),
        "div.toml",
        &TINY
            .replace("[train]\n", "[train]\noptimizer = \"sgd\"\nlr = 1e12\n")
            .replace("repeats = 2", "repeats = 1"),
    );
    let o = albench(d.path(), &["run", spec.to_str().unwrap(), "--quiet"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    let runs = d.path().join("results/tiny/runs");
    let files = tree(&runs);
    assert_eq!(files.len(), 2, "failed runs are kept: {files:?}");
    for f in files {
        let df = read_parquet(&runs.join(f));
        let status = df
            .column("status")
            .unwrap()
            .str()
            .unwrap()
            .get(0)
            .unwrap()
            .to_string();
        assert!(
            status.starts_with("failed: ") && status.contains("diverged"),
            "{status}"
        );
    }
    let report = std::fs::read_to_string(d.path().join("reports/tiny/report.md")).unwrap();
    assert!(report.contains("Failed runs (excluded)"), "{report}");
}

#[test]
fn tiny_experiment_on_real_fashion_mnist() {
    let dir = Path::new(albench::data::FASHION_MNIST_DIR);
    assert!(
        dir.join("train-images-idx3-ubyte.gz").is_file(),
        "Fashion-MNIST missing: apt-get install -y dataset-fashion-mnist (see README)"
    );
    let d = tempfile::tempdir().unwrap();
    let spec = write(
        d.path(),
        "fm.toml",
        &TINY
            .replace("[data]\n", "[data]\ndataset = \"fashion-mnist\"\n")
            .replace("name = \"tiny\"", "name = \"fm\"")
            .replace("max_epochs = 2", "max_epochs = 8")
            .replace("width = 4", "width = 8"),
    );
    run_ok(d.path(), &spec, &[]);
    let runs = d.path().join("results/fm/runs");
    let files = tree(&runs);
    assert_eq!(files.len(), 4);
    let df = read_parquet(&runs.join(&files[0]));
    let acc = df
        .column("test_accuracy")
        .unwrap()
        .f64()
        .unwrap()
        .get(2)
        .unwrap();
    assert!(
        acc > 0.3,
        "a CNN trained on 60 real Fashion-MNIST images beats chance (0.1) by far: {acc}"
    );
}

#[test]
fn a_closed_stdout_is_not_a_panic() {
    let d = tempfile::tempdir().unwrap();
    // `albench list | head -0`: the reading end is closed before albench writes a byte.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let o = std::process::Command::new(bin())
        .arg("list")
        .current_dir(d.path())
        .stdout(writer)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}
