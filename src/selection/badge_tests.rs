use super::*;
use crate::selection::positions;

/// 3 candidates, 2 classes, 1 member, width 1:
/// - 0: p = (0.9, 0.1), h = (1): ŷ = 0, a = (−0.1, 0.1), g = (−0.1, 0.1), ‖g‖² = 0.02;
/// - 1: p = (0.5, 0.5) (tie → ŷ = 0), h = (2): a = (−0.5, 0.5), g = (−1, 1), ‖g‖² = 2;
/// - 2: p = (0.2, 0.8), h = (1): ŷ = 1, a = (0.2, −0.2), g = (0.2, −0.2), ‖g‖² = 0.08.
///
/// First centre: 1 (largest ‖g‖). D² to it: 0: 0.9² + 0.9² = 1.62; 2: 1.2² + 1.2² = 2.88
/// (closed form: 0.02 + 2 − 2·(0.1)·(2) = 1.62 and 0.08 + 2 − 2·(−0.2)·(2) = 2.88).
/// P(second = 2) = 2.88 / 4.5 = 0.64.
#[test]
fn hand_computed_first_centre_and_d2_draw() {
    let probs = [0.9, 0.1, 0.5, 0.5, 0.2, 0.8];
    let h = [1.0, 2.0, 1.0];
    let m = MemberProbs::new(&probs, 2, 1);
    let p = Points::dense(&h, 1);
    let mut far = 0;
    let runs = 4000;
    for seed in 0..runs {
        let got = positions(&badge(&m, &p, 2, &mut Rng::new(seed)));
        assert_eq!(got[0], 1, "the largest gradient comes first");
        far += (got[1] == 2) as usize;
    }
    let frac = far as f64 / runs as f64;
    assert!((frac - 0.64).abs() < 0.03, "{frac}");
}

#[test]
fn closed_form_equals_the_materialised_distance() {
    // Random a (K = 3) and h (D = 4); g = a ⊗ h built explicitly.
    let mut rng = Rng::new(1);
    for _ in 0..50 {
        let v: Vec<f32> = (0..14).map(|_| rng.normal() as f32).collect();
        let (ai, hi, aj, hj) = (&v[0..3], &v[3..7], &v[7..10], &v[10..14]);
        let g = |a: &[f32], h: &[f32]| -> Vec<f32> {
            a.iter()
                .flat_map(|x| h.iter().map(move |y| x * y))
                .collect()
        };
        let (gi, gj) = (g(ai, hi), g(aj, hj));
        let want: f32 = gi.iter().zip(&gj).map(|(x, y)| (x - y) * (x - y)).sum();
        let n2 = |x: &[f32]| x.iter().map(|v| v * v).sum::<f32>();
        let got = grad_dist2((ai, hi, n2(ai) * n2(hi)), (aj, hj, n2(aj) * n2(hj)));
        assert!((got - want).abs() < 1e-3 * (1.0 + want), "{got} vs {want}");
    }
}

/// All gradients equal: every distance is 0, so BADGE is a uniform draw without
/// replacement; each of 5 positions is in a pick of 2 with probability 2/5.
#[test]
fn equal_gradients_degenerate_to_uniform() {
    let probs = [0.7, 0.3].repeat(5);
    let h = [1.0, -1.0].repeat(5);
    let m = MemberProbs::new(&probs, 2, 1);
    let p = Points::dense(&h, 2);
    let runs = 5000;
    let (mut count, mut first) = ([0usize; 5], [0usize; 5]);
    for seed in 0..runs {
        let got = positions(&badge(&m, &p, 2, &mut Rng::new(seed)));
        assert_ne!(got[0], got[1]);
        first[got[0]] += 1;
        got.iter().for_each(|&i| count[i] += 1);
    }
    for i in 0..5 {
        let f = count[i] as f64 / runs as f64;
        assert!((f - 0.4).abs() < 0.03, "position {i}: {f}");
        let f0 = first[i] as f64 / runs as f64;
        assert!((f0 - 0.2).abs() < 0.03, "first centre {i}: {f0}");
    }
}

#[test]
fn picks_all_when_asked_and_is_deterministic() {
    let mut rng = Rng::new(4);
    let probs: Vec<f32> = (0..40)
        .flat_map(|_| {
            let q = rng.uniform() as f32;
            [q, 1.0 - q]
        })
        .collect();
    let h: Vec<f32> = (0..120).map(|_| rng.normal() as f32).collect();
    let m = MemberProbs::new(&probs, 2, 1);
    let p = Points::dense(&h, 3);
    let a = badge(&m, &p, 40, &mut Rng::new(2));
    let mut s = positions(&a);
    s.sort();
    assert_eq!(s, (0..40).collect::<Vec<_>>());
    assert_eq!(
        badge(&m, &p, 7, &mut Rng::new(2)),
        badge(&m, &p, 7, &mut Rng::new(2))
    );
}
