//! The classifier learner: ensemble members, `model.init`, `train.reset` and MC dropout.

use super::*;
use crate::data::ImageSet;
use crate::learner::{make_device, save_weights, BackendKind};
use crate::spec::{Arch, Config, Reset};

/// 12 random 6×6 grayscale images of 3 classes.
fn splits() -> Splits {
    let mut rng = Rng::new(3);
    let pool = ImageSet {
        channels: 1,
        height: 6,
        width: 6,
        class_names: vec!["a".into(), "b".into(), "c".into()],
        pixels: (0..12 * 36).map(|_| rng.uniform() as f32).collect(),
        labels: (0..12).map(|i| i % 3).collect(),
        objects: Vec::new(),
        meta: Vec::new(),
        files: Vec::new(),
    };
    Splits {
        mislabeled: vec![false; 12],
        validation: pool.clone(),
        test: pool.clone(),
        pool,
    }
}

/// Per sample and class, whether member 0's and member 1's probabilities differ.
fn members_differ(l: &ClassifierLearner<'_>) -> bool {
    let ids: Vec<SampleId> = (0..12).map(SampleId).collect();
    let mut differ = false;
    let req = ScoreRequest {
        mc_samples: 1,
        labels: false,
        features: false,
        member_features: false,
        reconstruction: false,
    };
    l.score(&ids, req, &mut Rng::new(0), &mut |_, b, _| {
        assert_eq!(b.members, 2);
        differ |= b.probs.chunks(2).any(|p| (p[0] - p[1]).abs() > 1e-6);
    });
    differ
}

#[test]
fn ensemble_members_differ_with_and_without_an_init_file() {
    let devices = make_device(BackendKind::Flex, 0).unwrap();
    let s = splits();
    let mut c = Config::default();
    c.model.arch = Arch::Mlp;
    c.model.width = 4;
    c.model.ensemble = 2;
    let scratch = ClassifierLearner::new(c.learner(), &s, &devices, 0).unwrap();
    assert!(members_differ(&scratch), "members from their own seeds");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("base.bpk");
    let base = Net::new(
        Arch::Mlp,
        Geometry::of(&s.pool),
        4,
        &mut Rng::new(9),
        &devices.train,
    );
    save_weights(&base, &file).unwrap();
    c.model.init = file.to_string_lossy().into_owned();
    let init = ClassifierLearner::new(c.learner(), &s, &devices, 0).unwrap();
    assert!(
        members_differ(&init),
        "members from one init file get their own heads"
    );
    // Member 0 is the file's model exactly: its embeddings equal the saved network's.
    let ids: Vec<SampleId> = (0..12).map(SampleId).collect();
    let want = embeddings(
        &base.inference(),
        &s.pool,
        &ids_to_indices(&ids),
        256,
        &devices.infer,
    );
    assert_eq!(init.embed(&ids, Weights::Initial), want);
    let file_loss = evaluate_set(&base, &s.test, 256, &devices, &[]).loss;
    assert_eq!(
        init.evaluate().loss,
        file_loss,
        "member 0 keeps the file's head"
    );
    // Same seed, same members.
    let again = ClassifierLearner::new(c.learner(), &s, &devices, 0).unwrap();
    assert_eq!(
        again.embed(&ids, Weights::Current),
        init.embed(&ids, Weights::Current)
    );
}

fn config() -> Config {
    let mut c = Config::default();
    c.model.arch = Arch::Mlp;
    c.model.width = 4;
    c.train.max_epochs = 2;
    c.train.batch_size = 4;
    c.train.early_stopping.enabled = false;
    c
}

#[test]
fn reset_baseline_restarts_from_the_initial_weights_continue_from_the_last() {
    let devices = make_device(BackendKind::Flex, 0).unwrap();
    let s = splits();
    let ids: Vec<SampleId> = (0..12).map(SampleId).collect();
    for reset in [Reset::Baseline, Reset::Continue] {
        let mut c = config();
        c.train.reset = reset;
        let mut l = ClassifierLearner::new(c.learner(), &s, &devices, 0).unwrap();
        l.fit(&ids, 0, &|_| {}).unwrap();
        let trained = l.embed(&ids, Weights::Current);
        assert_ne!(trained, l.embed(&ids, Weights::Initial), "round 0 trained");
        // Nothing to train on: the model is where the round starts from.
        l.fit(&[], 1, &|_| {}).unwrap();
        let now = l.embed(&ids, Weights::Current);
        match reset {
            Reset::Baseline => assert_eq!(now, l.embed(&ids, Weights::Initial)),
            Reset::Continue => assert_eq!(now, trained),
        }
    }
}

/// Probabilities `[sample, class, pass]` of one scoring pass.
fn probs(l: &ClassifierLearner<'_>, mc: usize, seed: u64) -> Vec<f32> {
    let ids: Vec<SampleId> = (0..12).map(SampleId).collect();
    let req = ScoreRequest {
        mc_samples: mc,
        labels: false,
        features: false,
        member_features: false,
        reconstruction: false,
    };
    let mut out = Vec::new();
    l.score(&ids, req, &mut Rng::new(seed), &mut |_, b, _| {
        assert_eq!(b.members, mc);
        out.extend_from_slice(b.probs);
    });
    out
}

#[test]
fn mc_dropout_passes_differ_and_repeat_with_the_same_seed() {
    let devices = make_device(BackendKind::Flex, 0).unwrap();
    let s = splits();
    let mut c = config();
    c.model.dropout = 0.5;
    let l = ClassifierLearner::new(c.learner(), &s, &devices, 0).unwrap();
    let a = probs(&l, 3, 7);
    assert!(
        a.chunks(3).any(|p| p[0] != p[1] || p[1] != p[2]),
        "passes draw different masks"
    );
    assert_eq!(a, probs(&l, 3, 7), "same mask stream, same probabilities");
    assert_ne!(a, probs(&l, 3, 8));
    // One pass is the deterministic network, whatever the stream.
    assert_eq!(probs(&l, 1, 7), probs(&l, 1, 8));
}

/// Weights trained for 5 classes on 3-class data: the backbone is the file's (the
/// embeddings equal the saved network's), the head is the one a model from scratch draws
/// (the same test loss as the scratch learner's, whose backbone differs: so the head alone
/// decides nothing here; the scratch head's weights are compared directly), and
/// `check_model` says so.
#[test]
fn weights_of_another_class_count_give_the_backbone_and_a_fresh_head() {
    let devices = make_device(BackendKind::Flex, 0).unwrap();
    let s = splits();
    let mut c = config();
    c.model.ensemble = 2;
    let g = Geometry::of(&s.pool);
    let five = Geometry { classes: 5, ..g };
    let base = Net::new(Arch::Mlp, five, 4, &mut Rng::new(9), &devices.train);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("five.bpk");
    save_weights(&base, &file).unwrap();
    let plain = c.clone();
    let scratch = ClassifierLearner::new(plain.learner(), &s, &devices, 0).unwrap();
    c.model.init = file.to_string_lossy().into_owned();
    let init = ClassifierLearner::new(c.learner(), &s, &devices, 0).unwrap();
    let ids: Vec<SampleId> = (0..12).map(SampleId).collect();
    let want = embeddings(
        &base.inference(),
        &s.pool,
        &(0..12).collect::<Vec<_>>(),
        256,
        &devices.infer,
    );
    assert_eq!(
        init.embed(&ids, Weights::Initial),
        want,
        "backbone from the file"
    );
    let head = |n: &Net| n.network().classifier().weight.val().into_data();
    for (a, b) in init.members.members().iter().zip(scratch.members.members()) {
        assert_eq!(a.network().classifier().weight.dims(), [16, 3]);
        assert_eq!(head(a), head(b), "each member's head is its fresh draw");
    }
    let how = check_model(&c.model, g, &devices).unwrap();
    assert_eq!(
        how.map(InitLoad::describe).as_deref(),
        Some("backbone loaded, head: fresh (weights had 5 classes, dataset has 3)")
    );
    // The same file for 5-class data loads every weight.
    assert_eq!(
        check_model(&c.model, five, &devices).unwrap(),
        Some(InitLoad::All)
    );
}
