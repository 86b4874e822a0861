//! Class diversity (thesis 3.1.2, "naive class diversity"): keep the ranking's priority
//! order but take at most `⌈n / classes⌉` samples of each predicted class; if the ranking
//! runs out first (few candidates of some classes), fill up with the skipped samples in
//! ranking order. With the random scorer this is class-balanced random sampling.

use super::ranking::ranking;
use crate::pool::PoolPosition;

/// Choose `n ≤ scores.len()` positions; `predicted[i] < classes` is the predicted class of
/// candidate `i`.
pub fn class_balanced(
    scores: &[f32],
    predicted: &[u32],
    classes: usize,
    n: usize,
) -> Vec<PoolPosition> {
    let n = n.min(scores.len());
    let cap = n.div_ceil(classes.max(1));
    let mut counts = vec![0usize; classes.max(1)];
    let mut out = Vec::with_capacity(n);
    let mut skipped = Vec::new();
    for p in ranking(scores) {
        if out.len() == n {
            break;
        }
        let c = (predicted[p.0] as usize).min(counts.len() - 1);
        if counts[c] < cap {
            counts[c] += 1;
            out.push(p);
        } else {
            skipped.push(p);
        }
    }
    let missing = n - out.len();
    out.extend(skipped.into_iter().take(missing));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::selection::positions;

    #[test]
    fn the_thesis_example_never_more_than_three_of_five_per_class() {
        // 2 classes (0 = human, 1 = car), n = 5 → cap 3. Ranking by score: 0..7 in order;
        // predicted: the four best are cars.
        let scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3];
        let predicted = [1, 1, 1, 1, 0, 0, 1];
        let got = positions(&class_balanced(&scores, &predicted, 2, 5));
        // cars 0, 1, 2 (cap reached, 3 skipped), humans 4, 5.
        assert_eq!(got, vec![0, 1, 2, 4, 5]);
    }

    #[test]
    fn fills_up_from_skipped_when_a_class_is_missing() {
        let scores = [0.9, 0.8, 0.7, 0.6];
        let predicted = [0, 0, 0, 0];
        // cap = ⌈3 / 3⌉ = 1: one of class 0, then two skipped ones in ranking order.
        let got = positions(&class_balanced(&scores, &predicted, 3, 3));
        assert_eq!(got, vec![0, 1, 2]);
        let got = positions(&class_balanced(&[0.1, 0.9, 0.5, 0.7], &[0, 0, 1, 1], 2, 2));
        // ranking 1 (c0), 3 (c1) → both under cap 1.
        assert_eq!(got, vec![1, 3]);
    }
}
