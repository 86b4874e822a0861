//! The paper pages' statistical rules on hand-made results: claims about given rounds or
//! label counts are tested there (not on the whole-budget AUC), cost metrics are lower is
//! better, and every p-value table of a report names its correction family.

use std::path::Path;

use albench::report::{
    analyse_dir, check_claims, page_markdown, write_report, Band, Claim, Options, Outcome, PageRun,
    PaperPage, SourceP, XAxis,
};
use albench::results::{ResultsDir, RoundRecord, RunMeta, RunResult};
use albench::spec::{Correction, TestKind};

/// A run of `label`, repeat `rep`: test accuracy `acc[r] + off` and `n_unique = uniq[r] + rep`
/// at round r, n_labeled = 100 · (r + 1); off = (rep − 1) / 100.
fn run(label: &str, rep: u32, acc: &[f64], uniq: &[usize]) -> RunResult {
    let meta = RunMeta {
        experiment: "claims".into(),
        config_id: format!("{label:0>10}").chars().take(10).collect(),
        label: label.into(),
        repeat: rep,
        seed: 1,
        spec_hash: "h1".into(),
        machine: "test machine".into(),
        top_k: vec![5],
        ap_classes: Vec::new(),
        swept: vec![("query.scorer".into(), label.into())],
    };
    let off = (f64::from(rep) - 1.0) / 100.0;
    let rounds = acc
        .iter()
        .zip(uniq)
        .enumerate()
        .map(|(r, (a, u))| RoundRecord {
            round: r as u32,
            n_labeled: 100 * (r + 1),
            n_unique: u + rep as usize,
            n_selected: if r == 0 { 0 } else { 100 },
            epochs: Some(3),
            test_accuracy: Some(a + off),
            test_loss: Some(2.0 - a - off),
            status: "ok".into(),
            ..Default::default()
        })
        .collect();
    RunResult {
        meta,
        rounds,
        selections: Vec::new(),
        ab: Vec::new(),
        status: "ok".into(),
    }
}

/// random and margin, 3 repeats each: margin ahead in rounds 1–2 (0.75 vs 0.65 on average),
/// far behind at round 3 (0.60 vs 0.90); margin labels fewer unique images.
fn two_methods(dir: &Path, more: &[&str]) {
    let rd = ResultsDir::new(dir);
    rd.prepare(
        "name = \"claims\"\n[report]\nmetrics = [\"test_accuracy\", \"n_unique\"]\n",
        false,
    )
    .unwrap();
    for rep in 0..3 {
        let runs = [
            run("random", rep, &[0.5, 0.6, 0.7, 0.9], &[100, 200, 300, 400]),
            run("margin", rep, &[0.5, 0.7, 0.8, 0.6], &[100, 180, 260, 340]),
        ];
        for r in runs.iter().chain(
            more.iter()
                .map(|l| run(l, rep, &[0.5, 0.62, 0.72, 0.85], &[100, 200, 300, 400]))
                .collect::<Vec<_>>()
                .iter(),
        ) {
            rd.write_run(r).unwrap();
        }
    }
}

fn opts(metrics: &[&str]) -> Options {
    Options {
        metrics: metrics.iter().map(|m| m.to_string()).collect(),
        baseline: Some("random".into()),
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
fn early_round_claims_are_tested_on_their_rounds_and_label_counts() {
    let d = tempfile::tempdir().unwrap();
    two_methods(d.path(), &[]);
    let a = analyse_dir(d.path(), &opts(&["test_accuracy"])).unwrap();
    let claims = [
        Claim::Rounds {
            text: "margin learns faster in the first rounds",
            better: "margin",
            worse: "random",
            metric: "test_accuracy",
            rounds: (1, 2),
        },
        Claim::AtLabels {
            text: "margin is ahead at 200 and 300 labels",
            better: "margin",
            worse: "random",
            metric: "test_accuracy",
            labels: &[200, 300],
        },
        Claim::AtLabels {
            text: "margin is ahead at 200 and 400 labels",
            better: "margin",
            worse: "random",
            metric: "test_accuracy",
            labels: &[200, 400],
        },
        Claim::Rounds {
            text: "rounds the runs do not have",
            better: "margin",
            worse: "random",
            metric: "test_accuracy",
            rounds: (3, 4),
        },
    ];
    let c = check_claims(&claims, &a);
    // rounds 1–2: per-run means (0.7 + 0.8) / 2 + off = 0.75 + off vs (0.6 + 0.7) / 2 + off
    assert_eq!(c[0].outcome, Outcome::Holds, "{}", c[0].evidence);
    assert!(
        c[0].evidence
            .contains("mean test_accuracy over rounds 1–2: margin 0.7500 vs random 0.6500"),
        "{}",
        c[0].evidence
    );
    assert_eq!(c[1].outcome, Outcome::Holds, "{}", c[1].evidence);
    assert!(
        c[1].evidence.contains("200 labels: 0.7000 vs 0.6000"),
        "{}",
        c[1].evidence
    );
    assert!(
        c[1].evidence.contains("300 labels: 0.8000 vs 0.7000"),
        "{}",
        c[1].evidence
    );
    // at 400 labels margin is far behind: the claim at every count does not hold
    assert_eq!(c[2].outcome, Outcome::Contradicted, "{}", c[2].evidence);
    assert_eq!(c[3].outcome, Outcome::NotComputed, "{}", c[3].evidence);
    // one family over the page: 1 + 2 + 2 tests from 3 claims (the not-computed claim adds
    // none), the two counts named
    assert!(
        c[0].evidence
            .contains("Holm over the page's 5 tests of its 3 claims"),
        "{}",
        c[0].evidence
    );
}

#[test]
fn cost_metrics_are_lower_is_better_in_rankings_and_claims() {
    let d = tempfile::tempdir().unwrap();
    two_methods(d.path(), &[]);
    let a = analyse_dir(d.path(), &opts(&["n_unique"])).unwrap();
    let m = &a.metrics[0];
    assert!(!m.higher_is_better);
    let rank = |l: &str| m.auc.iter().find(|r| r.label == l).unwrap().rank;
    assert_eq!(
        (rank("margin"), rank("random")),
        (1, 2),
        "fewer labels rank first"
    );
    let claims = [Claim::Final {
        text: "margin labels fewer unique images than random",
        better: "margin",
        worse: "random",
        metric: "n_unique",
        round: None,
    }];
    let c = check_claims(&claims, &a);
    // at round 3: 340 + rep vs 400 + rep
    assert_eq!(c[0].outcome, Outcome::Holds, "{}", c[0].evidence);
    assert!(
        c[0].evidence.contains("margin 341.0000 vs random 401.0000"),
        "{}",
        c[0].evidence
    );
}

#[test]
fn every_p_value_table_of_the_report_names_its_family() {
    let d = tempfile::tempdir().unwrap();
    two_methods(d.path(), &["entropy", "least_confidence"]);
    let md =
        std::fs::read_to_string(write_report(d.path(), &d.path().join("rep")).unwrap()).unwrap();
    // the same comparison (margin vs random) is corrected among 6 pairs in the matrix and
    // among the 3 comparisons with random in the AUC and final-budget tables: both say so
    for want in [
        "Pairwise p-values (Welch; Holm over 6 pairs: every pair of the 4 methods)",
        "p (corrected): Holm over 3 comparisons with random.",
        // the verdict sentences say which family their corrected p comes from
        " (Holm over 3 comparisons with random); 3 vs 3 runs",
    ] {
        assert!(md.contains(want), "{want}\n{md}");
    }
    assert!(
        !md.contains("Pairwise p-values (Welch, Holm)"),
        "no table says only \"Holm\": {md}"
    );
}

#[test]
fn the_source_p_values_stand_beside_ours() {
    let d = tempfile::tempdir().unwrap();
    two_methods(d.path(), &[]);
    let a = analyse_dir(d.path(), &opts(&["test_accuracy"])).unwrap();
    let page = PaperPage {
        name: "t",
        title: "T",
        source: "S",
        comparability: "C",
        paper: &[],
        pretrain: &[],
        source_p: &[SourceP {
            a: "margin",
            b: "random",
            metric: "test_accuracy",
            table: "Table 4.3",
            p: "0.05",
        }],
        claims: &[Claim::Auc {
            text: "margin beats random",
            better: "margin",
            worse: "random",
            metric: "test_accuracy",
        }],
        differs: &["D"],
        notes: &[],
    };
    let run = PageRun {
        command: "c".into(),
        version: "v".into(),
        commit: "x".into(),
        run_commit: "y".into(),
        machine: "m".into(),
        wall_s: 1.0,
        elapsed_s: None,
        scale: "full".into(),
        repeats: 3,
        init_scheme: "keras".into(),
        baselines: Vec::new(),
    };
    let (md, checks) = page_markdown(&page, &a, &run);
    assert!(md.contains("## The source's p-values beside ours"), "{md}");
    // per-run AUCs (mean accuracy over 100 → 400 labels, trapezoids): random 2.00/3 + off,
    // margin 2.05/3 + off, off = −0.01, 0, 0.01 on both sides (s = 0.01):
    // Welch t = (0.05/3) / √(2 · 0.01² / 3) = 0.016667 / 0.0081650 = +2.04
    let row = md
        .lines()
        .find(|l| l.starts_with("| margin vs random | test_accuracy (Table 4.3) | 0.05 | "))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(row.contains("| +2.04 |"), "{row}");
    // our uncorrected p is the claim's (the page's test on the same per-run AUCs)
    let p = checks[0]
        .evidence
        .split("Welch p ")
        .nth(1)
        .map(|s| s.trim_start_matches("= "))
        .and_then(|s| s.split([',', ';', ')', ' ']).next())
        .unwrap_or_else(|| panic!("{}", checks[0].evidence));
    assert!(row.contains(&format!("| {p} |")), "{row} / {p}");
    assert!(md.contains("Initialisation (`model.init_scheme`, from the manifest): `keras`."));
}

/// A "no conclusion" whose observed difference goes against the claim says so; one that
/// leans the claim's way does not.
#[test]
fn a_no_conclusion_against_the_claim_says_the_observed_direction() {
    let d = tempfile::tempdir().unwrap();
    let rd = ResultsDir::new(d.path());
    rd.prepare(
        "name = \"claims\"\n[report]\nmetrics = [\"test_accuracy\"]\n",
        false,
    )
    .unwrap();
    // AUCs (trapezoids over 4 equally spaced rounds, divided by the range), before the
    // repeat offset: random 2.000/3 each repeat; loud 2.425/3, 1.450/3, 2.150/3 (mean
    // 6.025/9 = 0.669 > 0.667, spread far wider than the gap)
    let loud = [
        [0.5, 0.8, 0.9, 0.95],
        [0.5, 0.4, 0.5, 0.6],
        [0.5, 0.7, 0.75, 0.9],
    ];
    for rep in 0..3u32 {
        let u = [100, 200, 300, 400];
        rd.write_run(&run("random", rep, &[0.5, 0.6, 0.7, 0.9], &u))
            .unwrap();
        rd.write_run(&run("loud", rep, &loud[rep as usize], &u))
            .unwrap();
    }
    let a = analyse_dir(d.path(), &opts(&["test_accuracy"])).unwrap();
    let claim = |better, worse| Claim::Auc {
        text: "t",
        better,
        worse,
        metric: "test_accuracy",
    };
    let c = check_claims(&[claim("random", "loud"), claim("loud", "random")], &a);
    for x in &c {
        assert_eq!(x.outcome, Outcome::NoConclusion, "{}", x.evidence);
    }
    assert!(
        c[0].evidence
            .ends_with("; observed the other way round, not significant"),
        "{}",
        c[0].evidence
    );
    assert!(
        !c[1].evidence.contains("other way round"),
        "{}",
        c[1].evidence
    );
}
