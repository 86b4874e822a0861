//! Scores on detection probability maps (NVIDIA Sec. III-A): a measure per position and class,
//! reduced to one score per image with `query.aggregation` (eq. 4 for `max`).

use super::{Aggregation, MapOutputs};

/// Binary entropy in bits, `−p log2 p − (1 − p) log2 (1 − p)` (NVIDIA eq. 1 up to the sign
/// and base), in [0, 1]; 0 at p ∈ {0, 1}.
#[inline]
pub fn binary_entropy_bits(p: f32) -> f32 {
    let h = |q: f32| if q > 0.0 { -q * q.log2() } else { 0.0 };
    h(p) + h(1.0 - p)
}

/// Reduce `values` with `agg` (`max` of nothing is 0, `mean` of nothing is 0).
#[inline]
pub fn aggregate(agg: Aggregation, values: impl Iterator<Item = f32>) -> f32 {
    let (mut acc, mut n) = (0.0f32, 0usize);
    for v in values {
        acc = match agg {
            Aggregation::Max => {
                if n == 0 {
                    v
                } else {
                    acc.max(v)
                }
            }
            Aggregation::Mean | Aggregation::Sum => acc + v,
        };
        n += 1;
    }
    match agg {
        Aggregation::Mean if n > 0 => acc / n as f32,
        _ => acc,
    }
}

/// Score image `i` of a map batch: `measure(probabilities over members)` per position and
/// class, aggregated with `agg` over positions and classes.
#[inline]
pub fn map_score(
    m: &MapOutputs<'_>,
    i: usize,
    classes: usize,
    members: usize,
    agg: Aggregation,
    measure: impl Fn(&[f32]) -> f32,
) -> f32 {
    let per = m.positions * classes * members;
    let image = &m.probs[i * per..(i + 1) * per];
    aggregate(agg, image.chunks_exact(members).map(measure))
}

/// Mean of a member slice.
#[inline]
pub fn mean(v: &[f32]) -> f32 {
    v.iter().sum::<f32>() / v.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_entropy_and_aggregation_by_hand() {
        assert_eq!(binary_entropy_bits(0.5), 1.0);
        assert_eq!(binary_entropy_bits(0.0), 0.0);
        assert_eq!(binary_entropy_bits(1.0), 0.0);
        // H(0.25) = 0.25·2 + 0.75·log2(4/3) = 0.5 + 0.311278 = 0.811278
        assert!((binary_entropy_bits(0.25) - 0.811_278).abs() < 1e-5);
        let v = [0.2f32, 0.9, 0.4];
        assert_eq!(aggregate(Aggregation::Max, v.into_iter()), 0.9);
        assert!((aggregate(Aggregation::Sum, v.into_iter()) - 1.5).abs() < 1e-6);
        assert!((aggregate(Aggregation::Mean, v.into_iter()) - 0.5).abs() < 1e-6);
        assert_eq!(aggregate(Aggregation::Max, std::iter::empty()), 0.0);
        assert_eq!(aggregate(Aggregation::Mean, std::iter::empty()), 0.0);
    }
}
