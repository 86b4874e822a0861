//! Comparing methods: the report's test between two methods' per-run values, and the
//! correction of a family of comparisons with the baseline.

use crate::spec::{Correction, TestKind};
use crate::stats::{self, adjust, PValue};

/// Per-run AUCs of one method: (repeat, AUC).
pub(super) type Aucs = Vec<(u32, f64)>;

/// The values of (repeat, value) pairs.
pub(super) fn values(v: &[(u32, f64)]) -> Vec<f64> {
    v.iter().map(|x| x.1).collect()
}

/// Correct one family of comparisons with the baseline: the raw p (`get`) of every row that
/// `counts`, adjusted together, stored back with `set`.
pub(super) fn correct_family<R>(
    rows: &mut [R],
    counts: impl Fn(&R) -> bool,
    correction: Correction,
    get: impl Fn(&R) -> PValue,
    set: impl Fn(&mut R, PValue),
) {
    let raw: Vec<PValue> = rows.iter().filter(|r| counts(r)).map(&get).collect();
    let adjusted = adjust(&raw, correction);
    for (r, p) in rows.iter_mut().filter(|r| counts(r)).zip(adjusted) {
        set(r, p);
    }
}

/// The test `o.test` between two methods' AUCs; the paired test pairs them by repeat.
pub(crate) fn pair(test: TestKind, a: &[(u32, f64)], b: &[(u32, f64)]) -> PValue {
    if test == TestKind::Paired {
        let (mut pa, mut pb) = (Vec::new(), Vec::new());
        for (r, x) in a {
            if let Some((_, y)) = b.iter().find(|(rb, _)| rb == r) {
                pa.push(*x);
                pb.push(*y);
            }
        }
        stats::test(test, &pa, &pb)
    } else {
        stats::test(test, &values(a), &values(b))
    }
}
