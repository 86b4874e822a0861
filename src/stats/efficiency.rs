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

#[cfg(test)]
mod tests {
    use super::*;

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
