//! Embeddings as rows of a flat array, and the distances the diversity samplers use.
//!
//! Nothing here builds an N × N matrix: samplers compute distances row against row, on the
//! fly, keeping one running minimum per candidate (N floats).

use super::Distance;

/// `len` points of `dim` floats: row `i` is `data[r * dim .. (r + 1) * dim]` with `r = i`, or
/// `r = rows[i]` for a view into a larger array (e.g. the pixels of the candidates of a pool,
/// without copying them).
#[derive(Clone, Copy, Debug)]
pub struct Points<'a> {
    data: &'a [f32],
    dim: usize,
    rows: Option<&'a [usize]>,
}

impl<'a> Points<'a> {
    /// Rows `0..data.len() / dim` of `data` (`dim ≥ 1`, `data.len()` a multiple of `dim`).
    pub fn dense(data: &'a [f32], dim: usize) -> Self {
        Self::new(data, dim, None)
    }

    /// Rows `rows[0], rows[1], …` of `data` seen as rows of `dim` floats.
    pub fn indexed(data: &'a [f32], dim: usize, rows: &'a [usize]) -> Self {
        Self::new(data, dim, Some(rows))
    }

    fn new(data: &'a [f32], dim: usize, rows: Option<&'a [usize]>) -> Self {
        assert!(
            dim >= 1 && data.len().is_multiple_of(dim),
            "points: {} floats are not rows of {dim}",
            data.len()
        );
        Points { data, dim, rows }
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        match self.rows {
            Some(r) => r.len(),
            None => self.data.len() / self.dim,
        }
    }

    /// Whether there are no points.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Floats per point.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Point `i`.
    #[inline]
    pub fn row(&self, i: usize) -> &'a [f32] {
        let r = self.rows.map_or(i, |rows| rows[i]);
        &self.data[r * self.dim..(r + 1) * self.dim]
    }

    /// Euclidean norm of every point (for the cosine distance; empty for euclidean).
    pub fn norms(&self, d: Distance) -> Vec<f32> {
        match d {
            Distance::Euclidean => Vec::new(),
            Distance::Cosine => (0..self.len())
                .map(|i| self.row(i).iter().map(|v| v * v).sum::<f32>().sqrt())
                .collect(),
        }
    }
}

/// Distance between `a` and `b` (NVIDIA Sec. III-B): the squared Euclidean distance
/// `‖a − b‖²`, or the cosine distance `1 − aᵀb / (‖a‖ ‖b‖)` in [0, 2] with the norms given
/// (a zero vector is at distance 1 from everything).
#[inline]
pub fn distance(d: Distance, a: &[f32], b: &[f32], norm_a: f32, norm_b: f32) -> f32 {
    match d {
        Distance::Euclidean => a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum(),
        Distance::Cosine => {
            let denom = norm_a * norm_b;
            if denom == 0.0 {
                return 1.0;
            }
            let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
            (1.0 - dot / denom).max(0.0)
        }
    }
}

/// The norm of point `i` from `norms` (0 when the distance needs none).
#[inline]
pub fn norm_of(norms: &[f32], i: usize) -> f32 {
    norms.get(i).copied().unwrap_or(0.0)
}

/// Lower every `dmin[i]` to the distance from point `i` of `points` to `centre` (a row with
/// norm `centre_norm`). Parallel over points; no allocation.
pub fn lower_to(
    dmin: &mut [f32],
    points: &Points<'_>,
    norms: &[f32],
    d: Distance,
    centre: &[f32],
    centre_norm: f32,
) {
    use rayon::prelude::*;
    dmin.par_iter_mut()
        .enumerate()
        .with_min_len(1024)
        .for_each(|(i, m)| {
            let v = distance(d, points.row(i), centre, norm_of(norms, i), centre_norm);
            if v < *m {
                *m = v;
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_dense_and_indexed() {
        let data = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
        let p = Points::dense(&data, 2);
        assert_eq!((p.len(), p.dim()), (3, 2));
        assert_eq!(p.row(2), &[4.0, 5.0]);
        let rows = [2, 0];
        let q = Points::indexed(&data, 2, &rows);
        assert_eq!(q.len(), 2);
        assert_eq!(q.row(0), &[4.0, 5.0]);
        assert_eq!(q.row(1), &[0.0, 1.0]);
    }

    #[test]
    fn distances_by_hand() {
        let (a, b) = ([1.0, 0.0], [0.0, 2.0]);
        // ‖(1, −2)‖² = 5
        assert_eq!(distance(Distance::Euclidean, &a, &b, 0.0, 0.0), 5.0);
        // orthogonal: cos = 0 → distance 1
        assert_eq!(distance(Distance::Cosine, &a, &b, 1.0, 2.0), 1.0);
        // parallel: distance 0; opposite: 2
        assert_eq!(distance(Distance::Cosine, &a, &[3.0, 0.0], 1.0, 3.0), 0.0);
        assert_eq!(distance(Distance::Cosine, &a, &[-2.0, 0.0], 1.0, 2.0), 2.0);
        assert_eq!(distance(Distance::Cosine, &a, &[0.0, 0.0], 1.0, 0.0), 1.0);
        let p = Points::dense(&[3.0, 4.0, 0.0, 0.0], 2);
        assert_eq!(p.norms(Distance::Cosine), vec![5.0, 0.0]);
        assert!(p.norms(Distance::Euclidean).is_empty());
    }

    #[test]
    fn lower_to_keeps_the_minimum() {
        let data = [0.0, 0.0, 3.0, 0.0];
        let p = Points::dense(&data, 2);
        let mut dmin = vec![f32::INFINITY, 1.0];
        lower_to(&mut dmin, &p, &[], Distance::Euclidean, &[1.0, 0.0], 0.0);
        assert_eq!(dmin, vec![1.0, 1.0]); // 1 < ∞; 4 > 1 keeps 1
    }
}
