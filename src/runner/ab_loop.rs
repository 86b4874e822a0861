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
use crate::results::{AbRecord, RoundRecord, RunMeta, RunResult, RunStatus, SelectionRecord};
use crate::rng::{Purpose, Rng};
use crate::spec::{AbSpec, AbStart};

use super::progress::Progress;
use super::query::{needs_of, score_round, select_from};
use super::state::{Picked, Run};
use super::training::{fit, train_round, Failure};

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
            arm: arm.into(),
            test_set: test_set.into(),
            metric: metric.into(),
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
    let mut ab_rows = Vec::new();
    let steps = 1 + ab.splits as u32;
    progress.round(slot, 0, steps);

    // Round 0: the reference.
    let mut rec0 = RoundRecord::default();
    let reference = match train_round(learner, &pool, splits, 0, &mut rec0, progress, slot, c) {
        Ok(e) => e,
        Err(Failure::Run(why)) => {
            return Ok(finish(
                meta,
                vec![rec0],
                selections,
                ab_rows,
                RunStatus::failed(why),
            ))
        }
        Err(Failure::Fatal(e)) => return Err(e),
    };

    // Round 1: one scoring pass, both arms select.
    let mut rec1 = RoundRecord {
        round: 1,
        n_selected: c.al_loop.budget.amount(c.al_loop.base),
        ..Default::default()
    };
    let plans = select_arms(run, ab, &*learner, &pool, &mut rec1, &mut selections);

    // The reference on every split's test sets, before any arm model replaces it.
    for (s, p) in plans.iter().enumerate() {
        record_test_sets(
            run,
            &*learner,
            &reference,
            s as u32,
            "reference",
            p,
            &mut ab_rows,
        );
    }
    if ab.start == AbStart::Reference {
        learner.anchor();
    }
    learner.restrict_members(ab.members);

    let arms = Arms {
        run,
        plans: &plans,
        base: &pool,
        progress,
        slot,
        steps,
    };
    let status = arms.train(learner, &mut rec1, &mut ab_rows)?;
    Ok(finish(meta, vec![rec0, rec1], selections, ab_rows, status))
}

/// The run's result: every round row carries the run's `status`.
fn finish(
    meta: RunMeta,
    mut rounds: Vec<RoundRecord>,
    selections: Vec<SelectionRecord>,
    ab: Vec<AbRecord>,
    status: RunStatus,
) -> RunResult {
    for r in rounds.iter_mut() {
        r.status = status.clone();
    }
    RunResult {
        meta,
        rounds,
        selections,
        ab,
        status,
    }
}

/// Round 1: one scoring pass with the reference; the configured sampler picks the active
/// selection (selection round 1) and `loop.ab.against` the comparison (selection round 2),
/// `loop.budget` images each. Returns the `loop.ab.splits` splits of the two selections.
fn select_arms(
    run: &Run<'_>,
    ab: &AbSpec,
    learner: &dyn Learner,
    pool: &Pool,
    rec1: &mut RoundRecord,
    selections: &mut Vec<SelectionRecord>,
) -> Vec<Split> {
    let n = rec1.n_selected;
    let samplers = [run.c.query.sampler, ab.against];
    let scored = score_round(run, learner, pool, 1, needs_of(&samplers), n, rec1);
    let active = select_from(run, &scored, samplers[0], n, 1, &[], rec1);
    let comparison = select_from(run, &scored, samplers[1], n, 1, &[2], rec1);
    drop(scored);
    record_picks(&active, 1, &run.splits.pool, selections);
    record_picks(&comparison, 2, &run.splits.pool, selections);
    let n_test = [ab.n_test(active.ids.len()), ab.n_test(comparison.ids.len())];
    (0..ab.splits as u64)
        .map(|s| {
            let mut rng = run.streams.of(Purpose::AbSplit, 1, &[s]);
            split_selections([&active.ids, &comparison.ids], n_test, &mut rng)
        })
        .collect()
}

/// The records of model `arm` of split `s`: `on_test` (its evaluation on the run's test
/// set), then its evaluation on the split's union and comparison test sets.
fn record_test_sets(
    run: &Run<'_>,
    learner: &dyn Learner,
    on_test: &Evaluation,
    s: u32,
    arm: &'static str,
    p: &Split,
    out: &mut Vec<AbRecord>,
) {
    let classes = &run.splits.pool.class_names;
    push_records(out, on_test, classes, s, arm, "test", run.splits.test.len());
    for (set, ids) in [("union", &p.union), ("comparison", &p.comparison)] {
        let e = learner.evaluate_on(ids);
        push_records(out, &e, classes, s, arm, set, ids.len());
    }
}

/// What training the arms reads: the splits, the base set and where progress goes.
struct Arms<'a> {
    run: &'a Run<'a>,
    plans: &'a [Split],
    base: &'a Pool,
    progress: &'a dyn Progress,
    slot: usize,
    steps: u32,
}

impl Arms<'_> {
    /// Per split and arm: train on the base set plus the arm's train portion, evaluate and
    /// record. Round 1's row gets the training time of every arm and the training figures of
    /// split 0's active arm. Returns the run's status (a diverging model stops the run).
    fn train(
        &self,
        learner: &mut dyn Learner,
        rec1: &mut RoundRecord,
        ab_rows: &mut Vec<AbRecord>,
    ) -> Result<RunStatus, LearnerError> {
        for (s, p) in self.plans.iter().enumerate() {
            self.progress.round(self.slot, 1 + s as u32, self.steps);
            for (arm, name) in ["active", "comparison"].into_iter().enumerate() {
                match self.train_arm(learner, s, &p.train[arm], arm == 0 && s == 0, rec1) {
                    Ok(()) => {}
                    Err(Failure::Run(why)) => return Ok(RunStatus::failed(why)),
                    Err(Failure::Fatal(e)) => return Err(e),
                }
                let e = learner.evaluate();
                record_test_sets(self.run, &*learner, &e, s as u32, name, p, ab_rows);
            }
        }
        Ok(RunStatus::Done)
    }

    /// Train one arm of split `s` on the base set plus `train`; the arms of split s share
    /// round 1 + s's training streams. With `first`, its figures become round 1's.
    fn train_arm(
        &self,
        learner: &mut dyn Learner,
        s: usize,
        train: &[SampleId],
        first: bool,
        rec1: &mut RoundRecord,
    ) -> Result<(), Failure> {
        let splits = self.run.splits;
        let mut arm_pool = self.base.clone();
        arm_pool.append(train, 1);
        let mut rec = RoundRecord {
            round: 1,
            ..Default::default()
        };
        let trained = fit(
            learner,
            &arm_pool,
            1 + s as u32,
            &mut rec,
            self.progress,
            self.slot,
            self.run.c.train.max_epochs,
        );
        rec1.time_train_s += rec.time_train_s;
        if first {
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
        trained
    }
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
