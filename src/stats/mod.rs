//! Pure statistics: learning curves, AUC, tests, corrections, effect sizes, power, label
//! efficiency. No IO, no polars, no burn: plain slices in, plain values out.

mod auc;
mod correction;
mod describe;
mod effect;
mod efficiency;
mod mann_whitney;
mod penalty;
mod power;
mod pvalue;
mod ranking;
mod running;
mod test_kind;
mod tost;
mod ttest;

pub use auc::{clip_curve, normalized_auc, value_at, AucError};
pub use correction::{adjust, bonferroni, holm, Correction};
pub use describe::{mean, sem, std_dev, Summary};
pub use effect::{cohens_d, diff_ci95, t_quantile_975};
pub use efficiency::{bootstrap_reach, efficiency_target, labels_to_reach, Reach, RunCurve};
pub use mann_whitney::mann_whitney_u;
pub use penalty::{add_matrices, penalty_matrix, welch_from_summaries, RoundSummary};
pub use power::{hedges_g, noncentral_t_sf, power_n, t_test_power};
pub use pvalue::PValue;
pub use ranking::{macro_mean, ranks};
pub use running::{running_mean, running_std_dev};
pub use test_kind::{test, TestKind};
pub use tost::tost_welch;
pub use ttest::{paired_t, student_t, welch_t};
