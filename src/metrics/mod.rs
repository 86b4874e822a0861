//! Metrics computed from plain arrays: classification (logits and labels) and detection
//! (boxes and scores).

mod classification;
mod columns;
pub mod detection;

pub use classification::{classification_metrics, ClassMetrics};
pub use columns::{higher_is_better, is_metric_column, METRIC_COLUMNS};
