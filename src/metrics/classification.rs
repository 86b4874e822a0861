//! Cross-entropy, accuracy and top-k accuracy from logits.

/// Metrics of a classifier on a labeled set.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassMetrics {
    /// Mean cross-entropy (natural log), `−ln softmax(logits)[label]`.
    pub loss: f64,
    /// Fraction of samples whose highest logit is the label (ties: lowest class index wins).
    pub accuracy: f64,
    /// Per requested k: the fraction of samples whose label is among the `k` highest logits.
    pub top_k: Vec<f64>,
}

/// Metrics of `logits` (`[n, classes]` row-major) against `labels` (length n), with one
/// top-k accuracy per entry of `ks`. A label ranks within the top k when fewer than k classes
/// have a strictly higher logit.
pub fn classification_metrics(
    logits: &[f32],
    labels: &[u32],
    classes: usize,
    ks: &[usize],
) -> ClassMetrics {
    let n = labels.len();
    if n == 0 {
        return ClassMetrics {
            loss: f64::NAN,
            accuracy: f64::NAN,
            top_k: vec![f64::NAN; ks.len()],
        };
    }
    let (mut loss, mut correct) = (0.0f64, 0usize);
    let mut in_top = vec![0usize; ks.len()];
    for (i, &y) in labels.iter().enumerate() {
        let row = &logits[i * classes..(i + 1) * classes];
        let m = row.iter().copied().fold(f32::NEG_INFINITY, f32::max) as f64;
        let lse = m + row.iter().map(|&v| (v as f64 - m).exp()).sum::<f64>().ln();
        let target = row[y as usize];
        loss += lse - target as f64;
        let higher = row.iter().filter(|&&v| v > target).count();
        let earlier_ties = row[..y as usize].iter().filter(|&&v| v == target).count();
        if higher == 0 && earlier_ties == 0 {
            correct += 1;
        }
        for (t, &k) in in_top.iter_mut().zip(ks) {
            if higher < k {
                *t += 1;
            }
        }
    }
    ClassMetrics {
        loss: loss / n as f64,
        accuracy: correct as f64 / n as f64,
        top_k: in_top.iter().map(|&t| t as f64 / n as f64).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed() {
        // sample 0: logits [0, 0] label 0 -> loss ln 2, correct (tie, lowest index)
        // sample 1: logits [ln 3, 0] label 1 -> p = 1/4 -> loss ln 4, wrong, in top-2
        let l = [0.0, 0.0, 3f32.ln(), 0.0];
        let m = classification_metrics(&l, &[0, 1], 2, &[1, 2]);
        assert!((m.loss - (2f64.ln() + 4f64.ln()) / 2.0).abs() < 1e-6);
        assert_eq!(m.accuracy, 0.5);
        assert_eq!(m.top_k, vec![0.5, 1.0]);
    }
}
