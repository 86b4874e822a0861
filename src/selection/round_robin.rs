//! Round-robin over classes (NVIDIA Sec. V): each class of `query.classes` ranks the
//! candidates by its own score; picks alternate between the classes (in the order given),
//! each taking its best candidate not picked yet, until N are chosen or every ranking is
//! exhausted.

use crate::pool::PoolPosition;

/// Choose `n` positions from `scores` `[candidates, k]` (row-major, one column per class).
/// Rankings are descending, ties by position, NaN last.
pub fn round_robin(scores: &[f32], k: usize, n: usize) -> Vec<PoolPosition> {
    if k == 0 {
        return Vec::new();
    }
    let len = scores.len() / k;
    let n = n.min(len);
    let rankings: Vec<Vec<usize>> = (0..k)
        .map(|c| {
            let mut r: Vec<usize> = (0..len).collect();
            let key = |i: usize| {
                let s = scores[i * k + c];
                if s.is_nan() {
                    f32::NEG_INFINITY
                } else {
                    s
                }
            };
            r.sort_by(|&a, &b| key(b).total_cmp(&key(a)).then(a.cmp(&b)));
            r
        })
        .collect();
    let mut next = vec![0usize; k];
    let mut taken = vec![false; len];
    let mut out = Vec::with_capacity(n);
    'outer: while out.len() < n {
        let mut progressed = false;
        for c in 0..k {
            while next[c] < len && taken[rankings[c][next[c]]] {
                next[c] += 1;
            }
            if next[c] < len {
                let i = rankings[c][next[c]];
                taken[i] = true;
                out.push(PoolPosition(i));
                progressed = true;
                if out.len() == n {
                    break 'outer;
                }
            }
        }
        if !progressed {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternates_between_classes_without_repeats() {
        // 5 candidates × 2 classes. Class 0 ranks 0 > 1 > 2 > 3 > 4; class 1 ranks 1 > 4 > 3 > 0 > 2.
        let s = [
            0.9, 0.2, //
            0.8, 0.9, //
            0.7, 0.1, //
            0.6, 0.5, //
            0.5, 0.8,
        ];
        let got: Vec<usize> = round_robin(&s, 2, 4).into_iter().map(|p| p.0).collect();
        // class 0 takes 0, class 1 takes 1, class 0 takes 2 (1 is taken), class 1 takes 4
        assert_eq!(got, vec![0, 1, 2, 4]);
        let all: Vec<usize> = round_robin(&s, 2, 9).into_iter().map(|p| p.0).collect();
        assert_eq!(all, vec![0, 1, 2, 4, 3]);
    }

    #[test]
    fn nan_ranks_last_and_ties_go_to_the_lower_position() {
        // one class, scores [0.5, NaN, 0.5, 0.9]: 3 (0.9), then 0 and 2 (0.5, lower position
        // first), then 1 (NaN last)
        let s = [0.5, f32::NAN, 0.5, 0.9];
        let got: Vec<usize> = round_robin(&s, 1, 4).into_iter().map(|p| p.0).collect();
        assert_eq!(got, vec![3, 0, 2, 1]);
    }

    #[test]
    fn a_class_whose_favourites_are_taken_moves_down_its_ranking() {
        // 4 candidates × 3 classes, row-major [candidate, class]:
        //   class 0 ranks 1 (0.9) > 2 (0.8) > 3 (0.2) > 0 (0.1)
        //   class 1 ranks 1 (0.95) > 0 (0.7) > 3 (0.3) > 2 (0.1)
        //   class 2 ranks 0 (0.6) > 1 (0.5) > 2 (0.4) > 3 (0.3)
        // pass 1: class 0 takes 1; class 1's best (1) is taken, it takes 0; class 2's 0 and 1
        // are taken, it takes 2. pass 2: class 0's next (2) is taken, it takes 3.
        let s = [
            0.1, 0.7, 0.6, //
            0.9, 0.95, 0.5, //
            0.8, 0.1, 0.4, //
            0.2, 0.3, 0.3,
        ];
        let pick =
            |n: usize| -> Vec<usize> { round_robin(&s, 3, n).into_iter().map(|p| p.0).collect() };
        assert_eq!(pick(4), vec![1, 0, 2, 3]);
        assert_eq!(pick(3), vec![1, 0, 2]);
        assert_eq!(pick(1), vec![1]);
        assert!(pick(0).is_empty());
        assert!(round_robin(&s, 0, 2).is_empty(), "no class, no pick");
    }
}
