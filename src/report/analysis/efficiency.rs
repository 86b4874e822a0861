//! Label efficiency of one metric: the labels at which each method's mean curve reaches the
//! target (a fraction of the baseline's final mean), the saving against the baseline, and
//! its bootstrap interval.

use super::{Curve, EfficiencyRow};
use crate::rng::{Purpose, Rng};
use crate::spec::fnv1a64;
use crate::stats::{bootstrap_reach, efficiency_target, labels_to_reach, Reach, RunCurve};

fn reach_opt(r: Reach) -> Option<f64> {
    match r {
        Reach::At(x) => Some(x),
        Reach::NotReached => None,
    }
}

/// Label efficiency against the baseline's final mean: the target and, per curve, the
/// labels at which it is reached and the saving against the baseline.
pub(super) fn efficiency(
    curves: &[Curve],
    baseline: Option<&str>,
    higher: bool,
    fraction: f64,
) -> (Option<f64>, Vec<EfficiencyRow>) {
    let base_curve = baseline.and_then(|b| curves.iter().find(|c| c.label == b));
    let target = base_curve
        .and_then(|c| c.points.last())
        .map(|p| efficiency_target(p.mean, fraction, higher));
    let reach = |c: &Curve| -> Option<f64> {
        let t = target?;
        let xs: Vec<f64> = c.points.iter().map(|p| p.x).collect();
        let ys: Vec<f64> = c.points.iter().map(|p| p.mean).collect();
        match labels_to_reach(&xs, &ys, t, higher) {
            Reach::At(x) => Some(x),
            Reach::NotReached => None,
        }
    };
    let base_reach = base_curve.and_then(reach);
    let efficiency = curves
        .iter()
        .map(|c| {
            let at = reach(c);
            let saving = at.zip(base_reach).map(|(a, b)| b - a);
            EfficiencyRow {
                label: c.label.clone(),
                labels: at,
                saving,
                saving_pct: saving
                    .zip(base_reach)
                    .filter(|(_, b)| *b > 0.0)
                    .map(|(s, b)| s / b * 100.0),
                ci: None,
            }
        })
        .collect();

    (target, efficiency)
}

/// Set each row's bootstrap interval ([`EfficiencyRow::ci`]): the runs of its method
/// (`per_run`) and the baseline's final values resampled, 2,000 draws, one seed per label (so
/// adding a method changes no other method's interval).
pub(super) fn bootstrap_cis(
    rows: &mut [EfficiencyRow],
    per_run: &dyn Fn(&str) -> Vec<RunCurve>,
    baseline: &str,
    higher: bool,
    fraction: f64,
) {
    let base_final: Vec<f64> = per_run(baseline)
        .iter()
        .filter_map(|c| c.y.last().copied())
        .filter(|v| v.is_finite())
        .collect();
    for e in rows.iter_mut() {
        let mut rng = Rng::derive(0, Purpose::Bootstrap, &[fnv1a64(e.label.as_bytes())]);
        e.ci = bootstrap_reach(
            &per_run(&e.label),
            &base_final,
            fraction,
            higher,
            2000,
            &mut rng,
        )
        .map(|(lo, hi)| (reach_opt(lo), reach_opt(hi)));
    }
}
