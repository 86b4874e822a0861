//! The report's pairwise penalty matrix (Ash et al. 2020, Sec. 5) of one metric: the same
//! [`CrossRanking`] that `albench compare DIR DIR …` computes across directories, here across
//! the settings of one directory ([`Setting`]: one per dataset × budget schedule, usually the
//! whole experiment), with its heatmap, its definition and its table.

use super::analysis::{Analysis, MetricAnalysis};
use super::cross_ranking::{cross_ranking, CrossRanking, ALPHA};
use super::cross_render::{penalty_table, rank_table};
use super::curve::Curve;
use super::document::Block;
use super::plots::{axis_label, penalty_heatmap, PlotError, Rendered};
use super::settings::Setting;

/// The settings of `a`, or one holding every label when the analysis has none.
fn settings_of(a: &Analysis) -> Vec<Setting> {
    if a.settings.is_empty() {
        vec![Setting {
            name: a.experiment.clone(),
            members: a.labels.iter().map(|l| (l.clone(), l.clone())).collect(),
        }]
    } else {
        a.settings.clone()
    }
}

/// `m` restricted to the labels of `s`, renamed to its method names. Its shared rounds are
/// `m`'s when `s` is the only setting (the rounds of every compared run, as `albench compare`
/// uses), else the rounds at which every curve of `s` has a point.
fn restrict(m: &MetricAnalysis, s: &Setting, only: bool) -> MetricAnalysis {
    let name = |l: &str| s.members.iter().find(|(x, _)| x == l).map(|x| x.1.clone());
    let curves: Vec<Curve> = m
        .curves
        .iter()
        .filter_map(|c| {
            Some(Curve {
                label: name(&c.label)?,
                points: c.points.clone(),
            })
        })
        .collect();
    let auc = m
        .auc
        .iter()
        .filter_map(|r| {
            let mut r = r.clone();
            r.label = name(&r.label)?;
            Some(r)
        })
        .collect();
    let shared_rounds = if only {
        m.shared_rounds.clone()
    } else {
        let mut rounds: Vec<u32> = curves
            .first()
            .map_or(Vec::new(), |c| c.points.iter().map(|p| p.round).collect());
        rounds.retain(|r| {
            curves
                .iter()
                .all(|c| c.points.iter().any(|p| p.round == *r))
        });
        rounds
    };
    MetricAnalysis {
        curves,
        auc,
        shared_rounds,
        ..m.clone()
    }
}

/// The ranking of metric `m` summed over `a`'s settings, and with several settings the
/// ranking of each alone (empty with one).
pub fn rankings(a: &Analysis, m: &MetricAnalysis) -> (CrossRanking, Vec<CrossRanking>) {
    let settings = settings_of(a);
    let only = settings.len() == 1;
    let parts: Vec<(String, MetricAnalysis)> = settings
        .iter()
        .map(|s| (s.name.clone(), restrict(m, s, only)))
        .collect();
    let named: Vec<(String, &MetricAnalysis)> = parts.iter().map(|(n, p)| (n.clone(), p)).collect();
    let sum = cross_ranking(&m.metric, &named);
    let each = if only {
        Vec::new()
    } else {
        named
            .iter()
            .map(|x| cross_ranking(&m.metric, std::slice::from_ref(x)))
            .collect()
    };
    (sum, each)
}

/// What an entry of `c` means, stated under its figure and table.
pub fn definition(c: &CrossRanking) -> String {
    let settings: Vec<String> = c
        .experiments
        .iter()
        .zip(&c.rounds)
        .map(|(e, l)| format!("{e} (L = {l})"))
        .collect();
    format!(
        "Row i, column j: the share of the L shared rounds at which i's mean {} is better than j's ({} is better) and a two-sided Welch t-test over the repeats rejects equal means at α = {ALPHA}; each such round adds 1/L (Ash et al. 2020, Sec. 5). Summed over {} setting{} ({}), so an entry lies between 0 and {}. Last row: each column's mean over the other methods, how often a method loses. A round where a method has fewer than 2 runs, or both have zero variance, adds nothing.",
        c.metric,
        if c.higher_is_better { "higher" } else { "lower" },
        c.experiments.len(),
        if c.experiments.len() == 1 { "" } else { "s" },
        settings.join("; "),
        c.experiments.len()
    )
}

/// File stem of the summed figure (`part` None) or of setting `part`'s (1-based).
pub fn stem(metric: &str, part: Option<usize>) -> String {
    part.map_or(format!("penalty_{metric}"), |k| {
        format!("penalty_{metric}_{k}")
    })
}

fn heatmap(c: &CrossRanking, title: String) -> Result<Rendered, PlotError> {
    let max = c.experiments.len() as f64;
    penalty_heatmap(title, &c.methods, &c.penalty, &c.column_means(), max)
}

/// The heatmaps of metric `m`: (file stem, caption, rendering), the summed one first.
pub fn figures(
    a: &Analysis,
    m: &MetricAnalysis,
) -> Result<Vec<(String, String, Rendered)>, PlotError> {
    let (sum, each) = rankings(a, m);
    let name = axis_label(&m.metric);
    let caption = format!("Pairwise penalty matrix of {} (Ash et al. 2020)", m.metric);
    let mut out = vec![(
        stem(&m.metric, None),
        caption.clone(),
        heatmap(&sum, format!("Penalty matrix of {name} (row beats column)"))?,
    )];
    for (k, c) in each.iter().enumerate() {
        let title = format!("Penalty matrix of {name}: {}", c.experiments[0]);
        out.push((
            stem(&m.metric, Some(k + 1)),
            format!("{caption}, setting {}", c.experiments[0]),
            heatmap(c, title)?,
        ));
    }
    Ok(out)
}

/// The report's blocks for metric `m`: each heatmap made (`made`: file stems written) with
/// the definition under it, the matrix as a table, and with several settings the rank table.
pub fn blocks(a: &Analysis, m: &MetricAnalysis, made: &[(String, String)]) -> Vec<Block> {
    let (sum, each) = rankings(a, m);
    let mut d = vec![Block::Heading(
        3,
        "Pairwise penalty matrix (Ash et al. 2020)".into(),
    )];
    let figure = |d: &mut Vec<Block>, stem: String| {
        if let Some((n, c)) = made.iter().find(|(n, _)| *n == stem) {
            d.push(Block::Figure {
                stem: n.clone(),
                caption: c.clone(),
            });
        }
    };
    figure(&mut d, stem(&m.metric, None));
    d.push(Block::Paragraph(definition(&sum)));
    d.push(penalty_table(&sum));
    if !each.is_empty() {
        d.push(Block::Paragraph(
            "Normalised AUBC (the AUC table's mean, Lüth et al. 2023) and rank of each method per setting; mean rank over the settings where it ran. The matrix above per setting:".into(),
        ));
        d.push(rank_table(&sum));
        for k in 0..each.len() {
            figure(&mut d, stem(&m.metric, Some(k + 1)));
        }
    }
    d
}
