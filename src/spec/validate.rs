//! Semantic checks of a resolved configuration (types were checked by serde).
//!
//! Each check returns the dotted key and a message saying the bad value and what is allowed.

use super::{Budget, Config, PoolMode, SamplerKind, ScorerKind, Spec, VaeMode};
use crate::acquisition::scorer_info;

/// A failed check: (dotted key, message).
pub type Problem = (String, String);

pub(super) fn bad(key: &str, msg: String) -> Result<(), Problem> {
    Err((key.to_string(), msg))
}

/// Experiment-level checks.
pub fn check_spec(spec: &Spec) -> Result<(), Problem> {
    if spec.repeats == 0 {
        return bad("repeats", "must be ≥ 1, got 0".into());
    }
    if spec.name.is_empty()
        || !spec
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        || spec.name.starts_with('.')
    {
        return bad(
            "name",
            format!(
                "\"{}\" must be non-empty and use only letters, digits, '-', '_', '.'",
                spec.name
            ),
        );
    }
    spec.report.check()
}

/// Checks of one configuration: each section's own checks, then the keys that must agree
/// across sections.
pub fn check_config(c: &Config) -> Result<(), Problem> {
    c.data.check()?;
    if c.data.dataset == super::DatasetKind::Features {
        let vae = c.model.vae != VaeMode::None;
        crate::data::check_features_spec(&c.data, c.model.arch.info().min_side, vae)?;
    }
    check_task(c)?;
    check_classes(c)?;
    c.model.check()?;
    c.train.check()?;
    if c.train.early_stopping.enabled && c.data.validation == 0 {
        return bad("data.validation", "is 0, but train.early_stopping needs a validation set (set it > 0 or early_stopping = false)".into());
    }
    c.query.check()?;
    check_scoring(c)?;
    super::validate_ab::check_ab(c)?;
    super::validate_external::check_external(c)?;
    check_budget(c)
}

/// The scorers' needs against the model: MC-dropout passes need dropout, the VAE scorer a
/// VAE (and an image size it can halve twice), disagreement scorers several outputs.
fn check_scoring(c: &Config) -> Result<(), Problem> {
    let (d, m, q) = (&c.data, &c.model, &c.query);
    if q.mc_samples > 1 && m.dropout == 0.0 {
        return bad(
            "query.mc_samples",
            format!("{} MC-dropout passes need model.dropout > 0", q.mc_samples),
        );
    }
    // Scorers that measure disagreement need several outputs per sample (registry needs).
    let used = q.scorers();
    let uses_vae = used.iter().any(|&k| scorer_info(k).needs.reconstruction);
    if uses_vae && m.vae == VaeMode::None {
        return bad(
            "model.vae",
            "the vae scorer needs a VAE: set model.vae = \"per_round\" (retrained every round on the pool) or \"once\"".into(),
        );
    }
    if m.vae != VaeMode::None
        && d.dataset.info().reads.image_size
        && !d.dataset.is_detection()
        && !d.image_size.is_multiple_of(4)
    {
        return bad(
            "data.image_size",
            format!(
                "{} must be a multiple of 4 for the VAE (two stride-2 stages)",
                d.image_size
            ),
        );
    }
    let against = c.al_loop.ab.as_ref().map(|ab| ab.against);
    for s in std::iter::once(q.sampler).chain(against) {
        crate::selection::check_method_config(
            s,
            d.dataset.is_detection(),
            m.ensemble * q.mc_samples,
        )?;
    }
    for kind in used {
        if scorer_info(kind).needs.members && m.ensemble * q.mc_samples < 2 {
            return bad(
                "query.scorer",
                format!("{} measures disagreement between models: it needs model.ensemble > 1 or query.mc_samples > 1 (with model.dropout > 0); with one model it is 0 for every sample", kind.name()),
            );
        }
    }
    Ok(())
}

/// `round_robin` needs `query.classes` (and nothing else reads it) and a scorer with a
/// per-class form.
fn check_classes(c: &Config) -> Result<(), Problem> {
    let q = &c.query;
    let rr = q.sampler == SamplerKind::RoundRobin;
    let expert = q.sampler == SamplerKind::Expert;
    if (rr || expert) && q.classes.is_empty() {
        return bad("query.classes", format!("sampler = \"{}\" needs the target classes, e.g. classes = [\"person\", \"bicycle\"]", q.sampler.name()));
    }
    let against = c.al_loop.ab.as_ref().map(|ab| ab.against);
    let against_reads = matches!(against, Some(SamplerKind::RoundRobin | SamplerKind::Expert));
    if !rr && !expert && !against_reads && !q.classes.is_empty() {
        return bad(
            "query.classes",
            "is only read by the round_robin and expert samplers; remove it or set query.sampler"
                .into(),
        );
    }
    if expert && c.data.dataset.info().meta != crate::data::Metadata::Recorded {
        return bad("query.sampler", "\"expert\" picks runs of consecutive frames: it needs recorded sequences (data.dataset = \"scenes\")".into());
    }
    if expert && q.scorer != ScorerKind::Random {
        return bad("query.scorer", "the expert sampler ignores scores: set query.scorer = \"random\" (no model scores the pool for a manual selection)".into());
    }
    if rr && !crate::acquisition::PER_CLASS.contains(&q.scorer) {
        let names: Vec<&str> = crate::acquisition::PER_CLASS
            .iter()
            .map(|k| k.name())
            .collect();
        return bad(
            "query.scorer",
            format!(
                "\"{}\" has no per-class form for round_robin; use one of {}",
                q.scorer.name(),
                names.join(", ")
            ),
        );
    }
    let mut seen = std::collections::HashSet::new();
    for (i, name) in q.classes.iter().enumerate() {
        if !seen.insert(name) {
            return bad(
                &format!("query.classes[{i}]"),
                format!("\"{name}\" is listed twice"),
            );
        }
    }
    if let Some(known) = crate::data::built_in_class_names(c.data.dataset) {
        for (i, name) in q.classes.iter().enumerate() {
            if !known.contains(name) {
                return bad(
                    &format!("query.classes[{i}]"),
                    format!(
                        "\"{name}\" is not a class of this dataset; its classes are {}",
                        known.join(", ")
                    ),
                );
            }
        }
    }
    Ok(())
}

/// Detection and classification keys agree: the detector on detection data only, scorers
/// and aggregations the task supports, transforms that keep boxes valid.
fn check_task(c: &Config) -> Result<(), Problem> {
    let d = &c.data;
    let detection = d.dataset.is_detection();
    if detection != (c.model.arch.info().task == crate::data::Task::Detection) {
        return bad(
            "model.arch",
            if detection {
                "data.dataset is a detection dataset (scenes, coco, yolo): set model.arch = \"detector\""
                    .into()
            } else {
                "\"detector\" needs a detection dataset (data.dataset = \"scenes\", \"coco\" or \"yolo\")".into()
            },
        );
    }
    let q = &c.query;
    for kind in q.scorers() {
        let info = scorer_info(kind);
        if info.detection_only && !detection {
            return bad(
                "query.scorer",
                format!("\"{}\" scores decoded boxes: it needs a detection dataset (scenes, coco, yolo)", info.name),
            );
        }
        if (detection || kind == ScorerKind::Grad)
            && !info.aggregations.is_empty()
            && !info.aggregations.contains(&q.aggregation)
        {
            let allowed: Vec<&str> = info.aggregations.iter().map(|a| a.name()).collect();
            return bad(
                "query.aggregation",
                format!(
                    "\"{}\" does not apply to query.scorer = \"{}\" (allowed: {}; the NVIDIA paper sums box entropies instead of averaging them, footnote 1)",
                    q.aggregation.name(),
                    info.name,
                    allowed.join(", ")
                ),
            );
        }
    }
    if !detection {
        return Ok(());
    }
    d.check_detection()
}

/// The pool must hold enough samples for the base set and every round's budget.
fn check_budget(c: &Config) -> Result<(), Problem> {
    let l = &c.al_loop;
    let pool = c.data.pool * c.data.duplicates;
    if l.rounds == 0 {
        return bad("loop.rounds", "must be ≥ 1, got 0".into());
    }
    if l.base > pool {
        return bad(
            "loop.base",
            format!(
                "{} exceeds the pool ({pool} samples = data.pool × data.duplicates)",
                l.base
            ),
        );
    }
    if matches!(l.budget, Budget::Percent(_)) && l.base == 0 {
        return bad(
            "loop.budget",
            format!(
                "{} is a growth of the labeled set, which needs loop.base > 0",
                l.budget
            ),
        );
    }
    let mut labeled = l.base;
    for round in 1..=l.rounds {
        let need = l.budget.amount(labeled);
        let available = if l.pool == PoolMode::All {
            pool
        } else {
            pool - labeled.min(pool)
        };
        let needed_total = if l.pool == PoolMode::All {
            need
        } else {
            labeled + need
        };
        let fits = if l.pool == PoolMode::All {
            need <= pool
        } else {
            needed_total <= pool
        };
        if !fits {
            return bad(
                "loop.budget",
                format!(
                    "{} in round {round} needs {need} samples but only {available} remain in the pool \
                     (data.pool × duplicates = {pool}, loop.base = {}, loop.rounds = {}); lower the budget or rounds, or raise data.pool",
                    l.budget, l.base, l.rounds
                ),
            );
        }
        labeled += need;
    }
    Ok(())
}
