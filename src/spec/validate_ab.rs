//! Checks of `query.filter` and `[loop.ab]` (the A/B protocol of NVIDIA Table V).

use super::validate::{bad, Problem};
use super::{AbSpec, AbStart, Config, Reset, SamplerKind};

/// `query.filter` needs metadata; `loop.ab` needs one round, a comparison sampler that is
/// not the active one, splits and a test fraction that leave both portions non-empty.
pub fn check_ab(c: &Config) -> Result<(), Problem> {
    let d = &c.data;
    let recorded = d.dataset.info().meta == crate::data::Metadata::Recorded;
    if c.query.filter.is_some() && !recorded && d.metadata.is_none() {
        return bad(
            "query.filter",
            "filters on acquisition metadata (night): scenes carries it, other datasets need data.metadata = \"meta.csv\"".into(),
        );
    }
    let Some(ab) = &c.al_loop.ab else {
        return Ok(());
    };
    check_ab_loop(c)?;
    check_ab_arms(c, ab)
}

/// `[loop]` of an A/B test: one round, accumulated onto a non-empty base set (the reference
/// model's training set).
fn check_ab_loop(c: &Config) -> Result<(), Problem> {
    let l = &c.al_loop;
    if l.rounds != 1 {
        return bad(
            "loop.rounds",
            format!(
                "{} — an A/B test (loop.ab) makes one selection per arm: set loop.rounds = 1",
                l.rounds
            ),
        );
    }
    if !l.accumulate {
        return bad(
            "loop.accumulate",
            "an A/B test (loop.ab) adds each arm's selection to the base set: set accumulate = true"
                .into(),
        );
    }
    if l.base == 0 {
        return bad(
            "loop.base",
            "an A/B test (loop.ab) needs a reference model: set loop.base > 0 (its training set)"
                .into(),
        );
    }
    Ok(())
}

/// The two arms differ, can be computed on this dataset, leave non-empty train and test
/// portions and train models that start from the same weights.
fn check_ab_arms(c: &Config, ab: &AbSpec) -> Result<(), Problem> {
    let (d, l) = (&c.data, &c.al_loop);
    if ab.against == c.query.sampler {
        return bad(
            "loop.ab.against",
            format!(
                "\"{}\" is also query.sampler: the two arms would be the same selection",
                ab.against.name()
            ),
        );
    }
    if ab.against == SamplerKind::Expert && d.dataset.info().meta != crate::data::Metadata::Recorded
    {
        return bad("loop.ab.against", "\"expert\" picks runs of consecutive frames: it needs recorded sequences (data.dataset = \"scenes\")".into());
    }
    if crate::selection::needs(ab.against).class_scores && c.query.classes.is_empty() {
        return bad(
            "query.classes",
            format!(
                "loop.ab.against = \"{}\" needs the target classes",
                ab.against.name()
            ),
        );
    }
    if ab.splits == 0 || ab.splits > 100 {
        return bad(
            "loop.ab.splits",
            format!("{} must be in 1..=100", ab.splits),
        );
    }
    if !(ab.test_fraction > 0.0 && ab.test_fraction < 1.0) {
        return bad(
            "loop.ab.test_fraction",
            format!("{} must be in (0, 1) (the paper: 0.1)", ab.test_fraction),
        );
    }
    let n = l.budget.amount(l.base);
    if n < 2 {
        return bad(
            "loop.budget",
            format!("{n} — each arm's selection is split into train and test portions: it needs ≥ 2 images"),
        );
    }
    if ab.members == 0 || ab.members > c.model.ensemble {
        return bad(
            "loop.ab.members",
            format!(
                "{} must be in 1..=model.ensemble ({})",
                ab.members, c.model.ensemble
            ),
        );
    }
    if c.train.reset == Reset::Continue {
        let how = match ab.start {
            AbStart::Init => "set train.reset = \"baseline\"",
            AbStart::Reference => "loop.ab.start = \"reference\" already fine-tunes the reference; set train.reset = \"baseline\"",
        };
        return bad(
            "train.reset",
            format!("\"continue\" would start one arm's model from the other's: {how}"),
        );
    }
    Ok(())
}
