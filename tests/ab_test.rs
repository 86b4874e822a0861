//! The A/B protocol of NVIDIA Table V (`loop.ab`) through the CLI: the paper spec expands,
//! a tiny A/B run writes its A/B table and report section deterministically, and its spec
//! errors are one line naming the key, exit 2.

mod common;

use common::*;

const AB: &str = r#"
name = "ab"
seed = 3
repeats = 2
[data]
dataset = "scenes"
image_size = 32
pool = 200
validation = 10
test = 20
[model]
arch = "detector"
width = 4
ensemble = 2
[train]
max_epochs = 1
batch_size = 16
early_stopping = false
[loop]
base = 20
budget = 10
rounds = 1
ab = { against = "expert", splits = 2, test_fraction = 0.2 }
[query]
scorer = "mutual_information"
sampler = "round_robin"
classes = ["person", "bicycle"]
filter = { night = true }
"#;

#[test]
fn the_paper_spec_expands() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = albench(
        root,
        &["run", "experiments/paper/nvidia_table5.toml", "--dry-run"],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("1 configurations × 3 repeats = 3 training runs"),
        "{}",
        text(&o)
    );
}

#[test]
fn an_ab_run_writes_its_table_and_report_and_repeats_exactly() {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), "ab.toml", AB);
    for out in ["results/ab", "results/again"] {
        let o = albench(
            d.path(),
            &["run", p.to_str().unwrap(), "--quiet", "--out", out],
        );
        assert!(o.status.success(), "{}", text(&o));
        assert!(text(&o).contains("reference test_map"), "{}", text(&o));
    }
    let files = tree(&d.path().join("results/ab/ab"));
    assert_eq!(files.len(), 2, "{files:?}");
    let mut tables = Vec::new();
    for f in &files {
        let a = read_parquet(&d.path().join("results/ab/ab").join(f));
        let b = read_parquet(&d.path().join("results/again/ab").join(f));
        assert!(a.equals_missing(&b), "same spec, same A/B table");
        tables.push(a);
    }
    let t = &tables[0];
    let col = |name: &str| -> Vec<String> {
        t.column(name)
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .map(|v| v.unwrap_or("").to_string())
            .collect()
    };
    let (arm, set, metric, class) = (col("arm"), col("test_set"), col("metric"), col("class"));
    for want in ["reference", "active", "comparison"] {
        assert!(arm.iter().any(|a| a == want), "{want}");
    }
    for want in ["union", "comparison", "test"] {
        assert!(set.iter().any(|s| s == want), "{want}");
    }
    for want in ["car", "person", "bicycle", "road-sign", "traffic-light"] {
        assert!(
            class
                .iter()
                .zip(&metric)
                .any(|(c, m)| c == want && m == "ap"),
            "{want}"
        );
    }
    // union ⊇ comparison portion: 2 + 2 held-out images (at most 2 shared), comparison 2
    let value = t.column("value").unwrap().f64().unwrap().clone();
    let n_images = |s: &str| -> Vec<f64> {
        (0..t.height())
            .filter(|&i| metric[i] == "n_images" && set[i] == s && arm[i] == "reference")
            .map(|i| value.get(i).unwrap())
            .collect()
    };
    assert_eq!(n_images("comparison"), [2.0, 2.0]);
    assert!(n_images("union").iter().all(|&n| (2.0..=4.0).contains(&n)));
    // both arms' selections: 10 images each, night only, none from the base set
    let sel = read_parquet(&d.path().join("results/ab/selections").join(&files[0]));
    let round = sel.column("round").unwrap().u32().unwrap().clone();
    let count = |r: u32| round.iter().filter(|x| *x == Some(r)).count();
    assert_eq!((count(0), count(1), count(2)), (20, 10, 10));
    // ... read against the scenes metadata of the pool the run drew
    let pool = pool_of(&p);
    let picks = picks_per_round(&sel, 3);
    let picked = |r: usize| -> Vec<bool> {
        picks[r]
            .iter()
            .map(|&s| pool.meta[s as usize].night)
            .collect()
    };
    // the base set is drawn from the whole pool (day-heavy, 25 % night): some day images
    assert!(picked(0).contains(&false), "base set: {:?}", picked(0));
    // query.filter = { night = true }: both arms pick night images only
    for r in [1, 2] {
        assert!(picked(r).iter().all(|&n| n), "round {r}: {:?}", picked(r));
        assert!(
            picks[r].iter().all(|s| !picks[0].contains(s)),
            "round {r} picked from the base set"
        );
    }
    let report = std::fs::read_to_string(d.path().join("reports/ab/report.md")).unwrap();
    for want in [
        "## Improvement over the reference model",
        "### (a) Both arms' held-out data (Table Va",
        "### (b) The expert arm's held-out data only (Table Vb",
        "| class / metric | reference | Δ expert | Δ round_robin | p (splits) | p (repeats) | n |",
        "### Labeling cost",
        "- mutual_information/round_robin — on both arms' held-out data: car: ",
        "- mutual_information/round_robin — on the comparison arm's held-out data: wmap: ",
    ] {
        assert!(report.contains(want), "{want}\n{report}");
    }
    assert!(
        !report.contains("## test_map"),
        "an A/B report has no learning curves"
    );
}

#[test]
fn ab_spec_errors_name_the_key() {
    let d = tempfile::tempdir().unwrap();
    let cases = [
        ("rounds = 1", "rounds = 2", "loop.rounds"),
        (
            "against = \"expert\"",
            "against = \"round_robin\"",
            "loop.ab.against",
        ),
        (
            "test_fraction = 0.2",
            "test_fraction = 1.0",
            "loop.ab.test_fraction",
        ),
        ("splits = 2", "splits = 0", "loop.ab.splits"),
        ("splits = 2", "splits = 2, members = 3", "loop.ab.members"),
        ("splits = 2", "splits = 2, colour = 1", "colour"),
        (
            "early_stopping = false",
            "early_stopping = false\nreset = \"continue\"",
            "train.reset",
        ),
        // 200 images × 25 % night ≈ 50 pass the filter: 60 picks cannot come from them
        ("budget = 10", "budget = 60", "query.filter"),
    ];
    for (from, to, key) in cases {
        assert!(AB.contains(from), "{from}");
        let p = write(d.path(), "bad.toml", &AB.replace(from, to));
        let o = albench(d.path(), &["run", p.to_str().unwrap(), "--quiet"]);
        assert_eq!(o.status.code(), Some(2), "{to}: {}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr).to_string();
        assert_eq!(err.trim().lines().count(), 1, "{to}: {err}");
        assert!(err.contains(key), "{to}: {err}");
        assert!(
            !d.path().join("results/ab/runs").exists()
                || tree(&d.path().join("results/ab/runs")).is_empty(),
            "{to}: nothing written"
        );
    }
    // query.filter needs metadata
    let shapes = "[data]\npool = 100\nvalidation = 10\ntest = 10\n[query]\nfilter = { night = true }\n[loop]\nbase = 10\nbudget = 10\nrounds = 1\n";
    let p = write(d.path(), "f.toml", &format!("name = \"f\"\n{shapes}"));
    let o = albench(d.path(), &["run", p.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("query.filter"), "{}", text(&o));
}
