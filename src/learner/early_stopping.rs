//! Early stopping as a pure state machine: fed one validation result per epoch, it says
//! whether that epoch is the best so far (keep a snapshot), whether to go on, or whether to
//! stop. The training loop owns the weights; this owns only the decision.

use super::Monitor;

/// What the training loop does after an epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// This epoch is the best so far: keep a snapshot of the weights, go on.
    Improved,
    /// Not better than the best; patience is not exhausted: go on.
    Continue,
    /// `patience` epochs in a row without improvement: stop now.
    Stop,
}

/// The watched value is NaN or infinite (the run has diverged).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NonFinite(pub f64);

/// State of early stopping over the epochs of one round's training.
///
/// Invariant: `since_best` counts the epochs observed after the best one; the best is the
/// first epoch reaching the lowest loss (or highest accuracy): ties do not improve.
#[derive(Clone, Debug)]
pub struct EarlyStopper {
    monitor: Monitor,
    patience: usize,
    best: Option<f64>,
    best_epoch: usize,
    since_best: usize,
}

impl EarlyStopper {
    /// A stopper watching `monitor`, stopping after `patience` epochs without improvement
    /// (`patience = 0` stops at the first epoch that does not improve).
    pub fn new(monitor: Monitor, patience: usize) -> Self {
        EarlyStopper {
            monitor,
            patience,
            best: None,
            best_epoch: 0,
            since_best: 0,
        }
    }

    /// Feed epoch `epoch`'s validation loss and accuracy (only the monitored one is read).
    pub fn observe(
        &mut self,
        epoch: usize,
        val_loss: f64,
        val_accuracy: f64,
    ) -> Result<Verdict, NonFinite> {
        // Lower is better for both: accuracy is negated.
        let (value, score) = match self.monitor {
            Monitor::ValLoss => (val_loss, val_loss),
            Monitor::ValAccuracy => (val_accuracy, -val_accuracy),
        };
        if !score.is_finite() {
            return Err(NonFinite(value));
        }
        if self.best.is_none_or(|b| score < b) {
            self.best = Some(score);
            self.best_epoch = epoch;
            self.since_best = 0;
            return Ok(Verdict::Improved);
        }
        self.since_best += 1;
        Ok(if self.since_best >= self.patience {
            Verdict::Stop
        } else {
            Verdict::Continue
        })
    }

    /// The best epoch so far (0 before any).
    pub fn best_epoch(&self) -> usize {
        self.best_epoch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feed `losses` (accuracy unused) until Stop; returns (verdicts, best epoch).
    fn run(monitor: Monitor, patience: usize, values: &[f64]) -> (Vec<Verdict>, usize) {
        let mut s = EarlyStopper::new(monitor, patience);
        let mut out = Vec::new();
        for (i, &v) in values.iter().enumerate() {
            let verdict = match monitor {
                Monitor::ValLoss => s.observe(i + 1, v, f64::NAN),
                Monitor::ValAccuracy => s.observe(i + 1, f64::NAN, v),
            }
            .unwrap();
            out.push(verdict);
            if verdict == Verdict::Stop {
                break;
            }
        }
        (out, s.best_epoch())
    }

    use Verdict::{Continue as C, Improved as I, Stop as S};

    #[test]
    fn loss_stops_after_patience_epochs_without_improvement() {
        // Best at epoch 3 (0.5); epochs 4, 5, 6 do not improve; patience 3 stops at epoch 6.
        let (v, best) = run(Monitor::ValLoss, 3, &[1.0, 0.8, 0.5, 0.6, 0.5, 0.7, 0.1]);
        assert_eq!(v, vec![I, I, I, C, C, S]);
        assert_eq!(best, 3);
    }

    #[test]
    fn an_improvement_resets_the_count() {
        // 1.0 | 1.1 (1) | 0.9 improves | 1.0 (1) | 0.95 (2) | 0.99 (3 → stop at epoch 6).
        let (v, best) = run(Monitor::ValLoss, 3, &[1.0, 1.1, 0.9, 1.0, 0.95, 0.99, 0.1]);
        assert_eq!(v, vec![I, C, I, C, C, S]);
        assert_eq!(best, 3);
    }

    #[test]
    fn ties_do_not_improve_and_the_first_best_is_kept() {
        let (v, best) = run(Monitor::ValLoss, 2, &[0.5, 0.5, 0.5]);
        assert_eq!(v, vec![I, C, S]);
        assert_eq!(best, 1);
    }

    #[test]
    fn accuracy_is_maximised() {
        // 0.6, 0.7 (best), 0.65, 0.7 (tie, no improvement): patience 2 stops at epoch 4.
        let (v, best) = run(Monitor::ValAccuracy, 2, &[0.6, 0.7, 0.65, 0.7, 0.9]);
        assert_eq!(v, vec![I, I, C, S]);
        assert_eq!(best, 2);
    }

    #[test]
    fn patience_zero_stops_at_the_first_non_improving_epoch() {
        let (v, _) = run(Monitor::ValLoss, 0, &[1.0, 0.9, 0.95]);
        assert_eq!(v, vec![I, I, S]);
    }

    #[test]
    fn a_sequence_that_always_improves_never_stops() {
        let (v, best) = run(Monitor::ValLoss, 1, &[5.0, 4.0, 3.0, 2.0]);
        assert_eq!(v, vec![I, I, I, I]);
        assert_eq!(best, 4);
    }

    #[test]
    fn non_finite_values_are_reported() {
        let mut s = EarlyStopper::new(Monitor::ValLoss, 3);
        assert!(matches!(s.observe(1, f64::NAN, 0.5), Err(NonFinite(v)) if v.is_nan()));
        let mut a = EarlyStopper::new(Monitor::ValAccuracy, 3);
        assert!(a.observe(1, 0.3, f64::INFINITY).is_err());
        assert!(
            a.observe(1, f64::NAN, 0.5).is_ok(),
            "the loss is not watched"
        );
    }
}
