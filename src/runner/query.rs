//! One round's query, in two steps: [`score_round`] streams the candidates through the
//! round's model(s) once and keeps what the samplers read; [`select_from`] lets one sampler
//! pick from it. The A/B protocol selects twice (both arms) from one scoring pass.

use std::time::Instant;

use crate::learner::Learner;
use crate::pool::{Candidates, Pool, SampleId};
use crate::results::RoundRecord;
use crate::rng::Purpose;
use crate::selection::memory::Shape;
use crate::selection::{
    needs, ranking, select, Frames, MemberProbs, Needs, SamplerKind, SamplerParams, SelectInput,
};
use crate::spec::Embedding;

use super::embedding::Embedded;
use super::prefiltered::{warn_if_large, Kept};
use super::scoring::{score_candidates, Collect, PerClass, Scored};
use super::state::{Picked, Run};

/// What one scoring pass over a round's candidates gives the samplers; indexed by pool
/// position.
pub struct RoundScores {
    candidates: Candidates,
    scored: Scored,
    /// `query.prefilter`: the candidates the samplers that read embeddings see.
    kept: Option<Kept>,
    /// The embedding of the kept candidates (all candidates without a pre-filter).
    embedded: Option<Embedded>,
    /// `expert`: each candidate's (sequence, frame, target visible).
    frames: Option<(Vec<u32>, Vec<u32>, Vec<bool>)>,
    /// Rank of each position in the score ranking (0 = highest score).
    rank_of: Vec<u32>,
}

/// What the samplers `kinds` need, together.
pub fn needs_of(kinds: &[SamplerKind]) -> Needs {
    kinds.iter().fold(Needs::default(), |a, &k| {
        let b = needs(k);
        Needs {
            embeddings: a.embeddings || b.embeddings,
            centres: a.centres || b.centres,
            predicted: a.predicted || b.predicted,
            class_scores: a.class_scores || b.class_scores,
            frames: a.frames || b.frames,
            member_probs: a.member_probs || b.member_probs,
        }
    })
}

/// Score the round's candidates (those `query.filter` accepts) with the previous round's
/// model(s) and collect what `needs` asks for; with `query.prefilter` (and a sampler that
/// reads embeddings) keep the highest-scored fraction, at least `n_pick`, and embed only
/// those. The time goes to `rec.time_score_s`.
pub fn score_round(
    run: &Run<'_>,
    learner: &dyn Learner,
    pool: &Pool,
    round: u32,
    needs: Needs,
    n_pick: usize,
    rec: &mut RoundRecord,
) -> RoundScores {
    let (c, streams) = (run.c, &run.streams);
    let t0 = Instant::now();
    let mut candidates = pool.candidates(c.al_loop.pool, c.al_loop.accumulate);
    if let Some(f) = &c.query.filter {
        let meta = &run.splits.pool.meta;
        candidates.retain(|id| f.accepts(&meta[id.0 as usize]));
    }
    let collect = Collect {
        predicted: needs.predicted,
        // with a pre-filter the kept candidates are embedded after the pass
        features: needs.embeddings
            && c.query.embedding == Embedding::Backbone
            && c.query.prefilter.is_none(),
        per_class: needs.class_scores.then_some(PerClass {
            scorer: c.query.scorer,
            aggregation: c.query.aggregation,
            classes: &run.class_idx,
        }),
        member_probs: needs.member_probs,
    };
    let mut scored = score_candidates(
        &run.acq,
        learner,
        &candidates,
        c.query.mc_samples,
        &mut streams.of(Purpose::Score, round, &[]),
        &mut streams.of(Purpose::Score, round, &[1]),
        collect,
    );
    let classes = run.splits.pool.n_classes();
    let kept = (c.query.prefilter)
        .filter(|_| needs.embeddings)
        .map(|f| Kept::new(&candidates, &scored, f, n_pick, classes));
    if needs.embeddings && kept.is_none() && round == 1 {
        let shape = shape_of(run, learner, pool, candidates.len(), n_pick);
        warn_if_large(&samplers_of(run), &shape);
    }
    let embedded = needs.embeddings.then(|| {
        let to_embed = kept.as_ref().map_or(&candidates, |k| &k.candidates);
        embed(run, learner, pool, to_embed, needs, &mut scored)
    });
    rec.time_score_s += t0.elapsed().as_secs_f64();
    let frames = needs.frames.then(|| frames_of(run, &candidates));
    let rank_of = ranks(&scored.scores);
    RoundScores {
        candidates,
        scored,
        kept,
        embedded,
        frames,
        rank_of,
    }
}

/// The embedding (`query.embedding`) of `candidates` (the kept ones under a pre-filter);
/// core-set's centres are the labeled set (none when the whole set is reselected).
fn embed(
    run: &Run<'_>,
    learner: &dyn Learner,
    pool: &Pool,
    candidates: &Candidates,
    needs: Needs,
    scored: &mut Scored,
) -> Embedded {
    let c = run.c;
    let mut labeled: Vec<SampleId> = if needs.centres && c.al_loop.accumulate {
        pool.training().to_vec()
    } else {
        Vec::new()
    };
    labeled.sort_unstable();
    labeled.dedup();
    Embedded::compute(
        c.query.embedding,
        candidates.ids(),
        &labeled,
        learner,
        scored.features.take(),
        &run.splits.pool,
    )
}

/// The configured sampler and the A/B arm's.
fn samplers_of(run: &Run<'_>) -> Vec<SamplerKind> {
    let c = run.c;
    std::iter::once(c.query.sampler)
        .chain(c.al_loop.ab.as_ref().map(|ab| ab.against))
        .collect()
}

/// The sizes a selection's memory depends on this round (the labeled count: every sample
/// labeled so far).
fn shape_of(
    run: &Run<'_>,
    learner: &dyn Learner,
    pool: &Pool,
    candidates: usize,
    picks: usize,
) -> Shape {
    let c = run.c;
    Shape {
        candidates,
        labeled: pool.n_unique(),
        dim: match c.query.embedding {
            Embedding::Pixels => run.splits.pool.sample_len(),
            _ => learner.embedding_dim(),
        },
        classes: run.splits.pool.n_classes(),
        members: c.model.ensemble * c.query.mc_samples,
        picks,
        distance: c.query.distance,
    }
}

/// `expert`: the candidates' recording metadata and target visibility (ground truth: what a
/// person looking at the frames sees), as (sequence, frame, visible) by position.
fn frames_of(run: &Run<'_>, candidates: &Candidates) -> (Vec<u32>, Vec<u32>, Vec<bool>) {
    let set = &run.splits.pool;
    let ids = candidates.ids();
    let seq = ids
        .iter()
        .map(|id| set.meta[id.0 as usize].sequence)
        .collect();
    let frame = ids.iter().map(|id| set.meta[id.0 as usize].frame).collect();
    let visible = ids
        .iter()
        .map(|id| {
            set.objects[id.0 as usize]
                .iter()
                .any(|o| run.class_idx.contains(&(o.class as usize)))
        })
        .collect();
    (seq, frame, visible)
}

/// The rank of each position in the score ranking (0 = highest score).
fn ranks(scores: &[f32]) -> Vec<u32> {
    let order = ranking(scores);
    let mut rank_of = vec![0u32; scores.len()];
    for (r, p) in order.iter().enumerate() {
        rank_of[p.0] = r as u32;
    }
    rank_of
}

/// Let `sampler` pick `n_pick` of the scored candidates, drawing from the round's selection
/// stream extended by `stream` (empty for the configured sampler); the time goes to
/// `rec.time_select_s`.
pub fn select_from(
    run: &Run<'_>,
    s: &RoundScores,
    sampler: SamplerKind,
    n_pick: usize,
    round: u32,
    stream: &[u64],
    rec: &mut RoundRecord,
) -> Picked {
    let t1 = Instant::now();
    let scores = &s.scored.scores;
    // The samplers that read embeddings see the kept candidates under a pre-filter.
    let kept = s.kept.as_ref().filter(|_| needs(sampler).embeddings);
    let input = match kept {
        Some(k) => kept_input(run, s, k),
        None => full_input(run, s),
    };
    let params = SamplerParams {
        pivot: run.c.query.pivot,
        distance: run.c.query.distance,
        methods: run.c.query.method_params(),
    };
    let chosen = select(
        sampler,
        &input,
        n_pick,
        params,
        &mut run.streams.of(Purpose::Select, round, stream),
    );
    let chosen: Vec<_> = match kept {
        Some(k) => chosen.into_iter().map(|p| k.full(p)).collect(),
        None => chosen,
    };
    let picked = Picked {
        ids: chosen.iter().map(|&p| s.candidates.sample(p)).collect(),
        scores: chosen.iter().map(|p| scores[p.0]).collect(),
        ranks: chosen.iter().map(|p| s.rank_of[p.0]).collect(),
    };
    rec.time_select_s += t1.elapsed().as_secs_f64();
    picked
}

/// The samplers' input over every candidate (the embeddings only when they are every
/// candidate's, i.e. without a pre-filter).
fn full_input<'a>(run: &Run<'_>, s: &'a RoundScores) -> SelectInput<'a> {
    let classes = run.splits.pool.n_classes();
    let (points, centres) = match (&s.embedded, &s.kept) {
        (Some(e), None) => {
            let (p, l) = e.points();
            (Some(p), Some(l))
        }
        _ => (None, None),
    };
    SelectInput {
        scores: &s.scored.scores,
        points,
        centres,
        predicted: s.scored.predicted.as_deref(),
        classes,
        class_scores: s
            .scored
            .class_scores
            .as_deref()
            .map(|cs| (cs, run.class_idx.len())),
        frames: s.frames.as_ref().map(|(sq, f, v)| Frames {
            sequence: sq,
            frame: f,
            visible: v,
        }),
        member_probs: s
            .scored
            .member_probs
            .as_ref()
            .map(|(p, m)| MemberProbs::new(p, classes, *m)),
    }
}

/// The samplers' input over the pre-filter's kept candidates `k` (positions of the kept
/// list). Per-class scores and frames are left out: no sampler that reads embeddings reads
/// them (registry needs).
fn kept_input<'a>(run: &Run<'_>, s: &'a RoundScores, k: &'a Kept) -> SelectInput<'a> {
    let classes = run.splits.pool.n_classes();
    let (points, centres) = match &s.embedded {
        Some(e) => {
            let (p, l) = e.points();
            (Some(p), Some(l))
        }
        None => (None, None),
    };
    SelectInput {
        scores: &k.scores,
        points,
        centres,
        predicted: k.predicted.as_deref(),
        classes,
        class_scores: None,
        frames: None,
        member_probs: k
            .member_probs
            .as_ref()
            .map(|(p, m)| MemberProbs::new(p, classes, *m)),
    }
}
