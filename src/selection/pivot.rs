//! `pivot` (thesis 4.1.3): N consecutive samples of the ranking centred at quantile p.
//!
//! The window starts at `clamp(round(p·(L−1) − (N−1)/2), 0, L−N)` for a ranking of length L:
//! p = 0 gives `top_n`, p = 1 the N lowest scores (`bottom_n` as a set), p = 0.5 the middle.

use super::ranking;
use crate::pool::PoolPosition;

/// Start of the pivot window in the ranking.
pub fn pivot_window(len: usize, n: usize, p: f64) -> usize {
    if n >= len {
        return 0;
    }
    let centre = p * (len - 1) as f64;
    let start = (centre - (n as f64 - 1.0) / 2.0).round();
    start.clamp(0.0, (len - n) as f64) as usize
}

/// The window of the ranking around quantile `p`.
pub fn pivot(scores: &[f32], n: usize, p: f64) -> Vec<PoolPosition> {
    let r = ranking(scores);
    let s = pivot_window(r.len(), n, p);
    r[s..s + n].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_arithmetic() {
        // L = 11, N = 3: p=0 -> 0 ; p=1 -> 8 ; p=0.5 -> centre 5 -> start 4 ; p=0.25 -> 2.5-1 -> 2 (round half away)
        assert_eq!(pivot_window(11, 3, 0.0), 0);
        assert_eq!(pivot_window(11, 3, 1.0), 8);
        assert_eq!(pivot_window(11, 3, 0.5), 4);
        assert_eq!(pivot_window(11, 3, 0.25), 2);
    }

    #[test]
    fn picks_exact_positions() {
        // scores = position value reversed: ranking is 0,1,2,...,10
        let s: Vec<f32> = (0..11).map(|i| (10 - i) as f32).collect();
        let got: Vec<usize> = pivot(&s, 3, 0.5).into_iter().map(|p| p.0).collect();
        assert_eq!(got, vec![4, 5, 6]);
        let top: Vec<usize> = pivot(&s, 3, 0.0).into_iter().map(|p| p.0).collect();
        assert_eq!(top, vec![0, 1, 2]);
        let bottom: Vec<usize> = pivot(&s, 3, 1.0).into_iter().map(|p| p.0).collect();
        assert_eq!(bottom, vec![8, 9, 10]);
    }
}
