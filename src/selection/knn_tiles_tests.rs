use super::*;
use crate::rng::Rng;
use crate::selection::points::{distance, norm_of};

/// Every distance of `scan`, as a dense `|a| × |b|` matrix (tests only), `NaN` where unvisited.
fn dense(a: Rows<'_>, b: Rows<'_>, d: Distance, pairs: Pairs) -> Vec<Vec<f32>> {
    let nb = b.len();
    scan(
        a,
        b,
        d,
        pairs,
        |_| vec![f32::NAN; nb],
        |row, _, j0, dist| row[j0..j0 + dist.len()].copy_from_slice(dist),
    )
}

fn direct(a: &Points<'_>, b: &Points<'_>, d: Distance, i: usize, j: usize) -> f32 {
    let (na, nb) = (a.norms(d), b.norms(d));
    distance(d, a.row(i), b.row(j), norm_of(&na, i), norm_of(&nb, j))
}

/// Several tiles each way (300 rows = 3 row blocks, 1,100 columns = 3 column blocks, the
/// last ones partial): the expansion equals the direct formula to rounding, for both
/// distances, including a zero vector (cosine distance 1).
#[test]
fn tiles_equal_the_direct_formula() {
    let mut rng = Rng::new(4);
    let dim = 5;
    let mut a: Vec<f32> = (0..300 * dim).map(|_| rng.normal() as f32).collect();
    a[..dim].fill(0.0);
    let b: Vec<f32> = (0..1100 * dim).map(|_| rng.normal() as f32 * 2.0).collect();
    let (pa, pb) = (Points::dense(&a, dim), Points::dense(&b, dim));
    for d in [Distance::Euclidean, Distance::Cosine] {
        let got = dense(Rows::all(pa), Rows::all(pb), d, Pairs::All);
        for (i, row) in got.iter().enumerate() {
            for (j, &v) in row.iter().enumerate() {
                let want = direct(&pa, &pb, d, i, j);
                assert!(
                    (v - want).abs() <= 1e-4 * (1.0 + want),
                    "{d:?} {i} {j}: {v} {want}"
                );
            }
        }
        if d == Distance::Cosine {
            assert!(got[0].iter().all(|&v| v == 1.0));
        }
    }
}

/// Small-integer coordinates: every product and sum is exact in `f32`, so the expansion
/// gives the direct formula's bits; a subset of rows reads the right points; the upper pairs
/// reach every `j > i`.
#[test]
fn integer_points_give_the_same_bits() {
    let mut rng = Rng::new(9);
    let dim = 3;
    let data: Vec<f32> = (0..700 * dim).map(|_| rng.below(17) as f32 - 8.0).collect();
    let p = Points::dense(&data, dim);
    let subset: Vec<usize> = (0..700).rev().step_by(3).collect();
    let rows = Rows {
        points: p,
        subset: Some(&subset),
    };
    let got = dense(rows, Rows::all(p), Distance::Euclidean, Pairs::All);
    for (i, row) in got.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            assert_eq!(v, direct(&p, &p, Distance::Euclidean, subset[i], j));
        }
    }
    let up = dense(
        Rows::all(p),
        Rows::all(p),
        Distance::Euclidean,
        Pairs::Upper,
    );
    for (i, row) in up.iter().enumerate() {
        for (j, &v) in row.iter().enumerate().skip(i + 1) {
            assert_eq!(v, direct(&p, &p, Distance::Euclidean, i, j), "{i} {j}");
        }
    }
}
