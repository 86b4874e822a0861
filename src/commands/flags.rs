//! Flags that several commands share, checked and turned into library values.

use albench::pipeline::ReportOverrides;

use super::AppError;
use crate::cli::StatsArgs;

/// The report options of `--metric`, `--baseline`, `--test`, … checked: known metrics, a
/// target in (0, 2], an equivalence margin ≥ 0.
pub fn report_overrides(s: &StatsArgs, metrics: &[String]) -> Result<ReportOverrides, AppError> {
    for m in metrics {
        if !albench::results::is_metric_column(m) {
            return Err(AppError::Flag(format!(
                "--metric {m}: unknown; allowed: {}",
                albench::results::METRIC_COLUMNS.join(", ")
            )));
        }
    }
    if let Some(t) = s.target {
        if !(t > 0.0 && t <= 2.0) {
            return Err(AppError::Flag(format!("--target {t}: must be in (0, 2]")));
        }
    }
    if let Some(e) = s.equivalence {
        if !(e >= 0.0 && e.is_finite()) {
            return Err(AppError::Flag(format!(
                "--equivalence {e}: must be a margin ≥ 0 in AUC units"
            )));
        }
    }
    Ok(ReportOverrides {
        metrics: metrics.to_vec(),
        baseline: s.baseline.clone(),
        test: s.test,
        correction: s.correction,
        target: s.target,
        x: s.x,
        equivalence: s.equivalence,
        spec_hash: s.spec_hash.clone(),
    })
}

/// `--jobs N`, N ≥ 1.
pub fn check_jobs(jobs: usize) -> Result<(), AppError> {
    if jobs == 0 {
        return Err(AppError::Flag("--jobs 0: must be ≥ 1".into()));
    }
    Ok(())
}
