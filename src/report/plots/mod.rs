//! Plots with plotters. Each figure is drawn by a function generic over the drawing backend,
//! rendered to SVG (text) and PNG (bytes); no file IO here. PNG text uses an embedded font
//! (DejaVu Sans), so figures render on machines without system fonts.

mod auc_strip;
mod axis;
mod class_histogram;
mod curves;
mod error;
mod font;
mod heatmap;
mod montage;
mod palette;
mod penalty_heatmap;
mod render;

pub use auc_strip::auc_strip;
pub use axis::{axis_label, is_count, tick};
pub use class_histogram::class_histogram;
pub use curves::{curves, CurveSpec};
pub use error::PlotError;
pub use font::ensure as ensure_font;
pub use heatmap::pvalue_heatmap;
pub use montage::{montage, Pick, PER_SIDE};
pub use penalty_heatmap::penalty_heatmap;
pub use render::{Figure, Rendered};
