use proptest::prelude::*;

use super::*;
use crate::rng::Rng;
use crate::selection::positions;

/// Points 0, 1, 2, 10, 11, 30 on a line, squared Euclidean, δ = 1.5 (neighbours at
/// distance 1, d² = 1 < 1.5; distance 2 gives 4). Balls: 0 {0,1}, 1 {0,1,2}, 2 {1,2},
/// 10 {10,11}, 11 {10,11}, 30 {30}: degrees 2, 3, 2, 2, 2, 1.
/// Pick 1: position 1 (3). Then 0, 1, 2 are covered: degrees 0, ·, 0, 2, 2, 1 → position 3
/// (tie with 4, the lower). Then 30 (position 5).
/// With a labeled sample at 10.5 (d² 0.25 to 10 and 11) those two start covered: 1, 5.
#[test]
fn hand_computed_coverage() {
    let data = [0.0, 1.0, 2.0, 10.0, 11.0, 30.0];
    let p = Points::dense(&data, 1);
    let none = Points::dense(&[], 1);
    let got = probcover(
        &p,
        &none,
        3,
        (Some(1.5), 2),
        Distance::Euclidean,
        &mut Rng::new(0),
    );
    assert_eq!(positions(&got), vec![1, 3, 5]);
    let lab = [10.5];
    let l = Points::dense(&lab, 1);
    let got = probcover(
        &p,
        &l,
        2,
        (Some(1.5), 2),
        Distance::Euclidean,
        &mut Rng::new(0),
    );
    assert_eq!(positions(&got), vec![1, 5]);
}

/// Two groups 0..=9 and 20..=29 (N = 20), pseudo-labels = the groups. The distance² to the
/// other group: x ↦ (20 − x)² in the first, y ↦ (y − 9)² in the second; sorted:
/// 121, 121, 144, 144, … ⌊0.05 · 20⌋ = 1 ball may be impure → δ = the 2nd smallest, 121:
/// no ball of radius² < 121 crosses the gap.
#[test]
fn purity_rule_by_hand() {
    let data: Vec<f32> = (0..10).chain(20..30).map(|v| v as f32).collect();
    let p = Points::dense(&data, 1);
    let delta = purity_delta(&p, 2, Distance::Euclidean, &mut Rng::new(0));
    assert_eq!(delta, 121.0);
    // A stray point at 15 (N = 21, ⌊1.05⌋ = 1) joins one group; its distance² to the
    // nearest point of the other (20 or 9 … 10 is absent: 9 gives 36, 20 gives 25) and that
    // point's distance² to it are the two smallest r; if it joins the first group, 15 and
    // 20 have r = 25; if the second, 15 has r = 36 and 9 has 36. Either way δ < 121.
    let mut more = data.clone();
    more.push(15.0);
    let p = Points::dense(&more, 1);
    let d2 = purity_delta(&p, 2, Distance::Euclidean, &mut Rng::new(0));
    assert!(d2 < 121.0, "{d2}");
}

fn covered_by(balls: &[Vec<u32>], picks: &[usize]) -> usize {
    let mut c = vec![false; balls.len()];
    for &p in picks {
        for &j in &balls[p] {
            c[j as usize] = true;
        }
    }
    c.iter().filter(|&&v| v).count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    /// Greedy coverage covers at least as many points as random picks at the same δ (the
    /// mean over 100 random draws).
    #[test]
    fn covers_at_least_as_many_as_random(seed in any::<u64>(), n in 1usize..8) {
        let mut rng = Rng::new(seed);
        let data: Vec<f32> = (0..60 * 2).map(|_| rng.normal() as f32 * 3.0).collect();
        let p = Points::dense(&data, 2);
        let none = Points::dense(&[], 2);
        let delta = 1.0 + rng.uniform() as f32 * 4.0;
        let b = balls(&p, delta, Distance::Euclidean);
        let got = positions(&probcover(&p, &none, n, (Some(delta as f64), 3), Distance::Euclidean, &mut rng));
        let greedy = covered_by(&b, &got);
        let random: f64 = (0..100)
            .map(|_| covered_by(&b, &rng.sample_indices(60, n)) as f64)
            .sum::<f64>() / 100.0;
        prop_assert!(greedy as f64 >= random, "greedy {greedy}, random {random}");
    }
}

/// The direct pass the tiles replaced: every pair by `Σ (a − b)²`.
fn direct_balls(p: &Points<'_>, delta: f32) -> Vec<Vec<u32>> {
    use crate::selection::points::distance;
    (0..p.len())
        .map(|i| {
            (0..p.len())
                .filter(|&j| {
                    i == j || distance(Distance::Euclidean, p.row(i), p.row(j), 0.0, 0.0) < delta
                })
                .map(|j| j as u32)
                .collect()
        })
        .collect()
}

/// Small-integer points over several tiles (exact distances, many exactly at δ): the tiled
/// balls equal the direct ones, list for list, and so do the picks made from them.
#[test]
fn tiled_balls_equal_direct() {
    let mut rng = Rng::new(7);
    let data: Vec<f32> = (0..1300 * 2).map(|_| rng.below(40) as f32).collect();
    let p = Points::dense(&data, 2);
    let b = balls(&p, 5.0, Distance::Euclidean);
    assert_eq!(b, direct_balls(&p, 5.0));
    let none = Points::dense(&[], 2);
    let got = probcover(
        &p,
        &none,
        30,
        (Some(5.0), 3),
        Distance::Euclidean,
        &mut Rng::new(1),
    );
    let want = greedy(
        &direct_balls(&p, 5.0),
        vec![false; 1300],
        30,
        &mut Rng::new(1),
    );
    assert_eq!(positions(&got), positions(&want));
}
