//! `[report]`: which metrics the report compares, against which baseline, with which test.

use serde::{Deserialize, Serialize};

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

/// Multiple-comparison corrections.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Correction {
    /// Holm step-down.
    Holm,
    /// Bonferroni.
    Bonferroni,
    /// None.
    None,
}

impl Correction {
    /// Every correction.
    pub const ALL: [Correction; 3] = [Correction::Holm, Correction::Bonferroni, Correction::None];

    /// Name in the spec and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Correction::Holm => "holm",
            Correction::Bonferroni => "bonferroni",
            Correction::None => "none",
        }
    }
}

/// `[report]`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ReportSpec {
    /// Metrics reported (round-table column names).
    pub metrics: Vec<String>,
    /// Label of the baseline configuration ("" = the configuration whose scorer is random).
    pub baseline: String,
    /// Significance test.
    pub test: TestKind,
    /// Multiple-comparison correction.
    pub correction: Correction,
    /// Label-efficiency target as a fraction of the baseline's final mean.
    pub target: f64,
    /// Equivalence margin, in AUC units of each metric: a method is called equivalent to the
    /// baseline only when a TOST shows |Δ AUC| < margin. 0 = no equivalence claims.
    #[serde(skip_serializing_if = "is_zero")]
    pub equivalence: f64,
}

fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

impl Default for ReportSpec {
    fn default() -> Self {
        ReportSpec {
            metrics: vec!["test_accuracy".into(), "test_loss".into()],
            baseline: String::new(),
            test: TestKind::Welch,
            correction: Correction::Holm,
            target: 1.0,
            equivalence: 0.0,
        }
    }
}
