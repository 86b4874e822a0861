//! Semantic checks of a resolved configuration (types were checked by serde).
//!
//! Each check returns the dotted key and a message saying the bad value and what is allowed.

use super::schema::{Config, ScorerKind, Spec};
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
    let m = &c.model;
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
    if m.init != "scratch" && !std::path::Path::new(&m.init).is_file() {
        return bad(
            "model.init",
            format!("\"{}\" is neither \"scratch\" nor an existing weights file (make one with `albench pretrain`)", m.init),
        );
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
    let used = std::iter::once(q.scorer).chain(
        (q.scorer == ScorerKind::Combine)
            .then(|| q.combine.iter().map(|t| t.scorer))
            .into_iter()
            .flatten(),
    );
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
    check_budget(c)
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
