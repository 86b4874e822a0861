//! How a run ended. Stored in the `status` column of the round table (every row of a run
//! carries the run's status) as `ok` or `failed: <reason>`; that text is the interface, the
//! enum is how the code speaks of it.

use std::fmt;

/// How a run ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum RunStatus {
    /// Every round trained and evaluated (stored as `ok`).
    #[default]
    Done,
    /// The run stopped early (diverged, non-finite test loss); its rounds so far are kept.
    /// Stored as `failed: <reason>`.
    Failed {
        /// What happened, e.g. `round 2, member 0: diverged: …`.
        reason: String,
    },
}

impl RunStatus {
    /// A failed run, stopped for `reason`.
    pub fn failed(reason: impl Into<String>) -> Self {
        RunStatus::Failed {
            reason: reason.into(),
        }
    }

    /// Whether the run completed.
    pub fn is_done(&self) -> bool {
        matches!(self, RunStatus::Done)
    }

    /// The status as stored: `ok`, or `failed: <reason>`; a text that is neither (a file of
    /// another version) is a failure with that text as its reason.
    pub fn from_stored(s: &str) -> Self {
        match s {
            "ok" => RunStatus::Done,
            _ => RunStatus::failed(s.strip_prefix("failed: ").unwrap_or(s)),
        }
    }
}

/// The status as stored ([`RunStatus::from_stored`]).
impl From<&str> for RunStatus {
    fn from(s: &str) -> Self {
        RunStatus::from_stored(s)
    }
}

/// The stored text: `ok` or `failed: <reason>`.
impl fmt::Display for RunStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunStatus::Done => f.write_str("ok"),
            RunStatus::Failed { reason } => write!(f, "failed: {reason}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_stored_text() {
        for s in [
            RunStatus::Done,
            RunStatus::failed("round 2, member 0: diverged"),
        ] {
            assert_eq!(RunStatus::from_stored(&s.to_string()), s);
        }
        assert_eq!(RunStatus::Done.to_string(), "ok");
        assert_eq!(
            RunStatus::failed("round 1, x").to_string(),
            "failed: round 1, x"
        );
    }
}
