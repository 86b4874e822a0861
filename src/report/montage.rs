//! Montages of selected images (thesis Figures 7.2–7.3): for a round, one row per method with
//! the 8 highest- and the 8 lowest-scored images among that round's selection (repeat 0),
//! separated by a gap. [`plan`] decides what to draw from the results (pure); [`render`]
//! rebuilds the pool images from the stored spec's `[data]` (the data splits depend only on
//! the seed and `[data]`) and draws.

use super::analysis::Analysis;
use super::plots::{montage, Pick, Rendered, PER_SIDE};
use crate::data::{build_splits, load_source};
use crate::results::{ResultsData, RunSelections};
use crate::spec::DataSpec;

/// One montage row per method: its (highest, lowest) selected samples.
pub type MontageRows = Vec<(Vec<Pick>, Vec<Pick>)>;

/// What the montages show: per round (first and last), the (highest, lowest) samples of each
/// method's repeat-0 selection, rows in label order.
#[derive(Clone, Debug)]
pub struct MontagePlan {
    /// `[data]` of the methods (they all share it).
    pub data: DataSpec,
    /// Experiment seed.
    pub seed: u64,
    /// Method labels, top to bottom.
    pub labels: Vec<String>,
    /// (round, rows).
    pub rounds: Vec<(u32, MontageRows)>,
}

/// The montages of `a`'s methods, or why there are none (`Ok(None)`: nothing to show, e.g.
/// only round 0; `Err`: the stored spec does not allow them).
pub fn plan(data: &ResultsData, a: &Analysis) -> Result<Option<MontagePlan>, String> {
    let exp = data.experiment.as_ref().map_err(Clone::clone)?;
    let mut rows_of: Vec<(String, Option<&RunSelections>)> = Vec::new();
    let mut shared: Option<&DataSpec> = None;
    for l in &a.labels {
        let c = exp
            .configs
            .iter()
            .find(|c| &c.label == l)
            .ok_or_else(|| format!("label {l} is not in the stored spec"))?;
        if shared.is_some_and(|d| d != &c.config.data) {
            return Err("methods use different [data] settings".into());
        }
        shared = Some(&c.config.data);
        rows_of.push((l.clone(), data.selections_of(&c.id, 0)));
    }
    let Some(d) = shared else {
        return Ok(None);
    };
    if d.dataset == crate::data::DatasetKind::Features {
        return Ok(None); // vectors, not images: nothing to draw
    }
    let last = a
        .metrics
        .iter()
        .flat_map(|m| m.shared_rounds.iter().copied())
        .max()
        .unwrap_or(0);
    if last == 0 || rows_of.iter().any(|(_, s)| s.is_none()) {
        return Ok(None);
    }
    let mut rounds = vec![1];
    if last > 1 {
        rounds.push(last);
    }
    Ok(Some(MontagePlan {
        data: d.clone(),
        seed: exp.spec.seed,
        labels: rows_of.iter().map(|(l, _)| l.clone()).collect(),
        rounds: rounds
            .into_iter()
            .map(|r| {
                let rows = rows_of
                    .iter()
                    .map(|(_, s)| extremes(s.expect("checked above"), r))
                    .collect();
                (r, rows)
            })
            .collect(),
    }))
}

/// Draw the montages of `p`: (file stem, caption, rendering) per round. Loads the pool.
pub fn render(p: &MontagePlan) -> Result<Vec<(String, String, Rendered)>, String> {
    let source = load_source(&p.data, p.seed).map_err(|e| e.to_string())?;
    let pool = build_splits(&p.data, &source, p.seed, 0)
        .map_err(|e| e.to_string())?
        .pool;
    p.rounds
        .iter()
        .map(|(round, rows)| {
            Ok((
                format!("montage_r{round}"),
                format!(
                    "Round {round}, repeat 0: rows {} (top to bottom); left: the {n} highest-scored selected images, right: the {n} lowest-scored",
                    p.labels.join(", "),
                    n = PER_SIDE
                ),
                montage(&pool, &p.labels, rows).map_err(|e| e.to_string())?,
            ))
        })
        .collect()
}

/// Picks of one run's selection in `round`, ordered by rank: (highest, lowest).
pub fn extremes(sel: &RunSelections, round: u32) -> (Vec<Pick>, Vec<Pick>) {
    let mut rows: Vec<(u32, u32, f32)> = sel
        .rows
        .iter()
        .filter(|r| r.round == round)
        .map(|r| (r.rank, r.sample, r.score))
        .collect();
    rows.sort_unstable_by_key(|r| (r.0, r.1));
    let top = rows.iter().take(PER_SIDE).map(|r| (r.1, r.2)).collect();
    let bottom = rows
        .iter()
        .rev()
        .take(PER_SIDE)
        .map(|r| (r.1, r.2))
        .collect();
    (top, bottom)
}
