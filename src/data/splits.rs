//! Pool / validation / test splits with the spec's transforms applied.
//!
//! First, `data.reserve` training images are set aside ([`reserved_indices`]) and never
//! used by the experiment (they are `albench pretrain --reserved`'s data).
//!
//! The splits depend only on the experiment seed and the `[data]` table, so every
//! configuration and every repeat of an experiment sees the same pool, validation and test
//! sets (repeats differ in their base set, initialisation and training order) — unless
//! `data.resample_splits`, when each repeat draws its own (still shared by every
//! configuration of that repeat, so paired tests stay paired). Order:
//! 1. validation: `validation` images drawn uniformly from the training split;
//! 2. pool: `pool` images from the rest, class counts long-tailed when `imbalance > 1`, only
//!    images whose metadata pass `filter` when it is set;
//! 3. test: `test` images from the test split (or from the rest of the training split);
//! 4. `duplicates`: each pool image k times, copies rotated ±10°;
//! 5. `noise`: Gaussian pixel noise on pool, validation and test (the dataset is "Noisy");
//! 6. `label_noise`: a fraction of pool labels flipped, recorded in `mislabeled`: uniformly
//!    drawn ones, or (`label_noise_kind = "ambiguous"`) the images nearest another class's mean relative
//!    to their own.

use super::{
    add_noise, duplicate_with_rotation, flip_ambiguous, flip_labels, imbalanced_quota, DataError,
    DataSpec, ImageSet, LabelNoiseKind, Source,
};
use crate::rng::{fnv1a64, Purpose, Rng};

/// The data of a run.
#[derive(Clone, Debug)]
pub struct Splits {
    /// Pool images; labels are the ones the oracle reveals (after label noise).
    pub pool: ImageSet,
    /// Per pool image, whether its revealed label differs from the true one.
    pub mislabeled: Vec<bool>,
    /// Validation set (early stopping).
    pub validation: ImageSet,
    /// Test set (recorded metrics).
    pub test: ImageSet,
}

/// Build the splits of `d` from `source`: the same for every repeat, unless
/// `d.resample_splits`, when repeat `repeat` draws its own. Pool, validation and test are
/// views of the source's pixels (no copy) unless a transform (noise, duplicates) rewrites
/// them.
pub fn build_splits(
    d: &DataSpec,
    source: &Source,
    seed: u64,
    repeat: u32,
) -> Result<Splits, DataError> {
    let key = fnv1a64(
        serde_json::to_string(d)
            .expect("DataSpec serializes")
            .as_bytes(),
    );
    let mut rng = if d.resample_splits {
        Rng::derive(seed, Purpose::Data, &[key, repeat as u64])
    } else {
        Rng::derive(seed, Purpose::Data, &[key])
    };
    let train = &source.train;
    let mut order: Vec<usize> = (0..train.len()).collect();
    rng.shuffle(&mut order);
    check_sizes(d, source)?;
    if d.reserve > 0 {
        let mut reserved = vec![false; train.len()];
        for i in reserved_indices(d.reserve, train.len(), seed) {
            reserved[i] = true;
        }
        order.retain(|&i| !reserved[i]);
    }
    let mut validation = train.subset(&order[..d.validation]);
    let (pool_idx, remaining) = draw_pool(d, train, &order[d.validation..])?;
    let mut test = draw_test(d, source, &remaining, &mut rng)?;
    let pool_base = train.subset(&pool_idx);
    let (mut pool, _) = duplicate_with_rotation(pool_base, d.duplicates, &mut rng);
    add_noise(&mut pool, d.noise, &mut rng);
    add_noise(&mut validation, d.noise, &mut rng);
    add_noise(&mut test, d.noise, &mut rng);
    let mislabeled = match d.label_noise_kind {
        LabelNoiseKind::Uniform => {
            flip_labels(&mut pool.labels, train.n_classes(), d.label_noise, &mut rng)
        }
        LabelNoiseKind::Ambiguous => flip_ambiguous(&mut pool, train.n_classes(), d.label_noise),
    };
    Ok(Splits {
        pool,
        mislabeled,
        validation,
        test,
    })
}

/// The training split must hold pool + validation + reserve (+ test when the dataset has no
/// test split).
fn check_sizes(d: &DataSpec, source: &Source) -> Result<(), DataError> {
    let n = source.train.len();
    let test_from_train = if source.test.is_none() { d.test } else { 0 };
    let need = d.validation + d.pool + test_from_train + d.reserve;
    if need <= n {
        return Ok(());
    }
    let plus = |what: &str, k: usize| {
        if k > 0 {
            format!(" + {what} {k}")
        } else {
            String::new()
        }
    };
    Err(DataError::TooSmall {
        key: "pool",
        message: format!(
            "pool {} + validation {}{}{} = {need} exceeds the {n} training images of the dataset",
            d.pool,
            d.validation,
            plus("test", test_from_train),
            plus("reserve", d.reserve),
        ),
    })
}

/// The pool's training positions drawn from `rest` (the shuffled order after validation),
/// and the positions left over (the test set's source when the dataset has no test split).
fn draw_pool(
    d: &DataSpec,
    train: &ImageSet,
    rest: &[usize],
) -> Result<(Vec<usize>, Vec<usize>), DataError> {
    if d.imbalance > 1.0 {
        return draw_long_tailed(d, train, rest);
    }
    let Some(f) = &d.filter else {
        return Ok((rest[..d.pool].to_vec(), rest[d.pool..].to_vec()));
    };
    if train.meta.is_empty() {
        return Err(DataError::TooSmall {
            key: "filter",
            message: "this dataset carries no acquisition metadata to filter on (scenes does; other datasets take data.metadata)"
                .into(),
        });
    }
    let (mut pool, mut left) = (Vec::with_capacity(d.pool), Vec::new());
    for &i in rest {
        if pool.len() < d.pool && f.accepts(&train.meta[i]) {
            pool.push(i);
        } else {
            left.push(i);
        }
    }
    if pool.len() < d.pool {
        return Err(DataError::TooSmall {
            key: "pool",
            message: format!(
                "only {} images after validation match data.filter; lower data.pool or relax the filter",
                pool.len()
            ),
        });
    }
    Ok((pool, left))
}

/// `data.imbalance > 1`: the pool takes, in `rest`'s order, each class up to its long-tailed
/// quota.
fn draw_long_tailed(
    d: &DataSpec,
    train: &ImageSet,
    rest: &[usize],
) -> Result<(Vec<usize>, Vec<usize>), DataError> {
    let n_classes = train.n_classes();
    let quota = imbalanced_quota(d.pool, n_classes, d.imbalance);
    let mut taken = vec![0usize; n_classes];
    let (mut pool, mut left) = (Vec::with_capacity(d.pool), Vec::new());
    for &i in rest {
        let c = train.labels[i] as usize;
        if taken[c] < quota[c] {
            taken[c] += 1;
            pool.push(i);
        } else {
            left.push(i);
        }
    }
    if let Some(c) = (0..n_classes).find(|&c| taken[c] < quota[c]) {
        return Err(DataError::TooSmall {
            key: "pool",
            message: format!(
                "imbalance {} needs {} images of class {} but the dataset has only {} left after validation",
                d.imbalance, quota[c], train.class_names[c], taken[c]
            ),
        });
    }
    Ok((pool, left))
}

/// The test set: `d.test` images of the test split in an order drawn from `rng`, or the first
/// `d.test` of `remaining` training positions when the dataset has no test split.
fn draw_test(
    d: &DataSpec,
    source: &Source,
    remaining: &[usize],
    rng: &mut Rng,
) -> Result<ImageSet, DataError> {
    let Some(t) = &source.test else {
        return Ok(source.train.subset(&remaining[..d.test]));
    };
    if d.test > t.len() {
        return Err(DataError::TooSmall {
            key: "test",
            message: format!(
                "{} exceeds the {} test images of the dataset",
                d.test,
                t.len()
            ),
        });
    }
    let mut idx: Vec<usize> = (0..t.len()).collect();
    rng.shuffle(&mut idx);
    Ok(t.subset(&idx[..d.test]))
}

/// The training-split positions `data.reserve` sets aside: the first `reserve` of a
/// permutation of `0..train_len` drawn from the experiment seed alone, so they do not depend
/// on the other `[data]` keys (every scale of a spec reserves the same images) nor on the
/// repeat. Sorted ascending; `reserve ≤ train_len`.
pub fn reserved_indices(reserve: usize, train_len: usize, seed: u64) -> Vec<usize> {
    /// Stream key of the reserve permutation ("reserve" in ASCII).
    const RESERVE: u64 = 0x0072_6573_6572_7665;
    let mut rng = Rng::derive(seed, Purpose::Data, &[RESERVE, train_len as u64]);
    let mut order: Vec<usize> = (0..train_len).collect();
    rng.shuffle(&mut order);
    let mut out = order[..reserve.min(train_len)].to_vec();
    out.sort_unstable();
    out
}
