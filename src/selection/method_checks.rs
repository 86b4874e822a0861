//! Spec checks of the samplers that read member probabilities or the keys
//! `query.joint_samples`, `query.neighbours`, `query.delta` and `query.targets`.
//! Err: (dotted key, message).

use super::{needs, SamplerKind};

type Problem = (String, String);

fn bad(key: &str, msg: String) -> Result<(), Problem> {
    Err((key.to_string(), msg))
}

/// The optional keys' ranges: `joint_samples`, `neighbours`, `targets` ≥ 1 (at most
/// 10,000,000), `delta` finite and > 0.
pub fn check_method_keys(
    joint_samples: Option<usize>,
    neighbours: Option<usize>,
    delta: Option<f64>,
    targets: Option<usize>,
) -> Result<(), Problem> {
    for (key, v) in [
        ("query.joint_samples", joint_samples),
        ("query.neighbours", neighbours),
        ("query.targets", targets),
    ] {
        if let Some(v) = v.filter(|&v| v == 0 || v > 10_000_000) {
            return bad(key, format!("{v} must be in 1..=10000000"));
        }
    }
    if let Some(d) = delta.filter(|d| !(d.is_finite() && *d > 0.0)) {
        return bad("query.delta", format!("{d} must be a finite number > 0"));
    }
    Ok(())
}

/// `sampler` against the task and the members (ensemble models × MC passes): the samplers
/// that read member probabilities need a classification task (a detector gives per-position
/// maps, with no per-image class distribution nor closed-form gradient distance);
/// `batch_bald` and `epig` measure disagreement and need at least 2 members.
pub fn check_method_config(
    sampler: SamplerKind,
    detection: bool,
    members: usize,
) -> Result<(), Problem> {
    if !needs(sampler).member_probs {
        return Ok(());
    }
    if detection {
        return bad(
            "query.sampler",
            format!(
                "\"{}\" reads per-image class probabilities: it needs a classification dataset",
                sampler.name()
            ),
        );
    }
    let disagreement = matches!(sampler, SamplerKind::BatchBald | SamplerKind::Epig);
    if disagreement && members < 2 {
        return bad(
            "query.sampler",
            format!("\"{}\" measures disagreement between models: it needs model.ensemble > 1 or query.mc_samples > 1 (with model.dropout > 0)", sampler.name()),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_fit() {
        assert!(check_method_keys(None, None, None, None).is_ok());
        assert!(check_method_keys(Some(10), Some(20), Some(0.5), Some(100)).is_ok());
        assert_eq!(
            check_method_keys(Some(0), None, None, None).unwrap_err().0,
            "query.joint_samples"
        );
        assert_eq!(
            check_method_keys(None, None, Some(-1.0), None)
                .unwrap_err()
                .0,
            "query.delta"
        );
        assert_eq!(
            check_method_keys(None, None, None, Some(0)).unwrap_err().0,
            "query.targets"
        );
        assert!(check_method_config(SamplerKind::BatchBald, false, 1).is_err());
        assert!(check_method_config(SamplerKind::BatchBald, false, 2).is_ok());
        assert!(check_method_config(SamplerKind::Badge, false, 1).is_ok());
        assert!(check_method_config(SamplerKind::Badge, true, 1).is_err());
        assert!(check_method_config(SamplerKind::Probcover, true, 1).is_ok());
    }
}
