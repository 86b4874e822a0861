//! The analysis of a whole results directory: the round tables' statistics, then the
//! selection statistics of the runs they count.

use super::{analyse_ab, analyse_runs, AbAnalysis, Analysis, ArmCost, Options};
use crate::report::redundancy::redundancy_curves;
use crate::report::selections::selection_stats;
use crate::report::ReportError;
use crate::results::{ResultsData, RunMeta};

/// Analyse `data` with `o`. Pure: everything comes from `data`. Errors (mixed specs, unknown
/// baseline) name the results directory.
pub fn analyse(data: &ResultsData, o: &Options) -> Result<Analysis, ReportError> {
    let runs = &data.runs;
    if o.x == super::XAxis::NBoxes && !runs.has_values("n_boxes") {
        return Err(ReportError::Results {
            path: data.dir.clone(),
            message: "--x n-boxes: these runs record no n_boxes (boxes of the labeled images, a detection column); use --x n-labeled or n-unique".into(),
        });
    }
    let mut a =
        analyse_runs(&data.header.name, runs, o).map_err(|message| ReportError::Results {
            path: data.dir.clone(),
            message,
        })?;
    // The runs the analysis counts: ok, of a reported method, of the chosen spec.
    let counted: Vec<_> = runs
        .runs
        .iter()
        .filter(|r| r.status().is_done() && a.labels.contains(&r.meta.label))
        .filter(|r| o.spec_hash.as_ref().is_none_or(|h| &r.meta.spec_hash == h))
        .map(|r| &r.meta)
        .collect();
    let ids: Vec<(String, String)> = counted
        .iter()
        .map(|r| (r.config_id.clone(), r.label.clone()))
        .collect();
    a.selections = selection_stats(data, &ids, &a.labels);
    a.selections.class_names = data.class_names.clone();
    // Near-duplicate picks, for the configurations whose pool repeats images.
    let duplicates = |config_id: &str| -> u32 {
        data.experiment.as_ref().ok().map_or(1, |exp| {
            exp.configs
                .iter()
                .find(|c| c.id == config_id)
                .map_or(1, |c| c.config.data.duplicates as u32)
        })
    };
    let dup_runs: Vec<(String, u32, String, u32)> = counted
        .iter()
        .filter_map(|r| {
            let k = duplicates(&r.config_id);
            (k > 1).then(|| (r.config_id.clone(), r.repeat, r.label.clone(), k))
        })
        .collect();
    if !dup_runs.is_empty() {
        a.selections.redundant = redundancy_curves(data, &dup_runs, &a.labels);
    }
    a.ab = ab_analyses(data, &counted);
    a.settings = crate::report::settings::settings(data, &a.labels);
    for m in &o.metrics {
        if !runs.available.contains(m) {
            a.notes.push(format!(
                "{m}: not a column of any run file; available: {}",
                runs.available.join(", ")
            ));
        }
    }
    Ok(a)
}

/// The A/B analyses (`loop.ab`) of the configurations that have one, over the `counted` runs;
/// none when the stored spec cannot be read.
fn ab_analyses(data: &ResultsData, counted: &[&RunMeta]) -> Vec<AbAnalysis> {
    let mut out = Vec::new();
    let (false, Ok(exp)) = (data.ab.is_empty(), &data.experiment) else {
        return out;
    };
    for c in &exp.configs {
        let Some(ab) = &c.config.al_loop.ab else {
            continue;
        };
        let repeats: Vec<u32> = counted
            .iter()
            .filter(|r| r.config_id == c.id)
            .map(|r| r.repeat)
            .collect();
        let arms = (
            c.config.query.sampler.name().to_string(),
            ab.against.name().to_string(),
        );
        let sels = || {
            data.selections
                .iter()
                .filter(|s| s.config_id == c.id && repeats.contains(&s.repeat))
                .map(|s| s.rows.as_slice())
        };
        let cost = [ArmCost::of(sels(), 1), ArmCost::of(sels(), 2)];
        out.extend(analyse_ab(&data.ab, &c.id, &c.label, arms, &repeats, cost));
    }
    out
}
