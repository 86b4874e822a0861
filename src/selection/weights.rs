//! Scores as sampling weights for the diversity samplers (NVIDIA eqs. 4–5 weight the distance
//! by the uncertainty score `s(x)`, which must then be ≥ 0).

/// `w_i = s_i − min(0, min s)`: scores unchanged when all are ≥ 0, shifted up otherwise (a
/// z-scored `combine` has negative scores); NaN → 0. When every weight is 0 (e.g. all scores
/// equal to the minimum) all weights are 1: pure diversity.
pub fn weights(scores: &[f32]) -> Vec<f32> {
    let min = scores
        .iter()
        .copied()
        .filter(|s| s.is_finite())
        .fold(0.0f32, f32::min);
    let mut w: Vec<f32> = scores
        .iter()
        .map(|&s| if s.is_finite() { s - min } else { 0.0 })
        .collect();
    if w.iter().all(|&x| x == 0.0) {
        w.iter_mut().for_each(|x| *x = 1.0);
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifts_only_negative_scores_and_never_all_zero() {
        assert_eq!(weights(&[0.5, 0.0, 2.0]), vec![0.5, 0.0, 2.0]);
        assert_eq!(weights(&[-1.0, 1.0, f32::NAN]), vec![0.0, 2.0, 0.0]);
        assert_eq!(weights(&[0.0, 0.0]), vec![1.0, 1.0]);
        assert_eq!(weights(&[-3.0, -3.0]), vec![1.0, 1.0]);
    }
}
