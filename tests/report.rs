//! Reports on hand-made results: robustness cases (single repeat, zero variance, different
//! round sets, failed runs, a metric absent from some runs, one method, mixed specs), a
//! golden test of the Markdown tables, and the HTML embedding every figure.

use std::path::Path;

use albench::report::{analyse_dir, compare_markdown, write_report, Band, Options, XAxis};
use albench::results::{ResultsDir, RoundRecord, RunMeta, RunResult};
use albench::spec::{Correction, TestKind};
use albench::stats::PValue;

/// A run whose test accuracy at round r is `acc[r]`, at n_labeled = 100·(r + 1).
fn run(label: &str, repeat: u32, acc: &[Option<f64>], status: &str) -> RunResult {
    let meta = RunMeta {
        experiment: "golden".into(),
        config_id: format!("{label:0>10}").chars().take(10).collect(),
        label: label.into(),
        repeat,
        seed: 1,
        spec_hash: "h1".into(),
        machine: "test machine".into(),
        top_k: vec![5],
        ap_classes: Vec::new(),
        swept: vec![("query.scorer".into(), label.into())],
    };
    let rounds = acc
        .iter()
        .enumerate()
        .map(|(r, a)| RoundRecord {
            round: r as u32,
            n_labeled: 100 * (r + 1),
            n_unique: 100 * (r + 1),
            n_selected: if r == 0 { 0 } else { 100 },
            epochs: Some(3 + r),
            test_accuracy: *a,
            test_loss: a.map(|x| 2.0 - x),
            status: status.into(),
            ..Default::default()
        })
        .collect();
    RunResult {
        meta,
        rounds,
        selections: Vec::new(),
        ab: Vec::new(),
        status: status.into(),
    }
}

fn results(dir: &Path, runs: &[RunResult]) {
    let rd = ResultsDir::new(dir);
    rd.prepare(
        "name = \"golden\"\n[report]\nmetrics = [\"test_accuracy\", \"test_loss\"]\n",
        false,
    )
    .unwrap();
    for r in runs {
        rd.write_run(r).unwrap();
    }
}

fn opts() -> Options {
    Options {
        metrics: vec!["test_accuracy".into(), "test_loss".into()],
        baseline: None,
        test: TestKind::Welch,
        correction: Correction::Holm,
        target: 0.95,
        x: XAxis::NLabeled,
        spec_hash: None,
        equivalence: 0.0,
        band: Band::Std,
        per_round: false,
    }
}

#[test]
fn per_round_p_values_are_corrected_over_every_method_and_round() {
    let d = tempfile::tempdir().unwrap();
    results(
        d.path(),
        &[
            run("random", 0, &s(&[0.5, 0.6, 0.7]), "ok"),
            run("random", 1, &s(&[0.51, 0.62, 0.68]), "ok"),
            run("random", 2, &s(&[0.49, 0.58, 0.72]), "ok"),
            run("margin", 0, &s(&[0.5, 0.66, 0.78]), "ok"),
            run("margin", 1, &s(&[0.52, 0.64, 0.8]), "ok"),
            run("margin", 2, &s(&[0.48, 0.68, 0.76]), "ok"),
        ],
    );
    let o = Options {
        baseline: Some("random".into()),
        per_round: true,
        ..opts()
    };
    let a = analyse_dir(d.path(), &o).unwrap();
    let m = &a.metrics[0];
    assert_eq!(m.per_round.len(), 3);
    // raw Welch p at each round (margin vs random), Holm over the 3 of them
    let raw: Vec<f64> = [
        ([0.5, 0.52, 0.48], [0.5, 0.51, 0.49]),
        ([0.66, 0.64, 0.68], [0.6, 0.62, 0.58]),
        ([0.78, 0.8, 0.76], [0.7, 0.68, 0.72]),
    ]
    .iter()
    .map(|(g, r)| albench::stats::welch_t(g, r).value().unwrap())
    .collect();
    let holm = albench::stats::holm(&raw);
    for (k, (round, rows)) in m.per_round.iter().enumerate() {
        assert_eq!(*round, k as u32);
        let g = rows.iter().find(|r| r.label == "margin").unwrap();
        assert_eq!(g.p_value.value(), Some(raw[k]));
        assert!((g.p_adjusted.value().unwrap() - holm[k]).abs() < 1e-15);
    }
    // off by default
    let a = analyse_dir(
        d.path(),
        &Options {
            baseline: Some("random".into()),
            ..opts()
        },
    )
    .unwrap();
    assert!(a.metrics[0].per_round.is_empty());
}

fn s(v: &[f64]) -> Vec<Option<f64>> {
    v.iter().map(|&x| Some(x)).collect()
}

#[test]
fn golden_markdown_tables() {
    let d = tempfile::tempdir().unwrap();
    results(
        d.path(),
        &[
            run("random", 0, &s(&[0.5, 0.6, 0.7]), "ok"),
            run("random", 1, &s(&[0.5, 0.62, 0.68]), "ok"),
            run("random", 2, &s(&[0.5, 0.58, 0.72]), "ok"),
            run("margin", 0, &s(&[0.5, 0.66, 0.78]), "ok"),
            run("margin", 1, &s(&[0.5, 0.64, 0.8]), "ok"),
            run("margin", 2, &s(&[0.5, 0.68, 0.76]), "ok"),
        ],
    );
    let a = analyse_dir(d.path(), &opts()).unwrap();
    let m = &a.metrics[0];
    // Hand check: random r0 AUC = (100·(0.5+0.6)/2 + 100·(0.6+0.7)/2) / 200 = 0.6;
    // r1: (0.56 + 0.65)/2 = 0.605; r2: (0.54 + 0.65)/2 = 0.595 → mean 0.6.
    // margin: (0.58+0.72)/2 = 0.65, (0.57+0.72)/2 = 0.645, (0.59+0.72)/2 = 0.655 → 0.65.
    let r = m.auc.iter().find(|r| r.label == "random").unwrap();
    let g = m.auc.iter().find(|r| r.label == "margin").unwrap();
    assert!((r.mean - 0.6).abs() < 1e-12 && (g.mean - 0.65).abs() < 1e-12);
    assert!((g.diff.unwrap() - 0.05).abs() < 1e-12);
    assert_eq!((g.rank, r.rank), (1, 2));
    // Final budget (round 2): random 0.70, 0.68, 0.72 → mean 0.70; margin 0.78, 0.80, 0.76 →
    // mean 0.78, Δ +0.08; the p-value is the report's test on those values.
    let fr = |l: &str| m.final_budget.iter().find(|r| r.label == l).unwrap();
    assert!((fr("random").mean - 0.70).abs() < 1e-12 && (fr("margin").mean - 0.78).abs() < 1e-12);
    assert!((fr("margin").diff.unwrap() - 0.08).abs() < 1e-12);
    let want_p = albench::stats::welch_t(&[0.78, 0.8, 0.76], &[0.7, 0.68, 0.72]);
    assert_eq!(fr("margin").p_value.value(), want_p.value());
    let got = compare_markdown(&a, m);
    let want = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/compare_test_accuracy.md"),
    )
    .unwrap();
    assert_eq!(got, want, "golden changed; got:\n{got}");
}

#[test]
fn single_repeat_gives_not_available_never_nan() {
    let d = tempfile::tempdir().unwrap();
    results(
        d.path(),
        &[
            run("random", 0, &s(&[0.5, 0.6]), "ok"),
            run("margin", 0, &s(&[0.5, 0.7]), "ok"),
        ],
    );
    let a = analyse_dir(d.path(), &opts()).unwrap();
    let g = a.metrics[0]
        .auc
        .iter()
        .find(|r| r.label == "margin")
        .unwrap();
    assert!(
        matches!(&g.p_value, PValue::NotAvailable(r) if r.contains("needs ≥ 2 runs")),
        "{:?}",
        g.p_value
    );
    assert!(g.cohens_d.is_none() && g.ci_low.is_none());
    assert_eq!(g.diff.map(|x| (x * 1e9).round() / 1e9), Some(0.05));
    let json = serde_json::to_string(&a).unwrap();
    assert!(!json.contains("NaN"));
    assert!(
        a.notes.iter().any(|n| n.contains("needs ≥ 2 runs")),
        "{:?}",
        a.notes
    );
}

#[test]
fn zero_variance_on_both_sides() {
    let d = tempfile::tempdir().unwrap();
    results(
        d.path(),
        &[
            run("random", 0, &s(&[0.5, 0.6]), "ok"),
            run("random", 1, &s(&[0.5, 0.6]), "ok"),
            run("margin", 0, &s(&[0.5, 0.7]), "ok"),
            run("margin", 1, &s(&[0.5, 0.7]), "ok"),
        ],
    );
    let a = analyse_dir(d.path(), &opts()).unwrap();
    let g = a.metrics[0]
        .auc
        .iter()
        .find(|r| r.label == "margin")
        .unwrap();
    assert!(matches!(&g.p_value, PValue::NotAvailable(r) if r.contains("zero variance")));
}

#[test]
fn different_round_sets_use_shared_rounds_and_say_so() {
    let d = tempfile::tempdir().unwrap();
    results(
        d.path(),
        &[
            run("random", 0, &s(&[0.5, 0.6, 0.7]), "ok"),
            run("random", 1, &s(&[0.5, 0.62, 0.7]), "ok"),
            run("margin", 0, &s(&[0.5, 0.66]), "ok"),
            run("margin", 1, &s(&[0.5, 0.64]), "ok"),
        ],
    );
    let a = analyse_dir(d.path(), &opts()).unwrap();
    assert_eq!(a.metrics[0].shared_rounds, vec![0, 1]);
    assert!(
        a.notes.iter().any(|n| n.contains("different round sets")),
        "{:?}",
        a.notes
    );
    let r = a.metrics[0]
        .auc
        .iter()
        .find(|r| r.label == "random")
        .unwrap();
    assert!((r.mean - (0.55 + 0.56) / 2.0).abs() < 1e-12);
}

#[test]
fn failed_runs_are_listed_and_excluded() {
    let d = tempfile::tempdir().unwrap();
    results(
        d.path(),
        &[
            run("random", 0, &s(&[0.5, 0.6]), "ok"),
            run("random", 1, &s(&[0.5, 0.62]), "ok"),
            run("margin", 0, &s(&[0.5, 0.66]), "ok"),
            run(
                "margin",
                1,
                &[Some(0.5), None],
                "failed: round 1, member 0: diverged: training loss is NaN",
            ),
        ],
    );
    let a = analyse_dir(d.path(), &opts()).unwrap();
    assert_eq!(a.failed.len(), 1);
    assert!(a.failed[0].1.contains("diverged"));
    assert_eq!(
        a.metrics[0]
            .auc
            .iter()
            .find(|r| r.label == "margin")
            .unwrap()
            .n,
        1
    );
}

#[test]
fn metric_absent_from_some_runs() {
    let d = tempfile::tempdir().unwrap();
    let mut b = run("margin", 1, &s(&[0.5, 0.66]), "ok");
    for r in b.rounds.iter_mut() {
        r.test_loss = None;
    }
    results(
        d.path(),
        &[
            run("random", 0, &s(&[0.5, 0.6]), "ok"),
            run("random", 1, &s(&[0.5, 0.62]), "ok"),
            run("margin", 0, &s(&[0.5, 0.64]), "ok"),
            b,
        ],
    );
    let a = analyse_dir(d.path(), &opts()).unwrap();
    assert!(
        a.notes
            .iter()
            .any(|n| n.contains("test_loss: absent in 1 run")),
        "{:?}",
        a.notes
    );
    assert_eq!(a.metrics[1].auc_runs.len(), 3);
}

#[test]
fn one_method_only() {
    let d = tempfile::tempdir().unwrap();
    results(
        d.path(),
        &[
            run("margin", 0, &s(&[0.5, 0.6]), "ok"),
            run("margin", 1, &s(&[0.5, 0.7]), "ok"),
        ],
    );
    let a = analyse_dir(d.path(), &opts()).unwrap();
    assert!(a.baseline.is_none());
    assert!(a.notes.iter().any(|n| n.contains("only one method")));
    assert!(a.notes.iter().any(|n| n.contains("no baseline")));
    write_report(d.path(), &d.path().join("rep")).unwrap();
}

#[test]
fn mixed_specs_are_refused_unless_one_is_chosen() {
    let d = tempfile::tempdir().unwrap();
    let mut other = run("margin", 0, &s(&[0.5, 0.66]), "ok");
    other.meta.spec_hash = "h2".into();
    results(d.path(), &[run("random", 0, &s(&[0.5, 0.6]), "ok"), other]);
    let e = analyse_dir(d.path(), &opts()).unwrap_err().to_string();
    assert!(
        e.contains("2 different specs") && e.contains("h1, h2"),
        "{e}"
    );
    let a = analyse_dir(
        d.path(),
        &Options {
            spec_hash: Some("h1".into()),
            ..opts()
        },
    )
    .unwrap();
    assert_eq!(a.labels, vec!["random"]);
}

#[test]
fn html_is_self_contained_and_holds_every_figure() {
    let d = tempfile::tempdir().unwrap();
    results(
        d.path(),
        &[
            run("random", 0, &s(&[0.5, 0.6, 0.7]), "ok"),
            run("random", 1, &s(&[0.5, 0.62, 0.68]), "ok"),
            run("margin", 0, &s(&[0.5, 0.66, 0.78]), "ok"),
            run("margin", 1, &s(&[0.5, 0.64, 0.8]), "ok"),
        ],
    );
    let out = d.path().join("rep");
    write_report(d.path(), &out).unwrap();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let stems = [
        "curves_test_accuracy",
        "auc_test_accuracy",
        "pvalues_test_accuracy",
        "penalty_test_accuracy",
        "curves_test_loss",
        "auc_test_loss",
        "pvalues_test_loss",
        "penalty_test_loss",
        "epochs",
    ];
    for stem in stems {
        assert!(
            out.join(format!("{stem}.png")).is_file() && out.join(format!("{stem}.svg")).is_file(),
            "{stem}"
        );
        assert!(
            html.contains(&format!("id=\"fig-{stem}\"")),
            "{stem} missing from the HTML"
        );
        assert!(
            md.contains(&format!("({stem}.png)")),
            "{stem} missing from the Markdown"
        );
        let png = std::fs::read(out.join(format!("{stem}.png"))).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    }
    assert_eq!(html.matches("<svg").count(), stems.len());
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http"),
        "no external resources"
    );
}

#[test]
fn runs_from_several_machines_are_listed_and_noted() {
    let d = tempfile::tempdir().unwrap();
    let mut other = run("margin", 1, &s(&[0.5, 0.64, 0.8]), "ok");
    other.meta.machine = "another machine".into();
    results(
        d.path(),
        &[
            run("random", 0, &s(&[0.5, 0.6, 0.7]), "ok"),
            run("random", 1, &s(&[0.5, 0.62, 0.68]), "ok"),
            run("margin", 0, &s(&[0.5, 0.66, 0.78]), "ok"),
            other,
        ],
    );
    let a = analyse_dir(d.path(), &opts()).unwrap();
    assert_eq!(
        a.machines,
        vec![
            ("test machine".to_string(), 3),
            ("another machine".to_string(), 1)
        ]
    );
    assert!(
        a.notes.iter().any(|n| n.contains("2 different machines")),
        "{:?}",
        a.notes
    );
    let md =
        std::fs::read_to_string(write_report(d.path(), &d.path().join("rep")).unwrap()).unwrap();
    assert!(
        md.contains("Machines: `test machine` (3 runs); `another machine` (1 runs)."),
        "{md}"
    );
}

/// Verdict lines for each outcome, on hand-made AUCs (3 runs per method).
#[test]
fn verdicts_say_no_more_than_the_tests_show() {
    let d = tempfile::tempdir().unwrap();
    let flat = |label: &str, r: u32, v: f64| run(label, r, &s(&[v, v, v]), "ok");
    results(
        d.path(),
        &[
            // random: AUCs 0.60, 0.61, 0.59.
            flat("random", 0, 0.60),
            flat("random", 1, 0.61),
            flat("random", 2, 0.59),
            // better: +0.10, tight → beats.
            flat("better", 0, 0.70),
            flat("better", 1, 0.71),
            flat("better", 2, 0.69),
            // worse: −0.10 → is worse.
            flat("worse", 0, 0.50),
            flat("worse", 1, 0.51),
            flat("worse", 2, 0.49),
            // same: Δ = 0.001 → equivalent within ±0.05 (TOST), not "no difference" by default.
            flat("same", 0, 0.601),
            flat("same", 1, 0.611),
            flat("same", 2, 0.591),
            // noisy: Δ = +0.02 with large spread → no conclusion, underpowered.
            flat("noisy", 0, 0.50),
            flat("noisy", 1, 0.70),
            flat("noisy", 2, 0.66),
        ],
    );
    let mut o = opts();
    o.metrics = vec!["test_accuracy".into()];
    o.baseline = Some("random".into());
    let v = |o: &Options| -> Vec<String> {
        let a = analyse_dir(d.path(), o).unwrap();
        albench::report::verdicts(&a.metrics[0], &a)
    };
    let lines = v(&o);
    let find = |l: &[String], who: &str| l.iter().find(|x| x.starts_with(who)).unwrap().clone();
    assert!(find(&lines, "better ")
        .starts_with("better **beats** random on test_accuracy (ΔAUC +0.1000, p corrected"));
    assert!(find(&lines, "better ").ends_with("; 3 vs 3 runs)"));
    assert!(find(&lines, "worse ")
        .starts_with("worse **is worse than** random on test_accuracy (ΔAUC -0.1000"));
    // Without a margin, a non-significant difference is never called "no difference".
    let same = find(&lines, "same ");
    assert!(
        same.starts_with("same vs random on test_accuracy: no conclusion (ΔAUC +0.0010"),
        "{same}"
    );
    assert!(same.contains("underpowered"), "{same}");
    let noisy = find(&lines, "noisy ");
    assert!(
        noisy.contains("no conclusion") && noisy.contains("runs per method for 80% power"),
        "{noisy}"
    );
    // With a margin of ±0.05, the TOST shows "same" is equivalent; "noisy" stays open.
    o.equivalence = 0.05;
    let lines = v(&o);
    let same = find(&lines, "same ");
    assert!(
        same.starts_with(
            "same is **equivalent** to random on test_accuracy within ±0.05 (TOST p corrected"
        ),
        "{same}"
    );
    assert!(find(&lines, "noisy ").contains("no conclusion"));
}

#[test]
fn curve_figures_have_human_labels_and_integer_count_ticks() {
    let d = tempfile::tempdir().unwrap();
    results(
        d.path(),
        &[
            run("random", 0, &s(&[0.5, 0.6, 0.7]), "ok"),
            run("random", 1, &s(&[0.5, 0.62, 0.68]), "ok"),
        ],
    );
    write_report(d.path(), &d.path().join("rep")).unwrap();
    // The text nodes of an SVG, trimmed.
    let texts = |f: &str| -> Vec<String> {
        let svg = std::fs::read_to_string(d.path().join("rep").join(f)).unwrap();
        svg.split("<text")
            .skip(1)
            .filter_map(|t| {
                let body = t.split_once('>')?.1;
                Some(body.split("</text>").next()?.trim().to_string())
            })
            .collect()
    };
    let t = texts("curves_test_accuracy.svg");
    let has = |t: &[String], s: &str| t.iter().any(|x| x == s);
    assert!(
        has(&t, "Test accuracy: mean ± 1 std over runs"),
        "title: {t:?}"
    );
    assert!(has(&t, "Test accuracy"), "y label: {t:?}");
    assert!(
        has(&t, "Labeled images (repeats counted)"),
        "x label: {t:?}"
    );
    assert!(
        has(&t, "300") && !has(&t, "300.0"),
        "integer count ticks: {t:?}"
    );
    let e = texts("epochs.svg");
    assert!(has(&e, "Epochs per round"), "{e:?}");
    assert!(
        !e.iter().any(|x| x.ends_with(".0")),
        "no .0 ticks on counts: {e:?}"
    );
}

#[test]
fn cumulative_training_time_is_an_x_axis() {
    let d = tempfile::tempdir().unwrap();
    let timed = |label: &str, repeat: u32, per_round: f64| {
        let mut r = run(label, repeat, &s(&[0.5, 0.6, 0.7]), "ok");
        for (k, rec) in r.rounds.iter_mut().enumerate() {
            rec.time_train_s = per_round * (k + 1) as f64;
        }
        r
    };
    results(
        d.path(),
        &[
            timed("random", 0, 10.0),
            timed("random", 1, 10.0),
            timed("margin", 0, 20.0),
            timed("margin", 1, 20.0),
        ],
    );
    let o = Options {
        x: XAxis::TrainTime,
        ..opts()
    };
    let a = analyse_dir(d.path(), &o).unwrap();
    let m = &a.metrics[0];
    let xs = |l: &str| -> Vec<f64> {
        m.curves
            .iter()
            .find(|c| c.label == l)
            .unwrap()
            .points
            .iter()
            .map(|p| p.x)
            .collect()
    };
    // cumulative: 10, 10 + 20, 10 + 20 + 30 seconds; twice that for margin
    assert_eq!(xs("random"), [10.0, 30.0, 60.0]);
    assert_eq!(xs("margin"), [20.0, 60.0, 120.0]);
    // the same accuracies over a per-run x range: AUC (normalised) equal for both
    let auc = |l: &str| m.auc.iter().find(|r| r.label == l).unwrap().mean;
    assert!((auc("random") - auc("margin")).abs() < 1e-12);
    assert_eq!(XAxis::TrainTime.flag(), "train-time");
}

/// `run` with its own label grid: round r at `xs[r]` labels.
fn run_on_grid(label: &str, repeat: u32, xs: &[usize], acc: &[f64]) -> RunResult {
    let mut r = run(
        label,
        repeat,
        &acc.iter().map(|a| Some(*a)).collect::<Vec<_>>(),
        "ok",
    );
    for (round, x) in r.rounds.iter_mut().zip(xs) {
        round.n_labeled = *x;
        round.n_unique = *x;
    }
    r
}

#[test]
fn different_label_grids_are_compared_over_the_common_range() {
    // A budget sweep: "b100" at 100, 200, …, 500 labels, "b200" at 100, 300, 500 (one round
    // fewer per 200 labels). Round by round would compare 200 with 300 labels; over the common
    // range 100 → 500 the AUCs are, by hand: b100 (linear 0.5 → 0.9) = 0.7; b200 = (200·0.55 +
    // 200·0.75) / 400 = 0.65. A third, "b150" at 100, 250, 400, 550, ends above 500: its value
    // at 500 is interpolated between 0.8 (400) and 0.95 (550) = 0.9, so its AUC over 100 → 500
    // is (150·0.6 + 150·0.75 + 100·0.85) / 400 = 0.71875, and the final comparison uses 0.9.
    let d = tempfile::tempdir().unwrap();
    let mut runs = Vec::new();
    for rep in 0..3u32 {
        let e = f64::from(rep) * 1e-3; // a little spread, the same for every method
        runs.push(run_on_grid(
            "b100",
            rep,
            &[100, 200, 300, 400, 500],
            &[0.5 + e, 0.6 + e, 0.7 + e, 0.8 + e, 0.9 + e],
        ));
        runs.push(run_on_grid(
            "b200",
            rep,
            &[100, 300, 500],
            &[0.5 + e, 0.6 + e, 0.9 + e],
        ));
        runs.push(run_on_grid(
            "b150",
            rep,
            &[100, 250, 400, 550],
            &[0.5 + e, 0.7 + e, 0.8 + e, 0.95 + e],
        ));
    }
    results(d.path(), &runs);
    let o = Options {
        metrics: vec!["test_accuracy".into()],
        baseline: Some("b100".into()),
        ..opts()
    };
    let a = analyse_dir(d.path(), &o).unwrap();
    let m = &a.metrics[0];
    assert!(m.by_range);
    assert_eq!(m.window, Some((100.0, 500.0)));
    let auc = |l: &str| m.auc.iter().find(|r| r.label == l).unwrap().mean;
    assert!(
        (auc("b100") - (0.7 + 1e-3)).abs() < 1e-12,
        "{}",
        auc("b100")
    );
    assert!(
        (auc("b200") - (0.65 + 1e-3)).abs() < 1e-12,
        "{}",
        auc("b200")
    );
    assert!(
        (auc("b150") - (0.71875 + 1e-3)).abs() < 1e-12,
        "{}",
        auc("b150")
    );
    let fin = |l: &str| m.final_budget.iter().find(|r| r.label == l).unwrap().mean;
    assert!((fin("b100") - 0.901).abs() < 1e-12);
    assert!((fin("b200") - 0.901).abs() < 1e-12);
    assert!((fin("b150") - 0.901).abs() < 1e-12, "{}", fin("b150"));
    assert!(a
        .notes
        .iter()
        .any(|n| n.contains("different label grids") && n.contains("100 → 500")));
    // the report says so beside the AUC table and in the final-budget heading
    let out = tempfile::tempdir().unwrap();
    let md = std::fs::read_to_string(write_report(d.path(), out.path()).unwrap()).unwrap();
    assert!(
        md.contains("the configurations have different label grids"),
        "{md}"
    );
    assert!(md.contains("### Final budget (500 labels)"), "{md}");
    // the per-round table is keyed by labels, not by round (round 1 is 200, 300 or 250 labels)
    assert!(
        md.contains("| method | 100 labels | 200 labels | 250 labels | 300 labels | 400 labels | 500 labels | 550 labels |"),
        "{md}"
    );
}
