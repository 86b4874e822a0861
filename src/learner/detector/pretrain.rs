//! Training one detector outside an experiment (`albench pretrain` on a detection spec): a
//! weights file for `model.init`.

use super::task::Detect;
use super::{evaluate_detector, grid_of, DetectorNet};
use crate::data::ImageSet;
use crate::learner::seam::EpochHook;
use crate::learner::train::{train_task, TrainReport};
use crate::learner::{Devices, LearnerError, ModelSpec, TrainSpec};
use crate::metrics::detection::ApSummary;
use crate::rng::Rng;

/// A trained detector, what its training did, and its test loss and AP.
pub struct Pretrained {
    /// The trained detector.
    pub net: DetectorNet,
    /// The training's report.
    pub report: TrainReport,
    /// Mean detection loss on the test set.
    pub test_loss: f64,
    /// AP on the test set.
    pub test_ap: ApSummary,
}

/// A new detector for `set`'s images (weights from `init`), trained on its images `idx`
/// with `train` (early stopping on `val`, dropout and map loss from `model`, mini-batches
/// from `rng`) exactly as one round of a run trains a member, then evaluated on `test`.
#[allow(clippy::too_many_arguments)]
pub fn pretrain_detector(
    model: &ModelSpec,
    train: &TrainSpec,
    set: &ImageSet,
    idx: &[usize],
    val: &ImageSet,
    test: &ImageSet,
    devices: &Devices,
    init: &mut Rng,
    rng: &mut Rng,
    hook: EpochHook<'_>,
) -> Result<Pretrained, LearnerError> {
    let grid = grid_of(set.height, set.width, set.n_classes())?;
    let net = crate::learner::init_scheme::with_scheme(model.init_scheme, || {
        DetectorNet::new(
            set.channels,
            set.n_classes(),
            model.width,
            init,
            &devices.train,
        )
    });
    let task = Detect {
        set,
        val,
        grid,
        dropout: model.dropout,
        kind: model.map_loss,
        devices,
    };
    let (net, report) = train_task(&task, net, idx, train, rng, hook)?;
    let (test_loss, test_ap) = evaluate_detector(
        &net.inference(),
        test,
        grid,
        model.map_loss,
        64,
        &devices.infer,
    );
    Ok(Pretrained {
        net,
        report,
        test_loss,
        test_ap,
    })
}
