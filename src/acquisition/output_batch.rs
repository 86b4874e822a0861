//! The plain-array view of a batch of model outputs that scorers consume.

/// Model outputs for `batch` samples.
///
/// `probs` has shape `[batch, class, member]` (row-major): the softmax probabilities of each
/// ensemble member or MC-dropout pass. `labels` (length `batch`) is present only when a
/// scorer declared it needs labels.
#[derive(Clone, Copy, Debug)]
pub struct OutputBatch<'a> {
    /// Number of samples.
    pub batch: usize,
    /// Number of classes.
    pub classes: usize,
    /// Number of members (ensemble models × MC passes), at least 1.
    pub members: usize,
    /// Probabilities `[batch, class, member]`, each member's column summing to 1.
    pub probs: &'a [f32],
    /// True labels, when available.
    pub labels: Option<&'a [u32]>,
    /// Detection outputs (`None` for classification). For detection, `probs` holds each
    /// class's highest map probability over positions (the image-level "class present"
    /// probability, which does not sum to 1 over classes).
    pub maps: Option<MapOutputs<'a>>,
    /// Penultimate features of every member, when a scorer declared it needs them (`grad`):
    /// `[batch, member, feature_dim]` for classification, `[batch, member, position,
    /// feature_dim]` for detection (the input of the 1×1 head at each map position). MC
    /// passes of one member share its features (before the dropout mask).
    pub features: Option<&'a [f32]>,
    /// Width of a feature row (0 without features).
    pub feature_dim: usize,
    /// The VAE's reconstruction loss per pixel of each image (`vae` scorer), when asked.
    pub recon: Option<&'a [f32]>,
}

/// A detector's outputs for a batch: the per-class probability maps of every member and
/// the decoded boxes of the member-averaged maps.
#[derive(Clone, Copy, Debug)]
pub struct MapOutputs<'a> {
    /// Positions per map (grid cells).
    pub positions: usize,
    /// Probabilities `[batch, position, class, member]`: the Bernoulli probability that an
    /// object of the class is centred at the position.
    pub probs: &'a [f32],
    /// Confidences of the decoded boxes; image `i`'s are `box_conf[box_start[i]..box_start[i + 1]]`.
    pub box_conf: &'a [f32],
    /// `batch + 1` offsets into `box_conf`.
    pub box_start: &'a [usize],
    /// Per-image oracle detection loss (when labels were requested).
    pub losses: Option<&'a [f32]>,
}

impl MapOutputs<'_> {
    /// The probabilities of image `i`, position `p`, class `c` over members.
    #[inline]
    pub fn members(&self, i: usize, p: usize, c: usize, classes: usize, members: usize) -> &[f32] {
        let base = ((i * self.positions + p) * classes + c) * members;
        &self.probs[base..base + members]
    }
}

impl<'a> OutputBatch<'a> {
    /// Mean probability over members of sample `i`, class `c`.
    #[inline]
    pub fn mean_prob(&self, i: usize, c: usize) -> f32 {
        let base = (i * self.classes + c) * self.members;
        let s: f32 = self.probs[base..base + self.members].iter().sum();
        s / self.members as f32
    }

    /// Predicted class of sample `i`: the argmax of the mean probabilities (lowest class on
    /// ties).
    #[inline]
    pub fn predicted(&self, i: usize) -> u32 {
        let mut best = (0u32, f32::NEG_INFINITY);
        for c in 0..self.classes {
            let p = self.mean_prob(i, c);
            if p > best.1 {
                best = (c as u32, p);
            }
        }
        best.0
    }

    /// Largest and second largest mean probabilities of sample `i` (second is 0 with 1 class).
    #[inline]
    pub fn top2(&self, i: usize) -> (f32, f32) {
        let (mut a, mut b) = (f32::NEG_INFINITY, 0.0f32);
        for c in 0..self.classes {
            let p = self.mean_prob(i, c);
            if p > a {
                b = a.max(0.0);
                a = p;
            } else if p > b {
                b = p;
            }
        }
        (a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicted_is_the_argmax_of_the_member_mean() {
        // 2 samples, 3 classes, 2 members; layout [sample, class, member].
        // Sample 0: means (0.5, 0.35, 0.15) → class 0. Sample 1: member 0 says class 0 (0.6)
        // but the mean of class 2 is (0.3 + 0.9) / 2 = 0.6 > class 0's (0.6 + 0.05) / 2.
        let probs = [
            0.6, 0.4, 0.3, 0.4, 0.1, 0.2, //
            0.6, 0.05, 0.1, 0.05, 0.3, 0.9,
        ];
        let b = OutputBatch {
            batch: 2,
            classes: 3,
            members: 2,
            probs: &probs,
            labels: None,
            maps: None,
            features: None,
            feature_dim: 0,
            recon: None,
        };
        assert_eq!(b.predicted(0), 0);
        assert_eq!(b.predicted(1), 2);
        // ties go to the lowest class
        let tie = [0.5, 0.5];
        let t = OutputBatch {
            batch: 1,
            classes: 2,
            members: 1,
            probs: &tie,
            labels: None,
            maps: None,
            features: None,
            feature_dim: 0,
            recon: None,
        };
        assert_eq!(t.predicted(0), 0);
    }
}
