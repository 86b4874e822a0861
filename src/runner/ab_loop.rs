//! The A/B protocol of the NVIDIA paper's Table V (`loop.ab`), as one run of the loop:
//!
//! 1. round 0: the reference model(s) trained on the base set (the paper's day-heavy
//!    "initially labeled training data"), evaluated on the test set;
//! 2. round 1: one scoring pass over the candidates (`query.filter`: the night shortlist);
//!    the configured sampler picks the *active* selection and `loop.ab.against` the
//!    *comparison* selection, `loop.budget` images each (selection rounds 1 and 2);
//! 3. per split: each selection is shuffled and its first `test_fraction` held out; the
//!    union of both held-out portions and the comparison portion alone are the two test
//!    sets of the paper's Table Va and Vb. The reference is evaluated on them; then per arm
//!    one model is trained on the base set plus the arm's train portion (minus any image
//!    held out by the other arm, so no model trains on a test image) and evaluated on both
//!    test sets and on the run's test set.
//!
//! Both arms of a split train with the same training stream (round `1 + split`), so the
//! arms' difference is paired within a split.

use crate::data::ImageSet;
use crate::learner::{Evaluation, Learner, LearnerError};
use crate::pool::{Pool, SampleId};
use crate::results::{AbRecord, RoundRecord, RunMeta, RunResult, SelectionRecord};
use crate::rng::{Purpose, Rng};
use crate::spec::{AbSpec, AbStart};

use super::al_loop::{train_round, Failure, Picked, Run};
use super::progress::Progress;
use super::query::{needs_of, score_round, select_from};

/// The held-out portions of one split: `(union, comparison)`, sorted, and each arm's train
/// portion in selection order.
struct Split {
    union: Vec<SampleId>,
    comparison: Vec<SampleId>,
    train: [Vec<SampleId>; 2],
}

/// Shuffle both selections with the split's stream and hold out `n_test` of each.
fn split_selections(picks: [&[SampleId]; 2], n_test: [usize; 2], rng: &mut Rng) -> Split {
    let mut held: [Vec<SampleId>; 2] = [Vec::new(), Vec::new()];
    for arm in 0..2 {
        let mut order: Vec<usize> = (0..picks[arm].len()).collect();
        rng.shuffle(&mut order);
        held[arm] = order[..n_test[arm]]
            .iter()
            .map(|&i| picks[arm][i])
            .collect();
    }
    let mut union: Vec<SampleId> = held.concat();
    union.sort_unstable();
    union.dedup();
    let mut comparison = held[1].clone();
    comparison.sort_unstable();
    let train = [0, 1].map(|arm| {
        picks[arm]
            .iter()
            .copied()
            .filter(|id| union.binary_search(id).is_err())
            .collect()
    });
    Split {
        union,
        comparison,
        train,
    }
}

/// Append the records of `e` (model `arm` on `test_set`, split `split`) to `out`.
fn push_records(
    out: &mut Vec<AbRecord>,
    e: &Evaluation,
    classes: &[String],
    split: u32,
    arm: &'static str,
    test_set: &'static str,
    n_images: usize,
) {
    let mut push = |metric: &'static str, class: String, value: Option<f64>| {
        out.push(AbRecord {
            split,
            arm,
            test_set,
            metric,
            class,
            value: value.filter(|v| v.is_finite()),
        })
    };
    push("n_images", String::new(), Some(n_images as f64));
    push("loss", String::new(), Some(e.loss));
    if let Some(acc) = e.accuracy {
        push("accuracy", String::new(), Some(acc));
    }
    if let Some(ap) = &e.detection {
        push("wmap", String::new(), ap.wmap);
        push("map", String::new(), ap.map);
        push("map50", String::new(), ap.map50);
        for (name, v) in classes.iter().zip(&ap.per_class) {
            push("ap", name.clone(), *v);
        }
    }
}

/// Selection rows of `picked` under `round` (no change to the labeled set).
fn record_picks(picked: &Picked, round: u32, set: &ImageSet, out: &mut Vec<SelectionRecord>) {
    for ((&id, &score), &rank) in picked.ids.iter().zip(&picked.scores).zip(&picked.ranks) {
        let i = id.0 as usize;
        out.push(SelectionRecord {
            round,
            sample: id.0,
            score,
            rank,
            label: set.labels[i],
            mislabeled: false,
            n_boxes: set.is_detection().then(|| set.objects[i].len() as u32),
        });
    }
}

/// Run the A/B protocol for one (configuration, repeat). `pool` holds the revealed base set
/// and `selections` its rows. A diverging model ends the run with a failed status and what
/// it measured so far.
#[allow(clippy::too_many_arguments)]
pub(super) fn run_ab(
    run: &Run<'_>,
    ab: &AbSpec,
    meta: RunMeta,
    pool: Pool,
    mut selections: Vec<SelectionRecord>,
    learner: &mut dyn Learner,
    progress: &dyn Progress,
    slot: usize,
) -> Result<RunResult, LearnerError> {
    let (c, splits) = (run.c, run.splits);
    let classes = &splits.pool.class_names;
    let mut rounds = Vec::with_capacity(2);
    let mut ab_rows = Vec::new();
    let failed = |rounds: Vec<RoundRecord>, selections, ab, why: String| {
        let mut rounds = rounds;
        for r in rounds.iter_mut() {
            r.status = why.clone();
        }
        Ok(RunResult {
            meta: meta.clone(),
            rounds,
            selections,
            ab,
            status: why,
        })
    };
    let steps = 1 + ab.splits as u32;
    progress.round(slot, 0, steps);

    // Round 0: the reference.
    let mut rec0 = RoundRecord::default();
    let reference = match train_round(learner, &pool, splits, 0, &mut rec0, progress, slot, c) {
        Ok(e) => e,
        Err(Failure::Run(why)) => {
            rec0.status = why.clone();
            return failed(vec![rec0], selections, ab_rows, why);
        }
        Err(Failure::Fatal(e)) => return Err(e),
    };
    rounds.push(rec0);

    // Round 1: one scoring pass, both arms select.
    let n = c.al_loop.budget.amount(c.al_loop.base);
    let mut rec1 = RoundRecord {
        round: 1,
        n_selected: n,
        ..Default::default()
    };
    let samplers = [c.query.sampler, ab.against];
    let scored = score_round(run, &*learner, &pool, 1, needs_of(&samplers), &mut rec1);
    let active = select_from(run, &scored, samplers[0], n, 1, &[], &mut rec1);
    let comparison = select_from(run, &scored, samplers[1], n, 1, &[2], &mut rec1);
    drop(scored);
    record_picks(&active, 1, &splits.pool, &mut selections);
    record_picks(&comparison, 2, &splits.pool, &mut selections);
    let n_test = [ab.n_test(active.ids.len()), ab.n_test(comparison.ids.len())];
    let plans: Vec<Split> = (0..ab.splits as u64)
        .map(|s| {
            let mut rng = run.streams.of(Purpose::AbSplit, 1, &[s]);
            split_selections([&active.ids, &comparison.ids], n_test, &mut rng)
        })
        .collect();

    // The reference on every split's test sets, before any arm model replaces it.
    for (s, p) in plans.iter().enumerate() {
        let s = s as u32;
        push_records(
            &mut ab_rows,
            &reference,
            classes,
            s,
            "reference",
            "test",
            splits.test.len(),
        );
        for (name, ids) in [("union", &p.union), ("comparison", &p.comparison)] {
            let e = learner.evaluate_on(ids);
            push_records(&mut ab_rows, &e, classes, s, "reference", name, ids.len());
        }
    }
    if ab.start == AbStart::Reference {
        learner.anchor();
    }
    learner.restrict_members(ab.members);

    // Per split and arm: train on base + the arm's train portion, evaluate.
    let mut status = String::from("ok");
    'splits: for (s, p) in plans.iter().enumerate() {
        progress.round(slot, 1 + s as u32, steps);
        for (arm, name) in ["active", "comparison"].into_iter().enumerate() {
            let mut arm_pool = pool.clone();
            arm_pool.append(&p.train[arm], 1);
            let mut rec = RoundRecord {
                round: 1,
                ..Default::default()
            };
            // the arms of split s share round 1 + s's training streams
            let trained = super::al_loop::fit(
                learner,
                &arm_pool,
                1 + s as u32,
                &mut rec,
                progress,
                slot,
                c.train.max_epochs,
            );
            rec1.time_train_s += rec.time_train_s;
            if arm == 0 && s == 0 {
                rec1.epochs = rec.epochs;
                rec1.train_loss = rec.train_loss;
                rec1.val_loss = rec.val_loss;
                rec1.val_accuracy = rec.val_accuracy;
                rec1.n_labeled = arm_pool.training().len();
                rec1.n_unique = arm_pool.n_unique();
                rec1.n_boxes = splits.pool.is_detection().then(|| {
                    arm_pool
                        .training()
                        .iter()
                        .map(|id| splits.pool.objects[id.0 as usize].len())
                        .sum()
                });
            }
            match trained {
                Ok(()) => {}
                Err(Failure::Run(why)) => {
                    status = why;
                    break 'splits;
                }
                Err(Failure::Fatal(e)) => return Err(e),
            }
            let s = s as u32;
            let e = learner.evaluate();
            push_records(
                &mut ab_rows,
                &e,
                classes,
                s,
                name,
                "test",
                splits.test.len(),
            );
            for (set, ids) in [("union", &p.union), ("comparison", &p.comparison)] {
                let e = learner.evaluate_on(ids);
                push_records(&mut ab_rows, &e, classes, s, name, set, ids.len());
            }
        }
    }
    rounds.push(rec1);
    if status != "ok" {
        return failed(rounds, selections, ab_rows, status);
    }
    for r in rounds.iter_mut() {
        r.status = status.clone();
    }
    Ok(RunResult {
        meta,
        rounds,
        selections,
        ab: ab_rows,
        status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[u32]) -> Vec<SampleId> {
        v.iter().map(|&i| SampleId(i)).collect()
    }

    #[test]
    fn held_out_images_never_train_either_arm() {
        // arms overlap in 3 and 4; whichever is held out by one arm leaves both train sets
        let a = ids(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        let b = ids(&[3, 4, 20, 21, 22, 23, 24, 25, 26, 27]);
        for seed in 0..50 {
            let p = split_selections([&a, &b], [2, 3], &mut Rng::new(seed));
            assert_eq!(p.comparison.len(), 3);
            assert!(p.union.len() >= 3 && p.union.len() <= 5);
            for id in &p.comparison {
                assert!(
                    p.union.contains(id),
                    "the comparison portion is in the union"
                );
            }
            for train in &p.train {
                assert!(train.iter().all(|id| !p.union.contains(id)));
            }
            // every image of a selection is held out or trained on, nothing else
            for (arm, sel) in [&a, &b].into_iter().enumerate() {
                for id in sel {
                    assert!(p.union.contains(id) ^ p.train[arm].contains(id));
                }
                assert!(p.train[arm].iter().all(|id| sel.contains(id)));
            }
        }
    }

    #[test]
    fn splits_differ_by_stream_and_repeat_by_seed() {
        let a = ids(&(0..40).collect::<Vec<u32>>());
        let b = ids(&(100..140).collect::<Vec<u32>>());
        let p1 = split_selections([&a, &b], [4, 4], &mut Rng::new(1));
        let p1b = split_selections([&a, &b], [4, 4], &mut Rng::new(1));
        let p2 = split_selections([&a, &b], [4, 4], &mut Rng::new(2));
        assert_eq!(p1.union, p1b.union);
        assert_ne!(p1.union, p2.union);
        assert_eq!(p1.union.len(), 8);
        assert_eq!(p1.train[0].len(), 36);
    }
}
