//! Report options given on the command line, over a spec's `[report]` table.

use crate::report::{Options, XAxis};
use crate::spec::{Correction, TestKind};

/// Overrides of the report options; `None` (or empty) keeps the spec's value. Validated by
/// whoever builds it (metric names, target in (0, 2], equivalence ≥ 0).
#[derive(Clone, Debug)]
pub struct ReportOverrides {
    /// Metrics (round-table columns); empty keeps the spec's.
    pub metrics: Vec<String>,
    /// Baseline label.
    pub baseline: Option<String>,
    /// Test on per-run AUCs.
    pub test: Option<TestKind>,
    /// Multiple-comparison correction.
    pub correction: Option<Correction>,
    /// Label-efficiency target, fraction of the baseline's final mean.
    pub target: Option<f64>,
    /// x axis (always replaces the spec's).
    pub x: XAxis,
    /// Equivalence margin in AUC units.
    pub equivalence: Option<f64>,
    /// Use only run files written by this spec hash (always replaces).
    pub spec_hash: Option<String>,
}

impl ReportOverrides {
    /// `o` with the overrides applied.
    pub fn apply(&self, mut o: Options) -> Options {
        if !self.metrics.is_empty() {
            o.metrics = self.metrics.clone();
        }
        if let Some(b) = &self.baseline {
            o.baseline = Some(b.clone());
        }
        if let Some(t) = self.test {
            o.test = t;
        }
        if let Some(c) = self.correction {
            o.correction = c;
        }
        if let Some(t) = self.target {
            o.target = t;
        }
        o.x = self.x;
        if let Some(e) = self.equivalence {
            o.equivalence = e;
        }
        o.spec_hash = self.spec_hash.clone();
        o
    }
}
