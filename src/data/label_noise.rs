//! `data.label_noise_kind`: which pool labels `data.label_noise` flips.
//!
//! - `uniform`: a uniform draw of samples, each flipped to a uniformly drawn other class
//!   ([`super::flip_labels`]). The flips are independent of the image, so no selector can
//!   pick more of them than random does (in expectation).
//! - `ambiguous`: instance-dependent noise, as a labeller makes it: the images that look most
//!   like another class are flipped to that class. "Looks like" is judged by a reference
//!   classifier fitted on the pool's true labels — here the nearest class mean in pixel space
//!   (no training, deterministic, O(N·C·L) time, O(C·L) memory). For sample `i` of true class
//!   `y` with squared distances `d_c = ‖x_i − μ_c‖²` to the class means, its ambiguity is
//!   `d_y − min_{c≠y} d_c` (positive: closer to another class's mean than to its own); the
//!   `round(rate · N)` most ambiguous samples (ties: lower position first) take the label
//!   `argmin_{c≠y} d_c` (ties: lower class). This follows the construction of
//!   instance-dependent noise by Chen et al. (AAAI 2021, "Beyond Class-Conditional
//!   Assumption"), who flip the samples a reference network finds most confusable to its most
//!   likely wrong class; our reference is the class-mean classifier instead of a network.

use serde::{Deserialize, Serialize};

use super::ImageSet;

/// Which samples `data.label_noise` flips.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LabelNoiseKind {
    /// Uniformly drawn samples, flipped to a uniformly drawn other class.
    #[default]
    Uniform,
    /// The samples nearest another class's mean relative to their own, flipped to that class.
    Ambiguous,
}

impl LabelNoiseKind {
    /// Whether this is the default (not serialized then, so older specs keep their hash).
    pub fn is_uniform(&self) -> bool {
        *self == LabelNoiseKind::Uniform
    }
}

/// Flip the `round(rate · n)` most ambiguous samples of `set` (by the class-mean rule of the
/// module doc, computed on `set.labels` as the true labels) to their nearest other class, in
/// `set.labels`. Returns, per sample, whether its label was flipped. Nothing is flipped when
/// `rate ≤ 0` or the set has fewer than two classes present.
pub fn flip_ambiguous(set: &mut ImageSet, n_classes: usize, rate: f64) -> Vec<bool> {
    let n = set.len();
    let mut flipped = vec![false; n];
    let k = (rate * n as f64).round() as usize;
    if rate <= 0.0 || n_classes < 2 || k == 0 {
        return flipped;
    }
    let l = set.sample_len();
    let means = class_means(set, n_classes, l);
    let present: Vec<bool> = (0..n_classes)
        .map(|c| set.labels.iter().any(|&y| y as usize == c))
        .collect();
    if present.iter().filter(|&&p| p).count() < 2 {
        return flipped;
    }
    // (ambiguity, nearest other class) per sample; one image buffer reused.
    let mut scored: Vec<(f64, u32)> = Vec::with_capacity(n);
    let mut image = Vec::with_capacity(l);
    let mut dist = vec![0.0f64; n_classes];
    for i in 0..n {
        image.clear();
        set.extend_image(i, &mut image);
        for (c, d) in dist.iter_mut().enumerate() {
            let mu = &means[c * l..(c + 1) * l];
            *d = image
                .iter()
                .zip(mu)
                .map(|(&x, &m)| {
                    let e = x as f64 - m;
                    e * e
                })
                .sum();
        }
        let y = set.labels[i] as usize;
        let mut other = usize::MAX;
        for c in (0..n_classes).filter(|&c| c != y && present[c]) {
            if other == usize::MAX || dist[c] < dist[other] {
                other = c;
            }
        }
        scored.push((dist[y] - dist[other], other as u32));
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| scored[b].0.total_cmp(&scored[a].0).then(a.cmp(&b)));
    for &i in order.iter().take(k.min(n)) {
        set.labels[i] = scored[i].1;
        flipped[i] = true;
    }
    flipped
}

/// Per-class mean image, `[n_classes, l]` row-major, accumulated in f64 (a class with no
/// sample has an all-zero mean and is never a flip target).
fn class_means(set: &ImageSet, n_classes: usize, l: usize) -> Vec<f64> {
    let mut sums = vec![0.0f64; n_classes * l];
    let mut counts = vec![0usize; n_classes];
    let mut image = Vec::with_capacity(l);
    for i in 0..set.len() {
        image.clear();
        set.extend_image(i, &mut image);
        let c = set.labels[i] as usize;
        counts[c] += 1;
        for (s, &x) in sums[c * l..(c + 1) * l].iter_mut().zip(&image) {
            *s += x as f64;
        }
    }
    for (c, &count) in counts.iter().enumerate() {
        if count > 0 {
            for s in &mut sums[c * l..(c + 1) * l] {
                *s /= count as f64;
            }
        }
    }
    sums
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One-pixel images with the given values and labels.
    fn set(values: &[f32], labels: &[u32]) -> ImageSet {
        let mut s = ImageSet {
            channels: 1,
            height: 1,
            width: 1,
            class_names: vec!["a".into(), "b".into(), "c".into()],
            pixels: Default::default(),
            labels: labels.to_vec(),
            objects: Vec::new(),
            meta: Vec::new(),
            files: Vec::new(),
        };
        s.pixels = values.to_vec().into();
        s
    }

    /// Class 0 at {0.0, 0.3, 0.6}, class 1 at {1.0, 0.7}: means 0.3 and 0.85.
    /// Ambiguity d_own − d_other:
    ///   0.0: 0.09 − 0.7225 = −0.6325;  0.3: 0 − 0.3025 = −0.3025;
    ///   0.6: 0.09 − 0.0625 = +0.0275 (nearer class 1's mean);
    ///   1.0: 0.0225 − 0.49 = −0.4675;  0.7: 0.0225 − 0.16 = −0.1375.
    /// rate 0.4 of 5 → 2 flips: 0.6 (→ 1) and 0.7 (→ 0).
    #[test]
    fn flips_the_samples_nearest_another_class_mean() {
        let mut s = set(&[0.0, 0.3, 0.6, 1.0, 0.7], &[0, 0, 0, 1, 1]);
        let flipped = flip_ambiguous(&mut s, 3, 0.4);
        assert_eq!(flipped, vec![false, false, true, false, true]);
        assert_eq!(s.labels, vec![0, 0, 1, 1, 0]);
    }

    /// A class absent from the pool (class 2 here) is never a flip target, even though its
    /// all-zero "mean" is nearest to the image at 0.0.
    #[test]
    fn absent_classes_are_never_targets() {
        let mut s = set(&[0.0, 0.3, 0.6, 1.0, 0.7], &[0, 0, 0, 1, 1]);
        flip_ambiguous(&mut s, 3, 1.0);
        assert_eq!(s.labels, vec![1, 1, 1, 0, 0]);
    }

    #[test]
    fn nothing_flipped_at_rate_zero_or_with_one_class() {
        let mut s = set(&[0.0, 0.3, 0.6], &[0, 0, 0]);
        assert_eq!(flip_ambiguous(&mut s, 3, 0.5), vec![false; 3]);
        assert_eq!(s.labels, vec![0, 0, 0]);
        let mut s = set(&[0.0, 1.0], &[0, 1]);
        assert_eq!(flip_ambiguous(&mut s, 2, 0.0), vec![false; 2]);
    }

    /// Equal ambiguity: the lower position is flipped first.
    #[test]
    fn ties_go_to_the_lower_position() {
        // Means 0.5 and 0.5: every ambiguity is 0.
        let mut s = set(&[0.0, 1.0, 0.0, 1.0], &[0, 0, 1, 1]);
        let flipped = flip_ambiguous(&mut s, 2, 0.5);
        assert_eq!(flipped, vec![true, true, false, false]);
        assert_eq!(s.labels, vec![1, 1, 1, 1]);
    }
}
