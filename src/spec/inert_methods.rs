//! Inert-key rules of the optional sampler keys: `query.joint_samples` (only `batch_bald`
//! reads it), `query.neighbours` (`typiclust`), `query.delta` (`probcover`), `query.targets`
//! (`epig`) and `query.prefilter` (the samplers that read embeddings). The A/B arm's sampler
//! counts as a reader too.

use super::inert::Rule;
use super::{Config, SamplerKind};

/// Whether `kind` selects in `c` (the configured sampler or the A/B arm's).
fn reads(c: &Config, kind: SamplerKind) -> bool {
    c.query.sampler == kind || c.al_loop.ab.as_ref().is_some_and(|ab| ab.against == kind)
}

fn why(c: &Config, kind: SamplerKind) -> Option<String> {
    (!reads(c, kind)).then(|| {
        format!(
            "query.sampler = \"{}\" (only {} reads it)",
            c.query.sampler.name(),
            kind.name()
        )
    })
}

/// The rules.
pub(super) const METHOD_RULES: &[Rule] = &[
    Rule {
        key: "query.joint_samples",
        why: |c| why(c, SamplerKind::BatchBald),
        reset: |c, d| c.query.joint_samples = d.query.joint_samples,
    },
    Rule {
        key: "query.joint_candidates",
        why: |c| why(c, SamplerKind::BatchBald),
        reset: |c, d| c.query.joint_candidates = d.query.joint_candidates,
    },
    Rule {
        key: "query.neighbours",
        why: |c| why(c, SamplerKind::Typiclust),
        reset: |c, d| c.query.neighbours = d.query.neighbours,
    },
    Rule {
        key: "query.delta",
        why: |c| why(c, SamplerKind::Probcover),
        reset: |c, d| c.query.delta = d.query.delta,
    },
    Rule {
        key: "query.targets",
        why: |c| why(c, SamplerKind::Epig),
        reset: |c, d| c.query.targets = d.query.targets,
    },
    Rule {
        key: "query.prefilter",
        why: |c| {
            let arm = c.al_loop.ab.as_ref().map(|ab| ab.against);
            let embeds = |k: SamplerKind| crate::selection::needs(k).embeddings;
            (!embeds(c.query.sampler) && !arm.is_some_and(embeds)).then(|| {
                format!(
                    "query.sampler = \"{}\" (only the samplers that read embeddings diversify among the pre-filtered candidates)",
                    c.query.sampler.name()
                )
            })
        },
        reset: |c, d| c.query.prefilter = d.query.prefilter,
    },
];

#[cfg(test)]
mod tests {
    use super::super::inert::{effective, set_but_inert};
    use super::*;

    #[test]
    fn keys_are_inert_without_their_sampler() {
        let d = Config::default();
        let mut c = d.clone();
        c.query.delta = Some(0.5);
        let set = set_but_inert(&c, &d);
        assert_eq!(set.len(), 1);
        assert_eq!(set[0].0, "query.delta");
        assert_eq!(effective(&c, &d).query.delta, None);
        c.query.sampler = SamplerKind::Probcover;
        assert!(set_but_inert(&c, &d).is_empty());
        assert_eq!(effective(&c, &d).query.delta, Some(0.5));
    }

    #[test]
    fn prefilter_is_inert_without_an_embedding_sampler() {
        let d = Config::default();
        let mut c = d.clone();
        c.query.prefilter = Some(0.1);
        let set = set_but_inert(&c, &d);
        assert_eq!(set.len(), 1);
        assert_eq!(set[0].0, "query.prefilter");
        c.query.sampler = SamplerKind::CoreSet;
        assert!(set_but_inert(&c, &d).is_empty());
        assert_eq!(effective(&c, &d).query.prefilter, Some(0.1));
    }
}
