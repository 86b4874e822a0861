//! The members of a task's ensemble: their seeds, their initial weights and their training in
//! each round. One generic [`Ensemble`] serves every task; a task supplies how to build a
//! fresh member ([`Ensemble::new`]'s `build`) and what to train it on ([`TrainTask`]).

use burn::prelude::*;

use super::init::{load_init, InitLoad};
use super::member::Member;
use super::seam::{EpochHook, Weights};
use super::train::{train_task, TrainReport, TrainTask};
use super::LearnerError;
use super::{ModelSpec, Reset, TrainSpec};
use crate::rng::{Purpose, Rng};

/// The `model.ensemble` members of one (configuration, repeat).
///
/// Member `m` starts from weights drawn from `Rng(seed, Init, [repeat, m])`. With
/// `model.init`, every member starts from the file's weights, and members `m ≥ 1` get their
/// own output layer drawn from that same stream (after the weights the file replaces), so
/// the members differ; member 0 keeps the file's head exactly. When the file's head was
/// trained for another number of classes ([`InitLoad::FreshHead`]), every member keeps the
/// backbone of the file and the head of its fresh draw. Round `r` trains member `m`
/// with `Rng(seed, Train, [repeat, r, m])`, from the initial weights (`train.reset =
/// "baseline"`) or the previous round's (`"continue"`). Invariant: `initial` and `current`
/// hold the same number of members, at least one.
pub struct Ensemble<M> {
    seed: u64,
    repeat: u32,
    initial: Vec<M>,
    current: Vec<M>,
    init: Option<InitLoad>,
}

impl<M: Member> Ensemble<M> {
    /// The initial members of `model` for `repeat` of a configuration with `seed`; `build`
    /// draws a fresh member's weights from the stream it is given, on `device`, by
    /// `model.init_scheme`.
    pub fn new(
        model: &ModelSpec,
        seed: u64,
        repeat: u32,
        device: &Device,
        build: impl Fn(&mut Rng) -> M,
    ) -> Result<Self, LearnerError> {
        let file = model.init_path();
        let mut init = None;
        let members = 0..model.ensemble.max(1);
        let initial = super::init_scheme::with_scheme(model.init_scheme, || {
            members
                .map(|m| {
                    let mut rng = Rng::derive(seed, Purpose::Init, &[repeat as u64, m as u64]);
                    let fresh = build(&mut rng);
                    let Some(path) = &file else {
                        return Ok(fresh);
                    };
                    let (loaded, how) = load_init(fresh, path, device)?;
                    init = Some(how);
                    Ok(if m == 0 || how.fresh_head() {
                        loaded
                    } else {
                        loaded.with_new_head(&mut rng, device)
                    })
                })
                .collect::<Result<Vec<M>, LearnerError>>()
        })?;
        Ok(Ensemble {
            seed,
            repeat,
            current: initial.clone(),
            initial,
            init,
        })
    }

    /// What the `model.init` file gave the members (`None` without one).
    pub fn init(&self) -> Option<InitLoad> {
        self.init
    }

    /// Train every member on samples `idx` of `task` for `round` (see [`train_task`]) and
    /// keep the results; returns member 0's report. A diverging member is
    /// [`LearnerError::Diverged`] naming it, and leaves the previous members in place.
    pub fn fit<T: TrainTask<Model = M>>(
        &mut self,
        task: &T,
        idx: &[usize],
        spec: &TrainSpec,
        round: u32,
        hook: EpochHook<'_>,
    ) -> Result<TrainReport, LearnerError> {
        let starts = match spec.reset {
            Reset::Baseline => &self.initial,
            Reset::Continue => &self.current,
        };
        let mut trained = Vec::with_capacity(starts.len());
        let mut first = TrainReport::default();
        for (m, start) in starts.iter().enumerate() {
            let path = [self.repeat as u64, round as u64, m as u64];
            let mut rng = Rng::derive(self.seed, Purpose::Train, &path);
            let (net, report) = train_task(task, start.clone(), idx, spec, &mut rng, hook)
                .map_err(|e| match e {
                    LearnerError::Diverged(msg) => {
                        LearnerError::Diverged(format!("member {m}: diverged: {msg}"))
                    }
                    other => other,
                })?;
            if m == 0 {
                first = report;
            }
            trained.push(net);
        }
        self.current = trained;
        Ok(first)
    }

    /// The current members (the latest round's, or the initial ones before any round).
    pub fn members(&self) -> &[M] {
        &self.current
    }

    /// Member 0 of `weights`: the model whose metrics and embeddings a learner reports.
    pub fn first(&self, weights: Weights) -> &M {
        match weights {
            Weights::Current => &self.current[0],
            Weights::Initial => &self.initial[0],
        }
    }

    /// Every later round starts from the current members instead of the initial weights.
    pub fn anchor(&mut self) {
        self.initial = self.current.clone();
    }

    /// Keep only the first `members` members (at least one).
    pub fn truncate(&mut self, members: usize) {
        self.initial.truncate(members.max(1));
        self.current.truncate(members.max(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learner::{make_device, save_weights, BackendKind, DetectorNet};

    /// Head outputs `[1, 9, 4, 4]` of `net` on one fixed 32 × 32 image, and its features.
    fn outputs(net: &DetectorNet, device: &Device) -> (Vec<f32>, Vec<f32>) {
        let mut rng = Rng::new(1);
        let x: Vec<f32> = (0..3 * 32 * 32).map(|_| rng.uniform() as f32).collect();
        let x = Tensor::<4>::from_data(TensorData::new(x, [1, 3, 32, 32]), device);
        let net = net.inference();
        let f = net.features(x);
        let v = |t: Tensor<4>| t.into_data().try_into_vec::<f32>().unwrap();
        (v(net.head(f.clone(), None)), v(f))
    }

    #[test]
    fn detector_members_start_from_an_init_file_with_their_own_heads() {
        let devices = make_device(BackendKind::Flex, 0).unwrap();
        let device = &devices.train;
        let build = |rng: &mut Rng| DetectorNet::new(3, 5, 4, rng, device);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("detector.bpk");
        let base = build(&mut Rng::new(9));
        save_weights(&base, &file).unwrap();
        let mut model = ModelSpec {
            ensemble: 2,
            ..ModelSpec::default()
        };
        let scratch = Ensemble::new(&model, 5, 0, device, build).unwrap();
        model.init = file.to_string_lossy().into_owned();
        let init = Ensemble::new(&model, 5, 0, device, build).unwrap();
        let want = outputs(&base, &devices.infer);
        let [m0, m1] = [0, 1].map(|m| outputs(&init.members()[m], &devices.infer));
        assert_eq!(m0, want, "member 0 is the file's model");
        assert_eq!(m1.1, want.1, "member 1 has the file's backbone");
        assert_ne!(m1.0, want.0, "member 1 has its own head");
        let s0 = outputs(&scratch.members()[0], &devices.infer);
        assert_ne!(s0.1, want.1, "without the file, members are drawn");
        let again = Ensemble::new(&model, 5, 0, device, build).unwrap();
        assert_eq!(outputs(&again.members()[1], &devices.infer), m1);
    }
}

#[cfg(test)]
mod class_count_tests {
    use super::*;
    use crate::learner::{make_device, save_weights, BackendKind, DetectorNet, InitLoad};

    /// A detector file trained for 7 classes, members for 5: every member's backbone is the
    /// file's, its head the fresh draw of its stream (the class biases at the prior).
    #[test]
    fn detector_members_keep_the_backbone_of_a_file_of_other_classes() {
        let devices = make_device(BackendKind::Flex, 0).unwrap();
        let device = &devices.train;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("seven.bpk");
        let base = DetectorNet::new(3, 7, 4, &mut Rng::new(9), device);
        save_weights(&base, &file).unwrap();
        let build = |rng: &mut Rng| DetectorNet::new(3, 5, 4, rng, device);
        let mut model = ModelSpec {
            ensemble: 2,
            ..ModelSpec::default()
        };
        let scratch = Ensemble::new(&model, 5, 0, device, build).unwrap();
        assert_eq!(scratch.init(), None);
        model.init = file.to_string_lossy().into_owned();
        let init = Ensemble::new(&model, 5, 0, device, build).unwrap();
        let how = InitLoad::FreshHead {
            file_classes: 7,
            classes: 5,
        };
        assert_eq!(init.init(), Some(how));
        let mut rng = Rng::new(1);
        let x: Vec<f32> = (0..3 * 32 * 32).map(|_| rng.uniform() as f32).collect();
        let x = Tensor::<4>::from_data(TensorData::new(x, [1, 3, 32, 32]), &devices.infer);
        let feats = |n: &DetectorNet| n.inference().features(x.clone()).into_data();
        let head = |n: &DetectorNet| n.head.weight.val().into_data();
        for (a, b) in init.members().iter().zip(scratch.members()) {
            assert_eq!(feats(a), feats(&base), "backbone from the file");
            assert_eq!(head(a), head(b), "head from the member's stream");
            assert_eq!(a.head.weight.dims()[0], 5 + 4);
        }
    }
}
