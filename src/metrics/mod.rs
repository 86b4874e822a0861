//! Metrics computed from plain arrays (logits and labels).

mod classification;

pub use classification::{classification_metrics, ClassMetrics};
