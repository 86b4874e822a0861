//! The verdict across experiments (`albench compare DIR DIR …`): for one metric, each
//! method's normalised AUBC (Lüth et al. 2023: the area under the budget curve divided by
//! the budget range, i.e. the mean metric over the window; the AUC table's mean), its rank
//! within each experiment and the macro-average of those ranks, and Ash et al.'s (2020)
//! pairwise penalty matrix summed over the experiments. Methods are matched by label.

use serde::Serialize;

use super::analysis::MetricAnalysis;
use crate::stats::{add_matrices, macro_mean, penalty_matrix, ranks, RoundSummary};

/// α of the penalty matrix's t-tests.
pub const ALPHA: f64 = 0.05;

/// The ranking of methods across experiments.
#[derive(Clone, Debug, Serialize)]
pub struct CrossRanking {
    /// Metric.
    pub metric: String,
    /// Direction.
    pub higher_is_better: bool,
    /// Experiments, in the order given.
    pub experiments: Vec<String>,
    /// Methods (labels), in order of first appearance.
    pub methods: Vec<String>,
    /// `[experiment][method]`: normalised AUBC (mean over runs); `None` when absent.
    pub aubc: Vec<Vec<Option<f64>>>,
    /// `[experiment][method]`: rank by AUBC within the experiment (1 = best, ties share).
    pub ranks: Vec<Vec<Option<f64>>>,
    /// Per method: the mean of its ranks over the experiments where it ran.
    pub macro_rank: Vec<Option<f64>>,
    /// Per experiment: its rounds `L` (shared by every run).
    pub rounds: Vec<usize>,
    /// `P[i][j]`: summed over experiments, the share of rounds where `i` beats `j`
    /// (two-sided Welch test at [`ALPHA`]).
    pub penalty: Vec<Vec<f64>>,
}

impl CrossRanking {
    /// Per method, the mean of its penalty column over the other methods (how often it
    /// loses; Ash et al.'s bottom row).
    pub fn column_means(&self) -> Vec<f64> {
        let k = self.methods.len();
        (0..k)
            .map(|j| {
                let s: f64 = (0..k).filter(|&i| i != j).map(|i| self.penalty[i][j]).sum();
                if k > 1 {
                    s / (k - 1) as f64
                } else {
                    0.0
                }
            })
            .collect()
    }
}

/// The ranking of `experiments` (name, the metric's analysis), all for the same metric.
pub fn cross_ranking(metric: &str, experiments: &[(String, &MetricAnalysis)]) -> CrossRanking {
    let mut methods: Vec<String> = Vec::new();
    for (_, m) in experiments {
        for r in &m.auc {
            if !methods.contains(&r.label) {
                methods.push(r.label.clone());
            }
        }
    }
    let k = methods.len();
    let higher = experiments.first().is_none_or(|(_, m)| m.higher_is_better);
    let mut aubc = Vec::new();
    let mut rank = Vec::new();
    let mut rounds = Vec::new();
    let mut penalty = vec![vec![0.0; k]; k];
    for (_, m) in experiments {
        let row: Vec<Option<f64>> = methods
            .iter()
            .map(|l| m.auc.iter().find(|r| &r.label == l).map(|r| r.mean))
            .collect();
        rank.push(ranks(&row, higher));
        aubc.push(row);
        let per_round = round_summaries(m, &methods);
        rounds.push(per_round.len());
        add_matrices(&mut penalty, &penalty_matrix(&per_round, k, higher, ALPHA));
    }
    CrossRanking {
        metric: metric.to_string(),
        higher_is_better: higher,
        experiments: experiments.iter().map(|(n, _)| n.clone()).collect(),
        macro_rank: macro_mean(&rank, k),
        methods,
        aubc,
        ranks: rank,
        rounds,
        penalty,
    }
}

/// `[round][method]` summaries at the experiment's shared rounds, from its mean curves.
fn round_summaries(m: &MetricAnalysis, methods: &[String]) -> Vec<Vec<Option<RoundSummary>>> {
    m.shared_rounds
        .iter()
        .map(|&round| {
            methods
                .iter()
                .map(|l| {
                    let c = m.curves.iter().find(|c| &c.label == l)?;
                    let p = c.points.iter().find(|p| p.round == round)?;
                    Some(RoundSummary {
                        mean: p.mean,
                        std: p.std,
                        n: p.n as usize,
                    })
                })
                .collect()
        })
        .collect()
}
