//! Speed of the report: aggregate 1,000 runs × 20 rounds (10 methods × 100 repeats) and write
//! every table and figure. Target (issue "Statistics and reports"): under 2 s on 2 cores.
//!
//! Run: `cargo bench --bench report`. Prints the time to write the run files (setup, not
//! measured), then the median of 3 timed `write_report` calls.

use std::time::Instant;

use albench::report::write_report;
use albench::results::{ResultsDir, RoundRecord, RunMeta, RunResult};
use albench::rng::Rng;

fn main() {
    let dir = std::env::temp_dir().join(format!("albench-bench-report-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let rd = ResultsDir::new(&dir);
    rd.prepare(
        "name = \"bench\"\n[report]\nmetrics = [\"test_accuracy\", \"test_loss\"]\n",
        false,
    )
    .unwrap();
    let t = Instant::now();
    let mut rng = Rng::new(1);
    for m in 0..10 {
        let label = if m == 0 {
            "random".to_string()
        } else {
            format!("method{m}")
        };
        for repeat in 0..100u32 {
            let rounds = (0..20)
                .map(|r| {
                    let acc = 0.5 + 0.02 * r as f64 + 0.002 * m as f64 + 0.01 * rng.normal();
                    RoundRecord {
                        round: r,
                        n_labeled: 100 * (r as usize + 1),
                        n_unique: 100 * (r as usize + 1),
                        n_selected: 100,
                        epochs: Some(5),
                        test_accuracy: Some(acc),
                        test_loss: Some(2.0 - acc),
                        status: "ok".into(),
                        ..Default::default()
                    }
                })
                .collect();
            let meta = RunMeta {
                experiment: "bench".into(),
                config_id: format!("{m:010}"),
                label: label.clone(),
                repeat,
                seed: 1,
                spec_hash: "h".into(),
                machine: "bench machine".into(),
                top_k: vec![5],
                ap_classes: Vec::new(),
                swept: vec![("query.scorer".into(), label.clone())],
            };
            rd.write_run(&RunResult {
                meta,
                rounds,
                selections: Vec::new(),
                ab: Vec::new(),
                status: "ok".into(),
            })
            .unwrap();
        }
    }
    println!(
        "setup: wrote 1,000 run files × 20 rounds in {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let mut times = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        write_report(&dir, &dir.join("report")).unwrap();
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "report: aggregate 1,000 runs × 20 rounds, all tables and figures: {:.2} s (median of 3)",
        times[1]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
