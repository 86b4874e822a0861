//! Semantic checks of a resolved configuration (types were checked by serde).
//!
//! Each check returns the dotted key and a message saying the bad value and what is allowed.

use super::schema::{Config, SamplerKind, ScorerKind, Spec};
use super::{Budget, PoolMode};
use crate::acquisition::scorer_info;

/// A failed check: (dotted key, message).
pub type Problem = (String, String);

fn bad(key: &str, msg: String) -> Result<(), Problem> {
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
    let e = spec.report.equivalence;
    if !(e >= 0.0 && e.is_finite()) {
        return bad(
            "report.equivalence",
            format!("{e} must be a margin ≥ 0 in AUC units (0 = no equivalence claims)"),
        );
    }
    let t = spec.report.target;
    if !(t > 0.0 && t <= 2.0) {
        return bad("report.target", format!("{t} must be in (0, 2]"));
    }
    for m in &spec.report.metrics {
        if !crate::results::is_metric_column(m) {
            return bad(
                "report.metrics",
                format!(
                    "unknown metric \"{m}\"; allowed: {}",
                    crate::results::METRIC_COLUMNS.join(", ")
                ),
            );
        }
    }
    Ok(())
}

/// Checks of one configuration.
pub fn check_config(c: &Config) -> Result<(), Problem> {
    let d = &c.data;
    if d.pool == 0 {
        return bad("data.pool", "must be ≥ 1, got 0".into());
    }
    if d.test == 0 {
        return bad("data.test", "must be ≥ 1, got 0".into());
    }
    if !(d.noise >= 0.0 && d.noise.is_finite()) {
        return bad(
            "data.noise",
            format!("{} must be a finite number ≥ 0", d.noise),
        );
    }
    if d.duplicates == 0 || d.duplicates > 100 {
        return bad(
            "data.duplicates",
            format!("{} must be in 1..=100", d.duplicates),
        );
    }
    if !(0.0..1.0).contains(&d.label_noise) {
        return bad(
            "data.label_noise",
            format!("{} must be in [0, 1)", d.label_noise),
        );
    }
    if !(d.imbalance >= 1.0 && d.imbalance.is_finite()) {
        return bad(
            "data.imbalance",
            format!("{} must be a finite number ≥ 1 (1 = balanced)", d.imbalance),
        );
    }
    if !(4..=512).contains(&d.image_size) {
        return bad(
            "data.image_size",
            format!("{} must be in 4..=512 pixels", d.image_size),
        );
    }
    use crate::data::{dataset_names, Metadata};
    let meta = d.dataset.info().meta;
    if d.metadata.is_some() && meta != Metadata::Csv {
        let csv = dataset_names(|d| d.meta == Metadata::Csv);
        return bad(
            "data.metadata",
            format!("is for {csv} (scenes generates its metadata)"),
        );
    }
    if d.filter.is_some() && meta != Metadata::Recorded && d.metadata.is_none() {
        return bad(
            "data.filter",
            "filters on acquisition metadata (night): scenes carries it, other datasets need data.metadata = \"meta.csv\"".into(),
        );
    }
    let m = &c.model;
    check_task(c)?;
    check_classes(c)?;
    if !(0.0..1.0).contains(&m.dropout) {
        return bad("model.dropout", format!("{} must be in [0, 1)", m.dropout));
    }
    if m.ensemble == 0 || m.ensemble > 64 {
        return bad(
            "model.ensemble",
            format!("{} must be in 1..=64", m.ensemble),
        );
    }
    if m.width == 0 || m.width > 4096 {
        return bad("model.width", format!("{} must be in 1..=4096", m.width));
    }
    let t = &c.train;
    if !(t.lr > 0.0 && t.lr.is_finite()) {
        return bad("train.lr", format!("{} must be a finite number > 0", t.lr));
    }
    if !(0.0..1.0).contains(&t.momentum) {
        return bad(
            "train.momentum",
            format!("{} must be in [0, 1)", t.momentum),
        );
    }
    if !(t.weight_decay >= 0.0 && t.weight_decay.is_finite()) {
        return bad(
            "train.weight_decay",
            format!("{} must be a finite number ≥ 0", t.weight_decay),
        );
    }
    if t.batch_size == 0 {
        return bad("train.batch_size", "must be ≥ 1, got 0".into());
    }
    if t.max_epochs == 0 {
        return bad("train.max_epochs", "must be ≥ 1, got 0".into());
    }
    if t.early_stopping.enabled && d.validation == 0 {
        return bad("data.validation", "is 0, but train.early_stopping needs a validation set (set it > 0 or early_stopping = false)".into());
    }
    if t.early_stopping.enabled && t.early_stopping.patience == 0 {
        return bad("train.early_stopping.patience", "must be ≥ 1, got 0".into());
    }
    if let Some(why) = t.top_k.problem() {
        return bad("train.top_k", why);
    }
    let q = &c.query;
    if !(0.0..=1.0).contains(&q.pivot) {
        return bad(
            "query.pivot",
            format!("{} must be in [0, 1] (0 = top_n, 1 = bottom_n)", q.pivot),
        );
    }
    if q.mc_samples == 0 || q.mc_samples > 1000 {
        return bad(
            "query.mc_samples",
            format!("{} must be in 1..=1000", q.mc_samples),
        );
    }
    if q.mc_samples > 1 && m.dropout == 0.0 {
        return bad(
            "query.mc_samples",
            format!("{} MC-dropout passes need model.dropout > 0", q.mc_samples),
        );
    }
    if q.batch_size == 0 {
        return bad("query.batch_size", "must be ≥ 1, got 0".into());
    }
    // Scorers that measure disagreement need several outputs per sample (registry needs).
    let used = q.scorers();
    let uses_vae = used.iter().any(|&k| scorer_info(k).needs.reconstruction);
    if uses_vae && m.vae == super::schema::VaeMode::None {
        return bad(
            "model.vae",
            "the vae scorer needs a VAE: set model.vae = \"per_round\" (retrained every round on the pool) or \"once\"".into(),
        );
    }
    if m.vae != super::schema::VaeMode::None
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
    if m.vae_epochs == Some(0) {
        return bad("model.vae_epochs", "must be ≥ 1, got 0".into());
    }
    for kind in used {
        if scorer_info(kind).needs.members && m.ensemble * q.mc_samples < 2 {
            return bad(
                "query.scorer",
                format!("{} measures disagreement between models: it needs model.ensemble > 1 or query.mc_samples > 1 (with model.dropout > 0); with one model it is 0 for every sample", kind.name()),
            );
        }
    }
    match q.scorer {
        ScorerKind::Combine if q.combine.is_empty() => {
            return bad(
                "query.combine",
                "scorer = \"combine\" needs a non-empty list of { scorer, weight }".into(),
            );
        }
        ScorerKind::Combine => {
            for (i, term) in q.combine.iter().enumerate() {
                if term.scorer == ScorerKind::Combine {
                    return bad(
                        &format!("query.combine[{i}].scorer"),
                        "\"combine\" cannot be nested".into(),
                    );
                }
                if !term.weight.is_finite() {
                    return bad(
                        &format!("query.combine[{i}].weight"),
                        format!("{} must be finite", term.weight),
                    );
                }
            }
        }
        _ if !q.combine.is_empty() => {
            return bad("query.combine", "is only used with scorer = \"combine\"; remove it or set query.scorer = \"combine\"".into());
        }
        _ => {}
    }
    super::validate_ab::check_ab(c)?;
    check_budget(c)
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
    if d.duplicates > 1 {
        return bad("data.duplicates", "rotated copies are not supported for detection data (their boxes would not be axis-aligned); scenes already come as sequences of near-duplicate frames".into());
    }
    if d.imbalance > 1.0 {
        return bad(
            "data.imbalance",
            "is for classification; for scenes set data.class_weights".into(),
        );
    }
    if d.label_noise > 0.0 {
        return bad(
            "data.label_noise",
            "is not supported for detection data".into(),
        );
    }
    if c.model.init != "scratch" {
        return bad(
            "model.init",
            "the detector starts from scratch (albench pretrain trains classifiers)".into(),
        );
    }
    if !d.image_size.is_multiple_of(8) || d.image_size < 32 {
        return bad("data.image_size", format!("{} must be a multiple of 8 and ≥ 32 for the detector (its grid has one cell per 8 px)", d.image_size));
    }
    if let Some(w) = &d.class_weights {
        let n = crate::data::SCENE_CLASSES.len();
        if w.len() != n
            || w.iter().any(|v| !(v.is_finite() && *v >= 0.0))
            || w.iter().sum::<f64>() <= 0.0
        {
            return bad("data.class_weights", format!("needs {n} finite weights ≥ 0, not all 0 (car, person, bicycle, road-sign, traffic-light), got {w:?}"));
        }
    }
    if d.sequence_length == Some(0) {
        return bad("data.sequence_length", "must be ≥ 1, got 0".into());
    }
    if let Some(p) = d.night {
        if !(0.0..=1.0).contains(&p) {
            return bad("data.night", format!("{p} must be in [0, 1]"));
        }
    }
    Ok(())
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
