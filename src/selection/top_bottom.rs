//! `top_bottom`: ceil(N/2) from the top of the ranking, floor(N/2) from the bottom.

use super::ranking;
use crate::pool::PoolPosition;

/// Half the most, half the least informative.
pub fn top_bottom(scores: &[f32], n: usize) -> Vec<PoolPosition> {
    let r = ranking(scores);
    let top = n.div_ceil(2);
    let bottom = n - top;
    let mut out: Vec<PoolPosition> = r[..top].to_vec();
    out.extend(r[r.len() - bottom..].iter().rev());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_exact_positions() {
        let s = [0.5, 0.9, 0.1, 0.7, 0.3, 0.0];
        // ranking: 1(.9) 3(.7) 0(.5) 4(.3) 2(.1) 5(0)
        let got: Vec<usize> = top_bottom(&s, 3).into_iter().map(|p| p.0).collect();
        assert_eq!(got, vec![1, 3, 5]);
        let got: Vec<usize> = top_bottom(&s, 4).into_iter().map(|p| p.0).collect();
        assert_eq!(got, vec![1, 3, 5, 2]);
    }
}
