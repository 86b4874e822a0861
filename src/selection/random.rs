//! `random`: N positions uniformly without replacement, ignoring scores.

use crate::pool::PoolPosition;
use crate::rng::Rng;

/// Uniform draw of `n` of `len` positions.
pub fn random(len: usize, n: usize, rng: &mut Rng) -> Vec<PoolPosition> {
    rng.sample_indices(len, n)
        .into_iter()
        .map(PoolPosition)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_distinct() {
        let a = random(50, 10, &mut Rng::new(4));
        let b = random(50, 10, &mut Rng::new(4));
        assert_eq!(a, b);
        let mut s: Vec<usize> = a.iter().map(|p| p.0).collect();
        s.sort();
        s.dedup();
        assert_eq!(s.len(), 10);
    }
}
