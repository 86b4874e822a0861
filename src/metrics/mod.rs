//! Metrics computed from plain arrays: classification (logits and labels) and detection
//! (boxes and scores).

mod classification;
pub mod detection;

pub use classification::{classification_metrics, ClassMetrics};
