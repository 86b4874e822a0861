//! The committed comparison of the recent baselines (reports/methods_fashion_mnist/) is
//! evidence only if it follows from its committed compact results: each regime's AUC and
//! penalty tables are rebuilt by `albench report` from `results/<regime>/`, and the ranking
//! across the regimes by `albench compare`, byte for byte.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn committed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/methods_fashion_mnist")
}

#[test]
fn committed_tables_follow_from_the_committed_results() {
    let root = committed();
    let d = tempfile::tempdir().unwrap();
    let regimes = ["low", "mid"];
    for r in regimes {
        let header = root.join("results").join(r).join("compact.json");
        assert!(header.is_file(), "{} missing", header.display());
    }
    for regime in &regimes {
        let src = root.join("results").join(regime);
        let out = d.path().join(regime);
        let o = albench(
            d.path(),
            &[
                "report",
                src.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        for f in [
            "auc_test_accuracy.csv",
            "auc_test_loss.csv",
            "penalty_test_accuracy.csv",
            "penalty_test_loss.csv",
        ] {
            let want = std::fs::read_to_string(root.join(regime).join(f)).unwrap();
            let got = std::fs::read_to_string(out.join(f)).unwrap();
            assert_eq!(got, want, "{regime}/{f}");
        }
    }
    let dirs: Vec<String> = regimes
        .iter()
        .map(|r| root.join("results").join(r).display().to_string())
        .collect();
    for (format, file) in [
        ("md", "ranking.md"),
        ("csv", "ranking.csv"),
        ("html", "ranking.html"),
    ] {
        let o = albench(
            d.path(),
            &[
                "compare",
                &dirs[0],
                &dirs[1],
                "--metric",
                "test_accuracy",
                "--format",
                format,
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        let want = std::fs::read_to_string(root.join(file)).unwrap();
        assert_eq!(String::from_utf8_lossy(&o.stdout), want, "{file}");
    }
}
