//! Human labels and tick styles for the columns a figure can show: "Test accuracy", not
//! `test_accuracy`; integer ticks for counts.

/// The axis label of a round-table column (the column name itself when unknown).
pub fn axis_label(column: &str) -> String {
    let known = match column {
        "test_accuracy" => "Test accuracy",
        "test_loss" => "Test loss (cross-entropy)",
        "val_accuracy" => "Validation accuracy",
        "val_loss" => "Validation loss (cross-entropy)",
        "train_loss" => "Training loss (cross-entropy)",
        "n_labeled" => "Labeled images (repeats counted)",
        "n_unique" => "Distinct labeled images",
        "n_boxes" => "Labeled boxes (distinct images)",
        "train_time_s" => "Cumulative training time (s)",
        "test_map" => "Test AP (IoU 0.50:0.95)",
        "test_map50" => "Test AP50",
        "test_wmap" => "Test wMAP (size-weighted AP)",
        "epochs" => "Epochs per round",
        "round" => "Round",
        "time_train_s" => "Training time per round (s)",
        "time_score_s" => "Scoring time per round (s)",
        "time_select_s" => "Selection time per round (s)",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    match column
        .strip_prefix("test_top")
        .and_then(|s| s.strip_suffix("_accuracy"))
    {
        Some(k) => format!("Test top-{k} accuracy"),
        None => match column.strip_prefix("test_ap_") {
            Some(class) => format!("Test AP, {class}"),
            None => column.to_string(),
        },
    }
}

/// Whether the column counts things (integer ticks).
pub fn is_count(column: &str) -> bool {
    matches!(
        column,
        "n_labeled" | "n_unique" | "n_boxes" | "epochs" | "round"
    )
}

/// A tick label: integers for counts, else up to 4 significant decimals without trailing
/// zeros.
pub fn tick(v: f64, count: bool) -> String {
    if count {
        // a count has no fractional ticks: leave them unlabelled rather than print "2" twice
        return if (v - v.round()).abs() < 1e-6 {
            format!("{:.0}", v)
        } else {
            String::new()
        };
    }
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_ticks() {
        assert_eq!(axis_label("test_accuracy"), "Test accuracy");
        assert_eq!(axis_label("test_top5_accuracy"), "Test top-5 accuracy");
        assert_eq!(axis_label("n_labeled"), "Labeled images (repeats counted)");
        assert_eq!(axis_label("something_else"), "something_else");
        assert_eq!(tick(500.0, true), "500");
        assert_eq!(tick(2.5, true), "", "no fractional tick on a count axis");
        assert_eq!(tick(0.25, false), "0.25");
        assert_eq!(tick(0.3, false), "0.3");
        assert_eq!(tick(2.0, false), "2");
        assert!(is_count("n_unique") && !is_count("test_loss"));
    }
}
