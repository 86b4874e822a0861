//! Label efficiency: the fewest labels at which a mean learning curve reaches a target.

/// Where a curve reaches its target.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reach {
    /// Reached at this many labels (linear interpolation between rounds).
    At(f64),
    /// Never reached within the rounds run.
    NotReached,
}

/// First x at which `y` reaches `target` (≥ when `higher_is_better`, else ≤), interpolating
/// linearly between consecutive points. Points must be in increasing x.
pub fn labels_to_reach(x: &[f64], y: &[f64], target: f64, higher_is_better: bool) -> Reach {
    let ok = |v: f64| {
        if higher_is_better {
            v >= target
        } else {
            v <= target
        }
    };
    for i in 0..x.len().min(y.len()) {
        if !y[i].is_finite() {
            continue;
        }
        if ok(y[i]) {
            if i == 0 || !y[i - 1].is_finite() {
                return Reach::At(x[i]);
            }
            let (x0, x1, y0, y1) = (x[i - 1], x[i], y[i - 1], y[i]);
            let t = if y1 == y0 {
                1.0
            } else {
                (target - y0) / (y1 - y0)
            };
            return Reach::At(x0 + t.clamp(0.0, 1.0) * (x1 - x0));
        }
    }
    Reach::NotReached
}

/// One run's learning curve at the rounds every compared run has: x (labels) and y (the
/// metric), the same length for every run of a comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct RunCurve {
    /// Labels per round, increasing.
    pub x: Vec<f64>,
    /// Metric per round.
    pub y: Vec<f64>,
}

/// The target of label efficiency: `fraction` of the baseline's mean final value (mirrored,
/// `mean · (2 − fraction)`, when lower is better).
pub fn efficiency_target(baseline_final_mean: f64, fraction: f64, higher_is_better: bool) -> f64 {
    if higher_is_better {
        fraction * baseline_final_mean
    } else {
        baseline_final_mean * (2.0 - fraction)
    }
}

/// Where the mean curve of `runs` reaches `target`.
fn mean_reach(runs: &[&RunCurve], target: f64, higher: bool) -> Reach {
    let len = runs
        .iter()
        .map(|r| r.x.len().min(r.y.len()))
        .min()
        .unwrap_or(0);
    let n = runs.len() as f64;
    let x: Vec<f64> = (0..len)
        .map(|i| runs.iter().map(|r| r.x[i]).sum::<f64>() / n)
        .collect();
    let y: Vec<f64> = (0..len)
        .map(|i| runs.iter().map(|r| r.y[i]).sum::<f64>() / n)
        .collect();
    labels_to_reach(&x, &y, target, higher)
}

/// Percentile bootstrap 95 % interval of the labels at which the method's mean curve reaches
/// the target `fraction` of the baseline's mean final value. Each of `resamples` draws
/// resamples the method's runs and the baseline's final values with replacement (from
/// `rng`), recomputes the target and the reach. Returns (2.5 %, 97.5 %) percentiles; a bound
/// is [`Reach::NotReached`] when more than that share of the draws never reach the target.
/// `None` without runs.
pub fn bootstrap_reach(
    runs: &[RunCurve],
    baseline_final: &[f64],
    fraction: f64,
    higher_is_better: bool,
    resamples: usize,
    rng: &mut crate::rng::Rng,
) -> Option<(Reach, Reach)> {
    if runs.is_empty() || baseline_final.is_empty() || resamples == 0 {
        return None;
    }
    let mut reach = Vec::with_capacity(resamples);
    let mut pick: Vec<&RunCurve> = Vec::with_capacity(runs.len());
    for _ in 0..resamples {
        let base = (0..baseline_final.len())
            .map(|_| baseline_final[rng.below(baseline_final.len())])
            .sum::<f64>()
            / baseline_final.len() as f64;
        pick.clear();
        pick.extend((0..runs.len()).map(|_| &runs[rng.below(runs.len())]));
        let target = efficiency_target(base, fraction, higher_is_better);
        reach.push(match mean_reach(&pick, target, higher_is_better) {
            Reach::At(x) => x,
            Reach::NotReached => f64::INFINITY,
        });
    }
    reach.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let v = reach[((q * (resamples - 1) as f64).round() as usize).min(resamples - 1)];
        if v.is_finite() {
            Reach::At(v)
        } else {
            Reach::NotReached
        }
    };
    Some((at(0.025), at(0.975)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bootstrap_interval_spans_the_extreme_resamples() {
        // Two runs at x = 100, 300, 500: a = 0.6, 0.8, 0.9 reaches 0.8 at 300; b = 0.5, 0.7,
        // 0.8 (0.1 lower) reaches it at 500. The baseline's final value is 0.8 (one run) and
        // the target is 1.0 × 0.8.
        // Resamples {a,a}: 300; {a,b}: mean 0.55, 0.75, 0.85 → 300 + (0.05/0.1)·200 = 400;
        // {b,b}: 500. With 4,000 draws each extreme has probability 1/4, so the 2.5 % and
        // 97.5 % percentiles are exactly 300 and 500.
        let a = RunCurve {
            x: vec![100.0, 300.0, 500.0],
            y: vec![0.6, 0.8, 0.9],
        };
        let b = RunCurve {
            x: vec![100.0, 300.0, 500.0],
            y: vec![0.5, 0.7, 0.8],
        };
        let mut rng = crate::rng::Rng::new(7);
        let ci = bootstrap_reach(&[a.clone(), b], &[0.8], 1.0, true, 4000, &mut rng).unwrap();
        assert_eq!(ci, (Reach::At(300.0), Reach::At(500.0)));
        // identical runs: the interval collapses onto the point estimate
        let ci = bootstrap_reach(&[a.clone(), a.clone()], &[0.8], 1.0, true, 500, &mut rng);
        assert_eq!(ci, Some((Reach::At(300.0), Reach::At(300.0))));
        // a target no resample reaches
        let ci = bootstrap_reach(&[a], &[0.95], 1.0, true, 100, &mut rng);
        assert_eq!(ci, Some((Reach::NotReached, Reach::NotReached)));
        assert_eq!(efficiency_target(0.5, 0.95, false), 0.5 * 1.05);
    }

    #[test]
    fn interpolates() {
        // 0.6 at 100, 0.8 at 300: target 0.75 → 100 + 0.75·200 = 250
        let x = [100.0, 300.0, 500.0];
        let Reach::At(a) = labels_to_reach(&x, &[0.6, 0.8, 0.9], 0.75, true) else {
            panic!("not reached")
        };
        assert!((a - 250.0).abs() < 1e-9, "{a}");
        assert_eq!(
            labels_to_reach(&x, &[0.6, 0.8, 0.9], 0.5, true),
            Reach::At(100.0)
        );
        assert_eq!(
            labels_to_reach(&x, &[0.6, 0.8, 0.9], 0.95, true),
            Reach::NotReached
        );
        // losses: 1.0, 0.6, 0.5 ; target 0.8 → 100 + 0.5·200 = 200
        let Reach::At(b) = labels_to_reach(&x, &[1.0, 0.6, 0.5], 0.8, false) else {
            panic!("not reached")
        };
        assert!((b - 200.0).abs() < 1e-9, "{b}");
    }
}
