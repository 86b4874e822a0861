//! The members' class probabilities of every candidate, as the Bayesian samplers (BADGE,
//! BatchBALD, EPIG) read them: one `[candidates, classes, members]` array (row-major, the
//! layout of the scoring pass's output batches, concatenated), with `members` = ensemble
//! models × MC-dropout passes.
//!
//! Memory: `candidates × classes × members` floats (100,000 candidates, 10 classes and 20
//! members: 80 MB).

/// `p[i, c, e]`: probability of class `c` for candidate `i` under member `e`.
#[derive(Clone, Copy, Debug)]
pub struct MemberProbs<'a> {
    /// `[candidates, classes, members]`, each `[i, ·, e]` summing to 1.
    pub probs: &'a [f32],
    /// Number of classes (≥ 1).
    pub classes: usize,
    /// Number of members (≥ 1).
    pub members: usize,
}

impl<'a> MemberProbs<'a> {
    /// A view of `probs` (`probs.len()` a multiple of `classes × members`).
    pub fn new(probs: &'a [f32], classes: usize, members: usize) -> Self {
        assert!(
            classes >= 1 && members >= 1 && probs.len().is_multiple_of(classes * members),
            "member probabilities: {} floats are not rows of {classes} classes × {members} members",
            probs.len()
        );
        MemberProbs {
            probs,
            classes,
            members,
        }
    }

    /// Number of candidates.
    pub fn len(&self) -> usize {
        self.probs.len() / (self.classes * self.members)
    }

    /// Whether there are no candidates.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `[classes, members]` block of candidate `i`.
    #[inline]
    pub fn of(&self, i: usize) -> &'a [f32] {
        let w = self.classes * self.members;
        &self.probs[i * w..(i + 1) * w]
    }

    /// `p[i, c, e]`.
    #[inline]
    pub fn p(&self, i: usize, c: usize, e: usize) -> f32 {
        self.probs[(i * self.classes + c) * self.members + e]
    }

    /// Mean over members of `p[i, c, ·]`.
    #[inline]
    pub fn mean(&self, i: usize, c: usize) -> f32 {
        let base = (i * self.classes + c) * self.members;
        self.probs[base..base + self.members].iter().sum::<f32>() / self.members as f32
    }
}

/// `Σ_c −p_c ln p_c` in nats (0 ln 0 = 0).
#[inline]
pub fn entropy_nats(p: impl Iterator<Item = f64>) -> f64 {
    p.filter(|&q| q > 0.0).map(|q| -q * q.ln()).sum()
}

/// The expected entropy of candidate `i` under the members, `(1/S) Σ_e H(p[i, ·, e])`
/// (nats): BALD's and BatchBALD's conditional term.
pub fn conditional_entropy(m: &MemberProbs<'_>, i: usize) -> f64 {
    (0..m.members)
        .map(|e| entropy_nats((0..m.classes).map(|c| m.p(i, c, e) as f64)))
        .sum::<f64>()
        / m.members as f64
}
