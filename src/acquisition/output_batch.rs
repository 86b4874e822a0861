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
}

impl<'a> OutputBatch<'a> {
    /// Mean probability over members of sample `i`, class `c`.
    #[inline]
    pub fn mean_prob(&self, i: usize, c: usize) -> f32 {
        let base = (i * self.classes + c) * self.members;
        let s: f32 = self.probs[base..base + self.members].iter().sum();
        s / self.members as f32
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
