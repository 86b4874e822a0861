//! `albench list`.

use albench::acquisition::SCORERS;
use albench::data::DATASETS;
use albench::learner::{backend_names, MODELS};
use albench::selection::SAMPLERS;

use crate::cli::ListWhat;

const AGGREGATIONS: &[(&str, &str)] = &[
    (
        "max",
        "largest per-position (or per-box) score, NVIDIA eq. 4",
    ),
    ("mean", "average over positions and classes"),
    (
        "sum",
        "sum over positions and classes (det_entropy: over boxes, NVIDIA footnote 1)",
    ),
];

fn section(out: &mut String, title: &str, rows: &[(&str, &str)]) {
    out.push_str(&format!("{title}:\n"));
    for (n, d) in rows {
        out.push_str(&format!("  {n:<18} {d}\n"));
    }
}

/// The listing text.
pub fn list(what: Option<ListWhat>) -> String {
    let mut out = String::new();
    let all = what.is_none();
    if all || what == Some(ListWhat::Scorers) {
        let rows: Vec<_> = SCORERS.iter().map(|s| (s.name, s.description)).collect();
        section(&mut out, "scorers", &rows);
    }
    if all || what == Some(ListWhat::Samplers) {
        let rows: Vec<_> = SAMPLERS.iter().map(|s| (s.name, s.description)).collect();
        section(&mut out, "samplers", &rows);
    }
    if all || what == Some(ListWhat::Aggregations) {
        section(
            &mut out,
            "aggregations (query.aggregation, detection)",
            AGGREGATIONS,
        );
    }
    if all || what == Some(ListWhat::Datasets) {
        let rows: Vec<_> = DATASETS.iter().map(|d| (d.name, d.description)).collect();
        section(&mut out, "datasets", &rows);
    }
    if all || what == Some(ListWhat::Models) {
        let rows: Vec<_> = MODELS.iter().map(|m| (m.name, m.description)).collect();
        section(&mut out, "models", &rows);
    }
    if all || what == Some(ListWhat::Backends) {
        let b: Vec<(&str, &str)> = backend_names()
            .into_iter()
            .map(|n| (n, "compiled in"))
            .collect();
        section(&mut out, "backends", &b);
    }
    out
}
