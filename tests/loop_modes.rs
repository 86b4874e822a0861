//! Loop variants end to end: `loop.pool = "all"`, reselection, percentage budgets, pretrained
//! baselines (`albench pretrain` → `model.init`), and every architecture.

mod common;

use std::path::Path;

use common::*;
use polars::prelude::*;

fn rounds(dir: &Path) -> DataFrame {
    let runs = dir.join("runs");
    let f = tree(&runs).into_iter().next().expect("a run file");
    ParquetReader::new(std::fs::File::open(runs.join(f)).unwrap())
        .finish()
        .unwrap()
}

fn u64s(df: &DataFrame, c: &str) -> Vec<u64> {
    df.column(c)
        .unwrap()
        .u64()
        .unwrap()
        .into_no_null_iter()
        .collect()
}

/// The one file in `dir`.
fn only_file(dir: &Path) -> String {
    let files = tree(dir);
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

const BASE: &str = r#"
name = "modes"
repeats = 1
[data]
pool = 200
validation = 40
test = 60
[model]
arch = "mlp"
width = 4
[train]
max_epochs = 2
[loop]
base = 30
budget = "50%"
rounds = 2
"#;

fn run(d: &Path, spec: &str, out: &str) {
    let p = write(d, &format!("{out}.toml"), spec);
    let o = albench(
        d,
        &[
            "run",
            p.to_str().unwrap(),
            "--quiet",
            "--no-report",
            "--out",
            out,
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn pool_all_counts_repeats_and_percent_budget_grows_the_labeled_set() {
    let d = tempfile::tempdir().unwrap();
    run(
        d.path(),
        &format!("{BASE}pool = \"all\"\n[query]\nscorer = \"margin\"\n"),
        "all",
    );
    let df = rounds(&d.path().join("all"));
    // 30, then +ceil(15), then +ceil(22.5) = 23
    assert_eq!(u64s(&df, "n_labeled"), vec![30, 45, 68]);
    assert_eq!(u64s(&df, "n_selected"), vec![0, 15, 23]);
    let unique = u64s(&df, "n_unique");
    assert!(unique
        .iter()
        .zip(u64s(&df, "n_labeled"))
        .all(|(u, l)| *u <= l));
    assert_eq!(unique[0], 30);
    // n_unique is the number of distinct samples selected so far, and pool = "all" lets a
    // round choose a sample labeled before: the labeled set then holds fewer distinct
    // samples than labels paid for (with only unlabeled candidates the two are equal)
    let sel = read_parquet(
        &d.path()
            .join("all/selections")
            .join(only_file(&d.path().join("all/selections"))),
    );
    let picks = picks_per_round(&sel, 3);
    let mut seen = std::collections::HashSet::new();
    let mut again = 0;
    for (r, p) in picks.iter().enumerate() {
        if r > 0 {
            again += p.iter().filter(|s| seen.contains(*s)).count();
        }
        seen.extend(p.iter().copied());
        assert_eq!(seen.len() as u64, unique[r], "round {r}");
    }
    assert!(
        again > 0,
        "no round chose a labeled sample again: {picks:?}"
    );
    assert!(unique[2] < 68, "{unique:?}");
    let o = albench(d.path(), &["report", "all", "--out", "rep"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let md = std::fs::read_to_string(d.path().join("rep/report.md")).unwrap();
    assert!(md.contains("## Labeling cost"), "{md}");
    assert!(
        md.contains(&format!("{}.0000", unique[2])),
        "n_unique of round 2 in the table:\n{md}"
    );
}

#[test]
fn several_top_k_accuracies_are_recorded() {
    let d = tempfile::tempdir().unwrap();
    let spec = BASE.replace("max_epochs = 2", "max_epochs = 2\ntop_k = [1, 3]");
    run(d.path(), &spec, "topk");
    let r = rounds(&d.path().join("topk"));
    let col = |c: &str| -> Vec<f64> {
        r.column(c)
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect()
    };
    assert_eq!(
        col("test_top1_accuracy"),
        col("test_accuracy"),
        "top-1 is accuracy"
    );
    let top3 = col("test_top3_accuracy");
    assert_eq!(top3.len(), 3);
    assert!(top3.iter().zip(col("test_accuracy")).all(|(t, a)| *t >= a));
    assert!(
        r.column("test_top5_accuracy").is_err(),
        "only the k's asked for"
    );
}

#[test]
fn reselection_replaces_the_training_set_each_round() {
    let d = tempfile::tempdir().unwrap();
    run(d.path(), &format!("{BASE}accumulate = false\n"), "resel");
    let df = rounds(&d.path().join("resel"));
    assert_eq!(u64s(&df, "n_labeled"), vec![30, 45, 68]);
    assert_eq!(
        u64s(&df, "n_selected"),
        vec![0, 45, 68],
        "the whole labeled set is selected again"
    );
    let unique = u64s(&df, "n_unique");
    assert!(
        unique[2] >= unique[1] && unique[1] >= 45,
        "labels stay paid for: {unique:?}"
    );
}

#[test]
fn pretrained_baseline_and_every_architecture() {
    let d = tempfile::tempdir().unwrap();
    for arch in ["mlp", "cnn", "resnet"] {
        let spec = BASE.replace("arch = \"mlp\"", &format!("arch = \"{arch}\""));
        let p = write(d.path(), &format!("{arch}.toml"), &spec);
        let w = d.path().join(format!("{arch}.bpk"));
        let o = albench(
            d.path(),
            &[
                "pretrain",
                p.to_str().unwrap(),
                "--out",
                w.to_str().unwrap(),
                "--samples",
                "100",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        assert!(w.is_file());
        let with_init = spec.replace(
            "width = 4",
            &format!("width = 4\ninit = \"{}\"", w.display()),
        );
        run(d.path(), &with_init, arch);
        let pre = rounds(&d.path().join(arch));
        assert_eq!(pre.height(), 3);
        // The pretrained weights matter: round 0 (the same base set, the same training
        // stream) ends elsewhere than from scratch.
        run(d.path(), &spec, &format!("{arch}-scratch"));
        let scratch = rounds(&d.path().join(format!("{arch}-scratch")));
        let loss0 = |df: &DataFrame| df.column("test_loss").unwrap().f64().unwrap().get(0);
        assert_ne!(
            loss0(&pre),
            loss0(&scratch),
            "{arch}: model.init changes round 0"
        );
    }
    // Weights of another architecture: bad input, exit 2, one line naming the file.
    let spec = BASE.replace(
        "width = 4",
        &format!(
            "width = 4\ninit = \"{}\"",
            d.path().join("cnn.bpk").display()
        ),
    );
    let p = write(d.path(), "mismatch.toml", &spec);
    let o = albench(
        d.path(),
        &["run", p.to_str().unwrap(), "--quiet", "--out", "mismatch"],
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        t.contains("cnn.bpk") && t.contains("cannot load weights"),
        "{t}"
    );
    assert_eq!(t.lines().count(), 1, "{t}");
    assert!(
        !d.path().join("mismatch").exists(),
        "nothing written for bad input"
    );
}

#[test]
fn label_noise_report_shows_selected_classes_and_mislabeled_fraction() {
    let d = tempfile::tempdir().unwrap();
    let spec = write(
        d.path(),
        "noisy.toml",
        &BASE
            .replace("test = 60\n", "test = 60\nlabel_noise = 0.3\n")
            .replace("budget = \"50%\"", "budget = 30"),
    );
    let o = albench(d.path(), &["run", spec.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let rep = d.path().join("reports/modes");
    let html = std::fs::read_to_string(rep.join("report.html")).unwrap();
    // The class histogram names the classes (shapes: disk, ring, …), not their ids.
    let classes = std::fs::read_to_string(rep.join("classes.svg")).unwrap();
    assert!(classes.contains("disk") && classes.contains("square-outline"));
    for stem in ["classes", "mislabeled", "montage_r1", "montage_r2"] {
        assert!(rep.join(format!("{stem}.png")).is_file(), "{stem}");
        assert!(html.contains(&format!("id=\"fig-{stem}\"")), "{stem}");
    }
    // The mislabeled fraction of round 1 equals the count in the selection table.
    let a: serde_json::Value =
        serde_json::from_slice(&std::fs::read(rep.join("analysis.json")).unwrap()).unwrap();
    let reported = a["selections"]["mislabeled"][0]["points"][0]["mean"]
        .as_f64()
        .unwrap();
    let sel_dir = d.path().join("results/modes/selections");
    let f = tree(&sel_dir).into_iter().next().unwrap();
    let df = ParquetReader::new(std::fs::File::open(sel_dir.join(f)).unwrap())
        .finish()
        .unwrap();
    let round = df.column("round").unwrap().u32().unwrap().clone();
    let bad = df.column("mislabeled").unwrap().bool().unwrap().clone();
    let (mut n, mut b) = (0.0, 0.0);
    for i in 0..df.height() {
        if round.get(i) == Some(1) {
            n += 1.0;
            if bad.get(i) == Some(true) {
                b += 1.0;
            }
        }
    }
    assert_eq!(n, 30.0);
    assert!((reported - b / n).abs() < 1e-12, "{reported} vs {}", b / n);
}

#[test]
fn diversity_samplers_select_distinct_unlabeled_samples() {
    let d = tempfile::tempdir().unwrap();
    // Every variant trains the same round-0 model on the same base set (training and
    // initialisation streams do not depend on the configuration) and scores it with the
    // same margins, so their round-1 picks differ only through the sampler, the embedding
    // and the distance: each pair of variants differs in exactly the knobs its labels name.
    let spec = format!(
        "{}{}",
        BASE.replace("repeats = 1", "repeats = 1\n[query]\nscorer = \"margin\""),
        r#"
[[variant]]
label = "top-n"
[[variant]]
label = "kmpp-backbone"
"query.sampler" = "kmeans_pp"
[[variant]]
label = "coreset-backbone"
"query.sampler" = "core_set"
[[variant]]
label = "coreset-pixels"
"query.sampler" = "core_set"
"query.embedding" = "pixels"
[[variant]]
label = "coreset-pixels-cosine"
"query.sampler" = "core_set"
"query.embedding" = "pixels"
"query.distance" = "cosine"
[[variant]]
label = "coreset-baseline"
"query.sampler" = "core_set"
"query.embedding" = "baseline"
[[variant]]
label = "class-balanced"
"query.sampler" = "class_balanced"
"#
    );
    run(d.path(), &spec, "div");
    let runs = d.path().join("div/runs");
    let files = tree(&runs);
    assert_eq!(files.len(), 7);
    let mut round1: Vec<(String, Vec<u32>)> = Vec::new();
    for f in files {
        let r = read_parquet(&runs.join(&f));
        let status = r.column("status").unwrap().str().unwrap().clone();
        for i in 0..status.len() {
            assert_eq!(status.get(i), Some("ok"), "{f}");
        }
        // base 30, then +50% twice (rounded up): 45, 68 labeled.
        assert_eq!(u64s(&r, "n_labeled"), vec![30, 45, 68], "{f}");
        let sel = read_parquet(&d.path().join("div/selections").join(&f));
        let picks = picks_per_round(&sel, 3);
        let samples = picks.concat();
        let mut unique = samples.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), samples.len(), "{f}: a sample chosen twice");
        assert_eq!(samples.len(), 68, "{f}");
        let label = r
            .column("label")
            .unwrap()
            .str()
            .unwrap()
            .get(0)
            .unwrap()
            .to_string();
        let mut first = picks[1].clone();
        first.sort_unstable();
        round1.push((label, first));
    }
    assert_eq!(round1[0].1.len(), 15);
    // a sampler, embedding or distance that did nothing would repeat another variant's picks
    for (i, (a, pa)) in round1.iter().enumerate() {
        for (b, pb) in &round1[i + 1..] {
            assert_ne!(pa, pb, "{a} and {b} picked the same samples in round 1");
        }
    }
}

#[test]
fn mutual_information_scores_ensemble_disagreement() {
    let d = tempfile::tempdir().unwrap();
    let spec = BASE.replace("width = 4", "width = 4\nensemble = 2\ndropout = 0.25")
        + "[query]\nscorer = \"mutual_information\"\n";
    run(d.path(), &spec, "mi");
    let sel_dir = d.path().join("mi/selections");
    let f = tree(&sel_dir).into_iter().next().unwrap();
    let sel = read_parquet(&sel_dir.join(f));
    let round = sel.column("round").unwrap().u32().unwrap().clone();
    let score = sel.column("score").unwrap().f32().unwrap().clone();
    let scored: Vec<f32> = (0..sel.height())
        .filter(|&i| round.get(i) != Some(0))
        .map(|i| score.get(i).unwrap())
        .collect();
    assert!(!scored.is_empty());
    // Two independently initialised members disagree somewhere: MI in (0, 1], never NaN.
    assert!(scored.iter().all(|s| (0.0..=1.0).contains(s)), "{scored:?}");
    assert!(scored.iter().any(|&s| s > 0.0), "{scored:?}");
}

#[test]
fn near_duplicate_picks_are_reported_with_data_duplicates() {
    let d = tempfile::tempdir().unwrap();
    let spec = BASE.replace("pool = 200", "pool = 100\nduplicates = 3")
        + "[sweep]\n\"query.scorer\" = [\"random\", \"margin\"]\n";
    run(d.path(), &spec, "dup");
    let o = albench(d.path(), &["report", "dup", "--out", "rep"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let md = std::fs::read_to_string(d.path().join("rep/report.md")).unwrap();
    assert!(md.contains("Near-duplicate picks"), "{md}");
    assert!(d.path().join("rep/redundant.svg").is_file());
    // The table's fractions, recomputed from the selection files by hand: a pick is redundant
    // when sample / 3 was labeled before or is picked twice in its round.
    let a: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.path().join("rep/analysis.json")).unwrap())
            .unwrap();
    let curves = a["selections"]["redundant"].as_array().unwrap();
    assert_eq!(curves.len(), 2);
    for c in curves {
        let label = c["label"].as_str().unwrap();
        let sel_dir = d.path().join("dup/selections");
        // repeats = 1: the one run file of this label.
        let f = tree(&d.path().join("dup/runs"))
            .into_iter()
            .find(|f| {
                let r = read_parquet(&d.path().join("dup/runs").join(f));
                r.column("label").unwrap().str().unwrap().get(0) == Some(label)
            })
            .unwrap();
        let sel = read_parquet(&sel_dir.join(&f));
        let round = sel.column("round").unwrap().u32().unwrap().clone();
        let sample = sel.column("sample").unwrap().u32().unwrap().clone();
        let mut seen = std::collections::HashSet::new();
        for r in 0..3u32 {
            let picks: Vec<u32> = (0..sel.height())
                .filter(|&i| round.get(i) == Some(r))
                .map(|i| sample.get(i).unwrap())
                .collect();
            let before = seen.len();
            seen.extend(picks.iter().map(|s| s / 3));
            if r > 0 {
                let want = (picks.len() - (seen.len() - before)) as f64 / picks.len() as f64;
                let got = c["points"][(r - 1) as usize]["mean"].as_f64().unwrap();
                assert!(
                    (got - want).abs() < 1e-12,
                    "{label} round {r}: {got} vs {want}"
                );
            }
        }
    }
    // Without duplicates there is no such section.
    run(d.path(), BASE, "nodup");
    let o = albench(d.path(), &["report", "nodup", "--out", "rep2"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let md = std::fs::read_to_string(d.path().join("rep2/report.md")).unwrap();
    assert!(!md.contains("Near-duplicate picks"));
}

/// Over each configuration of the results in `dir` (2 repeats): of the pool indices both
/// repeats selected, `(how many carry different labels in the two repeats, how many there are)`,
/// summed over configurations.
fn label_mismatches(dir: &Path) -> (usize, usize) {
    let sel = dir.join("selections");
    let files = visible(&sel);
    let (mut differ, mut shared) = (0, 0);
    for f in files.iter().filter(|f| f.contains("-r0.")) {
        let labels = |name: &str| -> std::collections::HashMap<u32, u32> {
            let t = read_parquet(&sel.join(name));
            let s = t.column("sample").unwrap().u32().unwrap().clone();
            let l = t.column("label").unwrap().u32().unwrap().clone();
            (0..t.height())
                .map(|i| (s.get(i).unwrap(), l.get(i).unwrap()))
                .collect()
        };
        let (r0, r1) = (labels(f), labels(&f.replace("-r0.", "-r1.")));
        for (s, l) in &r0 {
            if let Some(l1) = r1.get(s) {
                shared += 1;
                differ += usize::from(l != l1);
            }
        }
    }
    assert_eq!(files.len(), 4, "{files:?}");
    (differ, shared)
}

#[test]
fn resampled_splits_run_and_repeat_exactly() {
    let d = tempfile::tempdir().unwrap();
    let spec = TINY.replace("[data]\n", "[data]\nresample_splits = true\n");
    assert_ne!(spec, TINY);
    let p = write(d.path(), "tiny.toml", &spec);
    for out in ["results/a", "results/b"] {
        let o = albench(
            d.path(),
            &[
                "run",
                p.to_str().unwrap(),
                "--quiet",
                "--no-report",
                "--out",
                out,
            ],
        );
        assert!(o.status.success(), "{}", text(&o));
    }
    same_results(&d.path().join("results/a"), &d.path().join("results/b"));
    // Each repeat draws its own pool: a pool index both repeats selected names, in general,
    // another image, so its revealed label differs somewhere. Without the key the repeats
    // share the pool, and every shared index carries the same label in both.
    let plain_out = d.path().join("results/plain");
    run(d.path(), TINY, "results/plain");
    let (resampled, shared) = (
        label_mismatches(&d.path().join("results/a")),
        label_mismatches(&plain_out),
    );
    assert_eq!(shared.0, 0, "one pool, one label per index: {shared:?}");
    assert!(shared.1 > 10, "{shared:?}");
    assert!(resampled.1 > 10, "{resampled:?}");
    assert!(
        resampled.0 > resampled.1 / 4,
        "repeats drew the same pool: {resampled:?}"
    );
    // the key is stored (it changes the runs), and a spec without it keeps its old hash
    let stored = std::fs::read_to_string(d.path().join("results/a/spec.toml")).unwrap();
    assert!(stored.contains("resample_splits = true"), "{stored}");
    let plain = write(d.path(), "plain.toml", TINY);
    let o = albench(d.path(), &["run", plain.to_str().unwrap(), "--dry-run"]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn pretraining_on_reserved_images_and_a_missing_init_file() {
    let d = tempfile::tempdir().unwrap();
    let spec = BASE.replace("test = 60\n", "test = 60\nreserve = 80\n");
    let p = write(d.path(), "reserve.toml", &spec);
    let w = d.path().join("reserved.bpk");
    let (ps, ws) = (p.to_str().unwrap(), w.to_str().unwrap());
    let o = albench(d.path(), &["pretrain", ps, "--reserved", "--out", ws]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("trained on 80 reserved images"),
        "{}",
        text(&o)
    );
    assert!(w.is_file());
    // --samples beyond the reserved images: bad input naming the range
    let o = albench(
        d.path(),
        &["pretrain", ps, "--reserved", "--samples", "81", "--out", ws],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("1..=80 (the reserved images)"),
        "{}",
        text(&o)
    );
    // a spec without data.reserve: one line naming the flag and the key, nothing written
    let plain = write(d.path(), "plain.toml", BASE);
    let x = d.path().join("x.bpk");
    let o = albench(
        d.path(),
        &[
            "pretrain",
            plain.to_str().unwrap(),
            "--reserved",
            "--out",
            x.to_str().unwrap(),
        ],
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        t.contains("--reserved") && t.contains("data.reserve"),
        "{t}"
    );
    assert_eq!(t.lines().count(), 1, "{t}");
    assert!(!x.exists());
    // model.init names a file that is not there yet: the dry run says so and succeeds (a
    // page pretrains it before its run); the run stops before writing anything, exit 2
    let later = d.path().join("later.bpk");
    let with_init = spec.replace(
        "width = 4",
        &format!("width = 4\ninit = \"{}\"", later.display()),
    );
    let p = write(d.path(), "later.toml", &with_init);
    let o = albench(d.path(), &["run", p.to_str().unwrap(), "--dry-run"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("does not exist yet"), "{}", text(&o));
    let o = albench(
        d.path(),
        &["run", p.to_str().unwrap(), "--quiet", "--out", "later"],
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(t.contains("model.init") && t.contains("later.bpk"), "{t}");
    assert_eq!(t.lines().count(), 1, "{t}");
    assert!(!d.path().join("later").exists());
    // the reserved baseline starts the experiment it was held out of
    std::fs::copy(&w, &later).unwrap();
    run(d.path(), &with_init, "later");
    assert_eq!(rounds(&d.path().join("later")).height(), 3);
}
