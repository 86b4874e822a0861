//! Dataset transforms from the thesis' datasets: "Noisy" (pixel noise), "Hard" (near-duplicate
//! pool items), "Mixed" (long-tailed classes) and label noise.

use super::{rotate_bilinear, ImageSet};
use crate::rng::Rng;

/// Add Gaussian noise of standard deviation `sigma` to every pixel, clamped to [0, 1]. The
/// noisy set is held in memory as floats (4 bytes per value, whatever the source's storage).
pub fn add_noise(set: &mut ImageSet, sigma: f64, rng: &mut Rng) {
    if sigma <= 0.0 {
        return;
    }
    let (n, l) = (set.len(), set.sample_len());
    for v in set.pixels.f32_mut(n, l).iter_mut() {
        *v = (*v as f64 + sigma * rng.normal()).clamp(0.0, 1.0) as f32;
    }
}

/// Largest rotation of a duplicate, in degrees.
pub const MAX_DUPLICATE_ROTATION_DEG: f64 = 10.0;

/// The original image of pool sample `sample` when every original appears `k` times
/// ([`duplicate_with_rotation`]: copies of item `i` are samples `i·k .. i·k + k`).
pub fn duplicate_origin(sample: u32, k: u32) -> u32 {
    sample / k.max(1)
}

/// Each item `k` times: copy 0 unchanged, copies 1.. rotated by a uniform angle in
/// ±[`MAX_DUPLICATE_ROTATION_DEG`]. Copies of item `i` are at `i·k .. i·k + k`.
/// Returns the set and, per output item, the index of its original. Takes the set by value so
/// that `k = 1` hands it back without a copy; with `k > 1` the copies are held in memory as
/// floats (`k · n · sample_len · 4` bytes).
pub fn duplicate_with_rotation(set: ImageSet, k: usize, rng: &mut Rng) -> (ImageSet, Vec<usize>) {
    if k <= 1 {
        let n = set.len();
        return (set, (0..n).collect());
    }
    let l = set.sample_len();
    let mut out = ImageSet::empty_like(&set);
    let mut pixels = vec![0.0f32; set.len() * k * l];
    out.labels.reserve(set.len() * k);
    let mut origin = Vec::with_capacity(set.len() * k);
    for i in 0..set.len() {
        for copy in 0..k {
            let j = i * k + copy;
            debug_assert_eq!(duplicate_origin(j as u32, k as u32), i as u32);
            let dst = &mut pixels[j * l..(j + 1) * l];
            if copy == 0 {
                dst.copy_from_slice(&set.image(i));
            } else {
                let deg = rng.range(-MAX_DUPLICATE_ROTATION_DEG, MAX_DUPLICATE_ROTATION_DEG);
                rotate_bilinear(
                    &set.image(i),
                    dst,
                    set.channels,
                    set.height,
                    set.width,
                    deg.to_radians(),
                );
            }
            out.labels.push(set.labels[i]);
            origin.push(i);
        }
    }
    out.pixels = pixels.into();
    (out, origin)
}

/// Flip a fraction `rate` of labels to a different class chosen uniformly. Returns, per
/// sample, whether its label was flipped. Exactly `round(rate · n)` samples are flipped.
pub fn flip_labels(labels: &mut [u32], n_classes: usize, rate: f64, rng: &mut Rng) -> Vec<bool> {
    let n = labels.len();
    let mut flipped = vec![false; n];
    if rate <= 0.0 || n_classes < 2 {
        return flipped;
    }
    let k = (rate * n as f64).round() as usize;
    for i in rng.sample_indices(n, k) {
        let shift = 1 + rng.below(n_classes - 1) as u32;
        labels[i] = (labels[i] + shift) % n_classes as u32;
        flipped[i] = true;
    }
    flipped
}

/// Per-class counts of a long-tailed pool of `total` samples: class `c` (of `n`) gets a
/// share proportional to `ratio^(−c/(n−1))`, so the first class has `ratio` times the last.
/// Counts sum to `total` (largest remainders).
pub fn imbalanced_quota(total: usize, n: usize, ratio: f64) -> Vec<usize> {
    if n == 1 {
        return vec![total];
    }
    let w: Vec<f64> = (0..n)
        .map(|c| ratio.powf(-(c as f64) / (n - 1) as f64))
        .collect();
    let sum: f64 = w.iter().sum();
    let exact: Vec<f64> = w.iter().map(|x| x / sum * total as f64).collect();
    let mut q: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut rem: Vec<(usize, f64)> = exact
        .iter()
        .enumerate()
        .map(|(i, x)| (i, x - x.floor()))
        .collect();
    rem.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let missing = total - q.iter().sum::<usize>();
    for &(i, _) in rem.iter().take(missing) {
        q[i] += 1;
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_hand_computed() {
        // ratio 4, 3 classes: weights 1, 1/2, 1/4 -> 700 * (4/7, 2/7, 1/7) = 400, 200, 100
        assert_eq!(imbalanced_quota(700, 3, 4.0), vec![400, 200, 100]);
        assert_eq!(imbalanced_quota(10, 3, 1.0).iter().sum::<usize>(), 10);
    }

    #[test]
    fn flips_exact_count_to_other_classes() {
        let mut labels = vec![0u32; 100];
        let f = flip_labels(&mut labels, 3, 0.25, &mut Rng::new(2));
        assert_eq!(f.iter().filter(|&&x| x).count(), 25);
        for (l, fl) in labels.iter().zip(&f) {
            assert_eq!(*fl, *l != 0);
        }
    }

    #[test]
    fn duplicates_keep_original_first() {
        let set = ImageSet {
            channels: 1,
            height: 2,
            width: 2,
            class_names: vec!["a".into(), "b".into()],
            pixels: vec![0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8].into(),
            labels: vec![0, 1],
            objects: Vec::new(),
            meta: Vec::new(),
            files: Vec::new(),
        };
        let (d, origin) = duplicate_with_rotation(set.clone(), 3, &mut Rng::new(1));
        assert_eq!(d.len(), 6);
        assert_eq!(origin, vec![0, 0, 0, 1, 1, 1]);
        assert_eq!(d.labels, vec![0, 0, 0, 1, 1, 1]);
        assert_eq!(d.image(3), set.image(1));
    }
}
