//! Names of the numeric columns of the round table (`results/`) that reports can aggregate:
//! the metrics a spec may name in `report.metrics`.

/// Metric columns (besides `test_top{k}_accuracy`, whose k is `train.top_k`).
pub const METRIC_COLUMNS: &[&str] = &[
    "test_accuracy",
    "test_loss",
    "test_top5_accuracy",
    "val_loss",
    "val_accuracy",
    "train_loss",
    "epochs",
    "n_labeled",
    "n_unique",
    "test_map",
    "test_map50",
    "test_wmap",
    "n_boxes",
    "time_train_s",
    "time_score_s",
    "time_select_s",
];

/// Whether `name` is a metric column (`test_top{k}_accuracy` for any k and `test_ap_<class>`
/// for any class included).
pub fn is_metric_column(name: &str) -> bool {
    METRIC_COLUMNS.contains(&name)
        || name.strip_prefix("test_ap_").is_some_and(|c| !c.is_empty())
        || name
            .strip_prefix("test_top")
            .and_then(|s| s.strip_suffix("_accuracy"))
            .is_some_and(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_digit()))
}

/// Whether a larger value of the metric column `name` is better: false for losses and for
/// costs — labels bought (`n_labeled`, `n_unique`, `n_boxes`), training epochs and the
/// `time_*_s` wall times — true for everything else (accuracies, mAPs, APs).
pub fn higher_is_better(name: &str) -> bool {
    let cost = matches!(name, "n_labeled" | "n_unique" | "n_boxes" | "epochs")
        || (name.starts_with("time_") && name.ends_with("_s"));
    !(cost || name.contains("loss"))
}

#[cfg(test)]
mod direction_tests {
    use super::higher_is_better;

    #[test]
    fn costs_and_losses_are_lower_is_better() {
        for m in [
            "test_loss",
            "val_loss",
            "train_loss",
            "n_labeled",
            "n_unique",
            "n_boxes",
        ] {
            assert!(!higher_is_better(m), "{m}");
        }
        for m in ["epochs", "time_train_s", "time_score_s", "time_select_s"] {
            assert!(!higher_is_better(m), "{m}");
        }
        for m in [
            "test_accuracy",
            "test_top5_accuracy",
            "test_wmap",
            "test_ap_car",
            "test_map50",
        ] {
            assert!(higher_is_better(m), "{m}");
        }
    }
}
