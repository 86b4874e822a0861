//! The total order every ranking-based sampler uses.

use crate::pool::PoolPosition;

/// Positions sorted by score descending; ties by position ascending; NaN last.
pub fn ranking(scores: &[f32]) -> Vec<PoolPosition> {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_unstable_by(|&a, &b| {
        let (x, y) = (scores[a], scores[b]);
        match (x.is_nan(), y.is_nan()) {
            (true, true) => a.cmp(&b),
            (true, false) => std::cmp::Ordering::Greater,
            (false, true) => std::cmp::Ordering::Less,
            _ => y.total_cmp(&x).then(a.cmp(&b)),
        }
    });
    idx.into_iter().map(PoolPosition).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descending_ties_by_position_nan_last() {
        let r = ranking(&[0.2, f32::NAN, 0.9, 0.2, 0.5]);
        let got: Vec<usize> = r.into_iter().map(|p| p.0).collect();
        assert_eq!(got, vec![2, 4, 0, 3, 1]);
    }
}
