//! From the contents of a results directory to one [`Analysis`]: curves, per-run AUCs, AUC
//! tables against the baseline, pairwise p-value matrices, label efficiency, selection
//! statistics. Pure: no IO ([`crate::results::ResultsData`] is read before).

mod ab;
mod auc_rows;
mod compare;
mod compute;
mod efficiency;
mod metric;
mod results;
mod runs;
mod window;

pub use ab::{analyse_ab, AbAnalysis, AbLine, AbSet, ArmCost};
pub(crate) use compare::pair;
pub use compute::{compute_table, ComputeRow};
pub use results::analyse;
pub use runs::analyse_runs;

pub use super::curve::{Band, Curve, CurvePoint};
pub use super::x_axis::XAxis;

use serde::Serialize;

use crate::spec::{Correction, ReportSpec, TestKind};
use crate::stats::PValue;

/// What to analyse.
#[derive(Clone, Debug)]
pub struct Options {
    /// Metrics (round-table columns).
    pub metrics: Vec<String>,
    /// Baseline label (None = "random" if present).
    pub baseline: Option<String>,
    /// Test.
    pub test: TestKind,
    /// Correction.
    pub correction: Correction,
    /// Label-efficiency target as a fraction of the baseline's final mean.
    pub target: f64,
    /// x axis.
    pub x: XAxis,
    /// Use only runs written by this spec hash (required when several are present).
    pub spec_hash: Option<String>,
    /// Equivalence margin in AUC units (0 = no equivalence tests).
    pub equivalence: f64,
    /// The band drawn around learning curves.
    pub band: Band,
    /// Add the per-round comparison with the baseline (`--per-round`).
    pub per_round: bool,
}

impl Options {
    /// The options of a spec's `[report]` table (x axis `n_labeled`, every spec hash).
    pub fn from_report(r: &ReportSpec) -> Options {
        Options {
            metrics: r.metrics.clone(),
            baseline: (!r.baseline.is_empty()).then(|| r.baseline.clone()),
            test: r.test,
            correction: r.correction,
            target: r.target,
            x: XAxis::NLabeled,
            band: Band::Std,
            per_round: false,
            spec_hash: None,
            equivalence: r.equivalence,
        }
    }
}

/// One row of the AUC table.
#[derive(Clone, Debug, Serialize)]
pub struct AucRow {
    /// Label.
    pub label: String,
    /// Runs.
    pub n: usize,
    /// Mean AUC.
    pub mean: f64,
    /// Std of AUCs.
    pub std: f64,
    /// Mean AUC − baseline mean AUC.
    pub diff: Option<f64>,
    /// 95% CI of `diff` (Welch).
    pub ci_low: Option<f64>,
    /// Upper bound.
    pub ci_high: Option<f64>,
    /// `diff / |baseline mean| · 100`.
    pub rel_diff_pct: Option<f64>,
    /// p-value vs the baseline.
    pub p_value: PValue,
    /// p-value corrected over all comparisons with the baseline.
    pub p_adjusted: PValue,
    /// TOST p-value for |Δ| < `Options::equivalence` vs the baseline (Welch), corrected like
    /// `p_adjusted`; not available without a margin.
    pub p_equivalent: PValue,
    /// Cohen's d vs the baseline.
    pub cohens_d: Option<f64>,
    /// Hedges' g vs the baseline (Cohen's d corrected for small-sample bias).
    pub hedges_g: Option<f64>,
    /// Planning figure for the next experiment: repeats per method for 80% power at
    /// α = 0.05 (exact noncentral t) if the true effect were `hedges_g`.
    pub power_n: Option<usize>,
    /// 1 = best (higher AUC for accuracies, lower for losses).
    pub rank: usize,
}

/// One method's metric at the final budget (the last shared round) against the baseline.
#[derive(Clone, Debug, Serialize)]
pub struct FinalRow {
    /// Method.
    pub label: String,
    /// Runs.
    pub n: usize,
    /// Mean of the metric at the last shared round.
    pub mean: f64,
    /// Std (n − 1).
    pub std: f64,
    /// Mean − baseline mean.
    pub diff: Option<f64>,
    /// The report's test on the final values vs the baseline.
    pub p_value: PValue,
    /// Corrected over the comparisons with the baseline.
    pub p_adjusted: PValue,
}

/// Label efficiency of one method.
#[derive(Clone, Debug, Serialize)]
pub struct EfficiencyRow {
    /// Label.
    pub label: String,
    /// Labels at which the mean curve reaches the target; None = not reached.
    pub labels: Option<f64>,
    /// Labels saved vs the baseline (positive = fewer labels needed).
    pub saving: Option<f64>,
    /// Saving in % of the baseline's labels.
    pub saving_pct: Option<f64>,
    /// Percentile bootstrap 95 % interval of `labels` (runs of the method and of the baseline
    /// resampled, 2,000 draws, fixed seed); `None` bound = not reached in that share of draws.
    pub ci: Option<(Option<f64>, Option<f64>)>,
}

/// Everything about one metric.
#[derive(Clone, Debug, Serialize)]
pub struct MetricAnalysis {
    /// Column name.
    pub metric: String,
    /// Direction.
    pub higher_is_better: bool,
    /// Mean curves per label.
    pub curves: Vec<Curve>,
    /// Rounds used for AUCs (present in every compared run).
    pub shared_rounds: Vec<u32>,
    /// The AUC's window on the x axis: mean x at the first and the last shared round (over
    /// every method's curve), or the common range when `by_range`; `None` without shared
    /// rounds.
    pub window: Option<(f64, f64)>,
    /// The configurations have different label grids (a budget, growth or base-set sweep):
    /// AUCs and the final comparison are taken over the common range of labeled-set sizes,
    /// `window`, each run's curve linearly interpolated at the ends.
    pub by_range: bool,
    /// Per-run AUCs: (label, repeat, auc).
    pub auc_runs: Vec<(String, u32, f64)>,
    /// AUC table, in label order.
    pub auc: Vec<AucRow>,
    /// Labels of the p-value matrix.
    pub matrix_labels: Vec<String>,
    /// Pairwise p-values (corrected over the upper triangle); diagonal 1.
    pub matrix: Vec<Vec<PValue>>,
    /// The metric at the final budget, per method (empty without shared rounds).
    pub final_budget: Vec<FinalRow>,
    /// Target of label efficiency (None without a baseline).
    pub target: Option<f64>,
    /// Label efficiency per label.
    pub efficiency: Vec<EfficiencyRow>,
    /// With `--per-round`: per shared round, each method's metric against the baseline's at
    /// that round (the report's test; corrected over every method × round together).
    pub per_round: Vec<(u32, Vec<FinalRow>)>,
    /// Every run's points of the metric (every round it has, shared or not), for claims about
    /// given rounds or label counts: not serialized.
    #[serde(skip)]
    pub run_points: Vec<RunPoints>,
}

/// One run's values of one metric: label, repeat, and per round (round, x, value) with x on
/// the analysis' x axis; rounds without a value are left out.
#[derive(Clone, Debug)]
pub struct RunPoints {
    /// Method label.
    pub label: String,
    /// Repeat index (pairs runs across methods).
    pub repeat: u32,
    /// (round, x, value), in round order.
    pub points: Vec<(u32, f64, f64)>,
}

/// The analysis handed to every renderer.
#[derive(Clone, Debug, Serialize)]
pub struct Analysis {
    /// Experiment name.
    pub experiment: String,
    /// Detection: ground-truth boxes of the labeled images per round (`n_boxes`; empty for
    /// classification).
    pub n_boxes: Vec<Curve>,
    /// Detection: per class (`test_ap_<class>` column), the AP curves of every method.
    pub class_ap: Vec<(String, Vec<Curve>)>,
    /// Labels in report order (baseline first).
    pub labels: Vec<String>,
    /// Baseline label.
    pub baseline: Option<String>,
    /// Test used.
    pub test: TestKind,
    /// Correction used.
    pub correction: Correction,
    /// x axis.
    pub x: XAxis,
    /// Band around the learning curves.
    pub band: Band,
    /// Equivalence margin of the TOSTs (0 = none).
    pub equivalence: f64,
    /// Label-efficiency target as a fraction of the baseline's final mean.
    pub target: f64,
    /// Runs used, per label.
    pub runs_per_label: Vec<(String, usize)>,
    /// Training, scoring and selection time and epochs per method.
    pub compute: Vec<ComputeRow>,
    /// Failed runs (excluded): (run id, status).
    pub failed: Vec<(String, String)>,
    /// Machines that made the analysed runs: (fingerprint, runs), in order of first run;
    /// empty for run files written before machines were recorded.
    pub machines: Vec<(String, usize)>,
    /// Per metric.
    pub metrics: Vec<MetricAnalysis>,
    /// Mean epochs trained per round (member 0), when the run files have them.
    pub epochs: Vec<Curve>,
    /// Mean distinct labeled samples per round, when it differs from `n_labeled`
    /// (`loop.pool = "all"` or reselection); empty otherwise.
    pub n_unique: Vec<Curve>,
    /// Classes, label noise and near-duplicates of the selected samples.
    pub selections: crate::report::selections::SelectionStats,
    /// The A/B protocol per configuration (`loop.ab`); empty otherwise.
    pub ab: Vec<AbAnalysis>,
    /// Everything the reader should know (mismatched rounds, unavailable values, …).
    pub notes: Vec<String>,
    /// The settings (dataset × budget schedule) the penalty matrix is summed over; empty:
    /// one holding every label. Not serialized.
    #[serde(skip)]
    pub settings: Vec<crate::report::settings::Setting>,
}
