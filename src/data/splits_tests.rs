//! Tests of [`super::splits`]: sizes, determinism, transforms, reserve, resampling, filter.
#![cfg(test)]

use super::splits::*;
use super::{imbalanced_quota, DataSpec, Source};
use crate::data::generate_shapes;

/// A `shapes` source of `n` training images and 60 test images.
fn source(n: usize) -> Source {
    Source {
        train: generate_shapes(n, 1, 0),
        test: Some(generate_shapes(60, 1, 1)),
    }
}

fn spec() -> DataSpec {
    DataSpec {
        pool: 300,
        validation: 50,
        test: 40,
        ..Default::default()
    }
}

#[test]
fn sizes_and_determinism() {
    let src = source(400);
    let a = build_splits(&spec(), &src, 9, 0).unwrap();
    let b = build_splits(&spec(), &src, 9, 0).unwrap();
    assert_eq!(
        (a.pool.len(), a.validation.len(), a.test.len()),
        (300, 50, 40)
    );
    assert_eq!(a.pool.labels, b.pool.labels);
    assert_eq!(a.pool.pixels_f32(), b.pool.pixels_f32());
}

#[test]
fn transforms_apply() {
    let src = source(2000);
    let d = DataSpec {
        duplicates: 2,
        label_noise: 0.1,
        imbalance: 4.0,
        ..spec()
    };
    let s = build_splits(&d, &src, 9, 0).unwrap();
    assert_eq!(s.pool.len(), 600);
    assert_eq!(s.mislabeled.iter().filter(|&&m| m).count(), 60);
    // long tail without label noise: pool class counts are exactly the quotas (×2 copies)
    let d = DataSpec {
        duplicates: 2,
        imbalance: 4.0,
        ..spec()
    };
    let s = build_splits(&d, &src, 9, 0).unwrap();
    let q = imbalanced_quota(300, 10, 4.0);
    for (c, &want) in q.iter().enumerate() {
        assert_eq!(
            s.pool.labels.iter().filter(|&&l| l == c as u32).count(),
            2 * want
        );
    }
    assert!(q[0] as f64 / q[9] as f64 > 3.5);
}

#[test]
fn too_small_is_an_error() {
    let src = source(100);
    let err = build_splits(&spec(), &src, 9, 0).unwrap_err();
    assert!(err.to_string().contains("data.pool"), "{err}");
}

#[test]
fn reserved_images_stay_out_of_every_split_whatever_the_sizes() {
    let src = Source {
        train: generate_shapes(500, 1, 0),
        test: None,
    };
    let r = reserved_indices(100, 500, 9);
    assert_eq!(r.len(), 100);
    assert!(r.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
    assert_eq!(r, reserved_indices(100, 500, 9));
    assert_ne!(r, reserved_indices(100, 500, 10), "the seed draws them");
    // two scales of one spec: different pool sizes, the same reserved images, none of
    // them in the pool, the validation set or the test set (drawn from train here)
    for pool in [300, 120] {
        let d = DataSpec {
            reserve: 100,
            pool,
            ..spec()
        };
        let s = build_splits(&d, &src, 9, 0).unwrap();
        assert_eq!(s.pool.len(), pool);
        for set in [&s.pool, &s.validation, &s.test] {
            for k in 0..set.len() {
                assert!(
                    r.iter().all(|&i| set.image(k) != src.train.image(i)),
                    "a reserved image was drawn into a split"
                );
            }
        }
    }
    // the reserve counts against the training split's size
    let d = DataSpec {
        reserve: 200,
        ..spec()
    };
    let err = build_splits(&d, &src, 9, 0).unwrap_err().to_string();
    assert!(err.contains("reserve 200"), "{err}");
}

#[test]
fn resampled_splits_differ_per_repeat_and_repeat_exactly() {
    let src = source(400);
    let d = DataSpec {
        resample_splits: true,
        ..spec()
    };
    let a = build_splits(&d, &src, 9, 0).unwrap();
    let b = build_splits(&d, &src, 9, 1).unwrap();
    assert_ne!(a.validation.pixels_f32(), b.validation.pixels_f32());
    assert_ne!(a.pool.pixels_f32(), b.pool.pixels_f32());
    assert_eq!(
        a.pool.pixels_f32(),
        build_splits(&d, &src, 9, 0).unwrap().pool.pixels_f32()
    );
    // without it, the repeat does not matter
    let s0 = build_splits(&spec(), &src, 9, 0).unwrap();
    let s1 = build_splits(&spec(), &src, 9, 1).unwrap();
    assert_eq!(s0.pool.pixels_f32(), s1.pool.pixels_f32());
}

#[test]
fn the_metadata_filter_restricts_the_pool_only() {
    use crate::data::DatasetKind;
    use crate::data::{generate_scenes, MetaFilter, SceneParams};
    let p = SceneParams {
        night: 0.5,
        ..SceneParams::default()
    };
    let src = Source {
        train: generate_scenes(400, &p, 2, 0),
        test: Some(generate_scenes(40, &p, 2, 1)),
    };
    let d = DataSpec {
        dataset: DatasetKind::Scenes,
        pool: 100,
        validation: 40,
        test: 40,
        filter: Some(MetaFilter { night: Some(true) }),
        ..Default::default()
    };
    let s = build_splits(&d, &src, 3, 0).unwrap();
    assert_eq!(s.pool.len(), 100);
    assert!(s.pool.meta.iter().all(|m| m.night));
    assert!(
        s.validation.meta.iter().any(|m| !m.night),
        "validation is not filtered"
    );
    let too_many = DataSpec {
        pool: 350,
        ..d.clone()
    };
    let e = build_splits(&too_many, &src, 3, 0).unwrap_err().to_string();
    assert!(e.contains("match data.filter"), "{e}");
    let no_meta = source(300);
    let e = build_splits(
        &DataSpec {
            dataset: DatasetKind::Shapes,
            ..d
        },
        &no_meta,
        3,
        0,
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("data.filter: this dataset carries no acquisition metadata"),
        "{e}"
    );
}

/// `label_noise_kind = "ambiguous"` flips exactly round(rate · pool) labels, the same ones for
/// every repeat of the same spec (they depend only on the pool's pixels and labels; the
/// selection rule itself is tested in `label_noise.rs`).
#[test]
fn ambiguous_label_noise_is_exact_and_deterministic() {
    use super::LabelNoiseKind;
    let src = source(2000);
    let d = DataSpec {
        label_noise: 0.1,
        label_noise_kind: LabelNoiseKind::Ambiguous,
        ..spec()
    };
    let a = build_splits(&d, &src, 9, 0).unwrap();
    let b = build_splits(&d, &src, 9, 1).unwrap();
    assert_eq!(a.mislabeled.iter().filter(|&&m| m).count(), 30);
    assert_eq!(a.mislabeled, b.mislabeled);
    assert_eq!(a.pool.labels, b.pool.labels);
    assert!(a.pool.labels.iter().all(|&l| l < 10));
}
