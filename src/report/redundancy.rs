//! Near-duplicate picks. With `data.duplicates = k > 1` every pool sample is a copy of an
//! original image ([`crate::data::duplicate_origin`]). A
//! pick is *redundant* when it adds no new original: its original was already labeled (base
//! set or an earlier round) or is picked more than once in the same round. Diversity samplers
//! exist to avoid such picks (NVIDIA Sec. III-B: "consecutive images in a sequence").

use std::collections::{BTreeMap, HashSet};

use super::curve::{Curve, CurvePoint};
use crate::data::duplicate_origin;
use crate::results::ResultsData;
use crate::stats::Summary;

/// Per round ≥ 1: the fraction of that round's picks that add no new original, from one
/// run's `(round, sample)` rows sorted by round (round 0 = the base set). `k ≥ 2`.
pub fn redundant_fractions(rows: &[(u32, u32)], k: u32) -> Vec<(u32, f64)> {
    let mut seen: HashSet<u32> = HashSet::new();
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let round = rows[i].0;
        let start = i;
        let before = seen.len();
        while i < rows.len() && rows[i].0 == round {
            seen.insert(duplicate_origin(rows[i].1, k));
            i += 1;
        }
        let picks = i - start;
        if round > 0 && picks > 0 {
            let new = seen.len() - before;
            out.push((round, (picks - new) as f64 / picks as f64));
        }
    }
    out
}

/// Mean ± std over repeats of the redundant fraction per round, one curve per label in
/// `order`. `runs` = (config id, repeat, label, k) of the runs to count (those with `k ≥ 2`);
/// a run without a selection table is skipped.
pub fn redundancy_curves(
    data: &ResultsData,
    runs: &[(String, u32, String, u32)],
    order: &[String],
) -> Vec<Curve> {
    let mut per: BTreeMap<(String, u32), Vec<f64>> = BTreeMap::new();
    for (config_id, repeat, label, k) in runs {
        let Some(sel) = data.selections_of(config_id, *repeat) else {
            continue;
        };
        let mut rows: Vec<(u32, u32)> = sel.rows.iter().map(|r| (r.round, r.sample)).collect();
        rows.sort_by_key(|r| r.0);
        for (r, f) in redundant_fractions(&rows, *k) {
            per.entry((label.clone(), r)).or_default().push(f);
        }
    }
    order
        .iter()
        .filter(|l| per.keys().any(|(x, _)| x == *l))
        .map(|l| Curve {
            label: l.clone(),
            points: per
                .iter()
                .filter(|((x, _), _)| x == l)
                .map(|((_, r), v)| {
                    let s = Summary::of(v);
                    CurvePoint {
                        round: *r,
                        x: *r as f64,
                        mean: s.mean,
                        std: s.std,
                        n: s.n as u32,
                        sem: s.sem,
                    }
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed() {
        // k = 3: originals of samples 0..2 = 0, 3..5 = 1, 6..8 = 2, 9..11 = 3.
        // Base: samples 0, 4 → originals {0, 1}.
        // Round 1 picks 1 (orig 0, seen), 6 (orig 2, new), 7 (orig 2, same round): 2 of 3
        //   add nothing → 2/3.
        // Round 2 picks 9 (orig 3, new), 10 (orig 3 again) → 1/2.
        let rows = [(0, 0), (0, 4), (1, 1), (1, 6), (1, 7), (2, 9), (2, 10)];
        let got = redundant_fractions(&rows, 3);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, 1);
        assert!((got[0].1 - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(got[1], (2, 0.5));
        // No redundancy: every pick a new original.
        assert_eq!(
            redundant_fractions(&[(0, 0), (1, 3), (1, 6)], 3),
            vec![(1, 0.0)]
        );
    }
}
