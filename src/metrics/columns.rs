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
