//! The report's pairwise penalty matrix (Ash et al. 2020): its heatmap is written (PNG, SVG,
//! embedded in report.html and linked from report.md), its numbers are those of the
//! `penalty_<metric>.csv` and of the Markdown table, and they are the hand-computed ones;
//! a spec whose variants change the budget gets one matrix per setting and their sum.

use std::path::Path;

use albench::report::write_report;
use albench::results::{ResultsDir, RoundRecord, RunMeta, RunResult};

/// A run whose test accuracy is `acc` at each of 3 rounds.
fn run(label: &str, repeat: u32, acc: f64) -> RunResult {
    let meta = RunMeta {
        experiment: "pen".into(),
        config_id: format!("{:0>10}", label.len() * 7 + label.as_bytes()[0] as usize),
        label: label.into(),
        repeat,
        seed: 1,
        spec_hash: "h1".into(),
        machine: "test machine".into(),
        top_k: vec![5],
        ap_classes: Vec::new(),
        swept: Vec::new(),
    };
    let rounds = (0..3)
        .map(|r| RoundRecord {
            round: r,
            n_labeled: 100 * (r as usize + 1),
            n_unique: 100 * (r as usize + 1),
            n_selected: if r == 0 { 0 } else { 100 },
            test_accuracy: Some(acc),
            test_loss: Some(2.0 - acc),
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

/// Per repeat: good 0.80 ± 0.01, bad 0.50 ± 0.01, noisy 0.2 / 0.9 / 0.6 (mean 0.5667,
/// sd 0.3512), each label prefixed by `prefix`.
fn runs(prefix: &str) -> Vec<RunResult> {
    let mut v = Vec::new();
    for (rep, (g, b, n)) in [(0.80, 0.50, 0.2), (0.81, 0.51, 0.9), (0.79, 0.49, 0.6)]
        .into_iter()
        .enumerate()
    {
        v.push(run(&format!("{prefix}good"), rep as u32, g));
        v.push(run(&format!("{prefix}bad"), rep as u32, b));
        v.push(run(&format!("{prefix}noisy"), rep as u32, n));
    }
    v
}

fn results(dir: &Path, spec: &str, runs: &[RunResult]) {
    let rd = ResultsDir::new(dir);
    rd.prepare(spec, false).unwrap();
    for r in runs {
        rd.write_run(r).unwrap();
    }
}

/// `penalty,,a,b,v` lines of the CSV as (a, b, v).
fn csv_penalties(csv: &str) -> Vec<(String, String, f64)> {
    csv.lines()
        .filter_map(|l| l.strip_prefix("penalty,,"))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].into(), f[1].into(), f[2].parse().unwrap())
        })
        .collect()
}

/// The two-decimal numbers of an SVG, in drawing order (the cells, then the means row).
fn svg_numbers(svg: &str) -> Vec<String> {
    svg.split("</text>")
        .filter_map(|s| s.rsplit_once('>').map(|(_, t)| t.trim().to_string()))
        .filter(|t| {
            let (a, b) = t.split_once('.').unwrap_or(("", ""));
            !a.is_empty() && a.bytes().all(|c| c.is_ascii_digit()) && b.len() == 2
        })
        .collect()
}

/// The rows of the first Markdown table after the line `| beats →`, cells trimmed.
fn md_penalty_rows(md: &str) -> Vec<Vec<String>> {
    md.lines()
        .skip_while(|l| !l.starts_with("| beats →"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.split('|')
                .map(|c| c.trim().to_string())
                .collect::<Vec<_>>()
        })
        .map(|c| c[1..c.len() - 1].to_vec())
        .collect()
}

/// The matrix of `methods` from the CSV, checked against the figure and the Markdown table;
/// returns it.
fn check_consistent(out: &Path, stem: &str, methods: &[&str], md: &str) -> Vec<Vec<f64>> {
    let csv = std::fs::read_to_string(out.join("penalty_test_accuracy.csv")).unwrap();
    let p = csv_penalties(&csv);
    let at = |a: &str, b: &str| p.iter().find(|x| x.0 == a && x.1 == b).unwrap().2;
    let k = methods.len();
    let m: Vec<Vec<f64>> = methods
        .iter()
        .map(|a| methods.iter().map(|b| at(a, b)).collect())
        .collect();
    let means: Vec<f64> = (0..k)
        .map(|j| (0..k).filter(|&i| i != j).map(|i| m[i][j]).sum::<f64>() / (k - 1) as f64)
        .collect();
    // the figure: off-diagonal cells row by row, then the column means
    let mut want = Vec::new();
    for (i, row) in m.iter().enumerate() {
        let off_diagonal = row.iter().enumerate().filter(|(j, _)| *j != i);
        want.extend(off_diagonal.map(|(_, v)| format!("{v:.2}")));
    }
    want.extend(means.iter().map(|v| format!("{v:.2}")));
    let svg = std::fs::read_to_string(out.join(format!("{stem}.svg"))).unwrap();
    assert_eq!(svg_numbers(&svg), want, "{stem}: figure against the CSV");
    // the Markdown table: every entry and the means row
    let rows = md_penalty_rows(md);
    assert_eq!(rows.len(), k + 1);
    for (i, a) in methods.iter().enumerate() {
        assert_eq!(rows[i][0], *a);
        for j in 0..k {
            assert_eq!(rows[i][j + 1], format!("{:.2}", m[i][j]));
        }
    }
    for j in 0..k {
        assert_eq!(rows[k][j + 1], format!("{:.2}", means[j]));
    }
    m
}

#[test]
fn the_heatmap_is_written_and_matches_the_csv_and_the_table() {
    let d = tempfile::tempdir().unwrap();
    let spec = "name = \"pen\"\n[report]\nmetrics = [\"test_accuracy\"]\n";
    results(d.path(), spec, &runs(""));
    let out = d.path().join("rep");
    write_report(d.path(), &out).unwrap();
    let stem = "penalty_test_accuracy";
    for ext in ["png", "svg"] {
        assert!(out.join(format!("{stem}.{ext}")).is_file(), "{stem}.{ext}");
    }
    let png = std::fs::read(out.join(format!("{stem}.png"))).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(html.contains(&format!("id=\"fig-{stem}\"")));
    assert!(md.contains(&format!("({stem}.png)")));
    // the definition follows the figure
    let after = &md[md.find(&format!("({stem}.png)")).unwrap()..];
    assert!(after.contains("two-sided Welch t-test") && after.contains("adds 1/L"));
    let labels: Vec<String> = md_penalty_rows(&md).iter().map(|r| r[0].clone()).collect();
    let order: Vec<&str> = labels[..3].iter().map(String::as_str).collect();
    let m = check_consistent(&out, stem, &order, &md);
    // By hand, at each of the 3 rounds: good vs bad t = 0.30 / √(2·0.01²/3) = 36.7, df 4,
    // p < 0.001: good gains 1/3 per round, 1 in all; noisy vs good t = 0.233 / √(0.01²/3 +
    // 0.3512²/3) = 1.15 (p ≈ 0.37) and vs bad t = 0.33 (p ≈ 0.77): nothing else.
    let ix = |s: &str| order.iter().position(|x| *x == s).unwrap();
    for (i, row) in m.iter().enumerate() {
        for (j, v) in row.iter().enumerate() {
            let want = if (i, j) == (ix("good"), ix("bad")) {
                1.0
            } else {
                0.0
            };
            assert!((v - want).abs() < 1e-12, "{}→{}: {v}", order[i], order[j]);
        }
    }
}

#[test]
fn variants_that_change_the_budget_are_settings_summed_and_shown_apart() {
    let d = tempfile::tempdir().unwrap();
    let mut spec = String::from("name = \"pen\"\n[report]\nmetrics = [\"test_accuracy\"]\n");
    for (setting, base) in [("low", 100), ("mid", 200)] {
        for (method, scorer) in [("good", "margin"), ("bad", "random"), ("noisy", "entropy")] {
            spec.push_str(&format!(
                "[[variant]]\nlabel = \"{setting}/{method}\"\n\"loop.base\" = {base}\n\"query.scorer\" = \"{scorer}\"\n"
            ));
        }
    }
    let mut all = runs("low/");
    all.extend(runs("mid/"));
    results(d.path(), &spec, &all);
    let out = d.path().join("rep");
    write_report(d.path(), &out).unwrap();
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let labels: Vec<String> = md_penalty_rows(&md).iter().map(|r| r[0].clone()).collect();
    let order: Vec<&str> = labels[..3].iter().map(String::as_str).collect();
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        ["bad", "good", "noisy"],
        "methods matched across settings"
    );
    let m = check_consistent(&out, "penalty_test_accuracy", &order, &md);
    let ix = |s: &str| order.iter().position(|x| *x == s).unwrap();
    // good beats bad at every round of both settings: 1 + 1
    assert_eq!(m[ix("good")][ix("bad")], 2.0);
    assert_eq!(m.iter().flatten().sum::<f64>(), 2.0);
    assert!(md.contains("2 settings (low (L = 3); mid (L = 3))"), "{md}");
    for k in [1, 2] {
        let stem = format!("penalty_test_accuracy_{k}");
        assert!(out.join(format!("{stem}.png")).is_file(), "{stem}");
        assert!(md.contains(&format!("({stem}.png)")), "{stem}");
    }
    // one setting alone: good beats bad at all its rounds, 1
    let svg = std::fs::read_to_string(out.join("penalty_test_accuracy_1.svg")).unwrap();
    let numbers = svg_numbers(&svg);
    assert_eq!(numbers.iter().filter(|v| *v == "1.00").count(), 1);
    assert_eq!(numbers.iter().filter(|v| *v == "0.50").count(), 1); // bad's column mean
}
