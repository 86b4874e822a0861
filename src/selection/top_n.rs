//! `top_n`: the N highest scores. `bottom_n`: the N lowest (lowest first).

use super::ranking;
use crate::pool::PoolPosition;

/// The first `n` of the ranking.
pub fn top_n(scores: &[f32], n: usize) -> Vec<PoolPosition> {
    let mut r = ranking(scores);
    r.truncate(n);
    r
}

/// The last `n` of the ranking, least informative first.
pub fn bottom_n(scores: &[f32], n: usize) -> Vec<PoolPosition> {
    let r = ranking(scores);
    r[r.len() - n..].iter().rev().copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(v: &[usize]) -> Vec<PoolPosition> {
        v.iter().map(|&i| PoolPosition(i)).collect()
    }

    #[test]
    fn picks_exact_positions() {
        let s = [0.1, 0.8, 0.3, 0.9, 0.0];
        assert_eq!(top_n(&s, 2), p(&[3, 1]));
        assert_eq!(bottom_n(&s, 2), p(&[4, 0]));
    }
}
