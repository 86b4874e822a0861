//! The significance tests on per-run AUCs (`report.test`, `--test`), and dispatch to them.

use serde::{Deserialize, Serialize};

use super::{mann_whitney_u, paired_t, student_t, welch_t, PValue};

/// Tests on per-run AUCs.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum TestKind {
    /// Welch's unequal-variance t-test.
    Welch,
    /// Student's pooled-variance t-test.
    Student,
    /// Paired t-test (pairs by repeat).
    Paired,
    /// Mann–Whitney U.
    MannWhitney,
}

impl TestKind {
    /// Every test.
    pub const ALL: [TestKind; 4] = [
        TestKind::Welch,
        TestKind::Student,
        TestKind::Paired,
        TestKind::MannWhitney,
    ];

    /// Name in the spec and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            TestKind::Welch => "welch",
            TestKind::Student => "student",
            TestKind::Paired => "paired",
            TestKind::MannWhitney => "mann-whitney",
        }
    }
}

/// Two-sided p-value of `test` comparing samples `a` and `b` (paired: `a[i]` with `b[i]`).
pub fn test(kind: TestKind, a: &[f64], b: &[f64]) -> PValue {
    match kind {
        TestKind::Welch => welch_t(a, b),
        TestKind::Student => student_t(a, b),
        TestKind::Paired => paired_t(a, b),
        TestKind::MannWhitney => mann_whitney_u(a, b),
    }
}
