//! What a configuration may ask of an external learner (`model.arch = "external"`):
//! protocol 1 carries probabilities, embeddings of the current model and test metrics, so
//! scorers and samplers that need more are refused here, before anything runs.

use super::validate::{bad, Problem};
use super::{Config, Embedding};
use crate::acquisition::scorer_info;

/// Refuse what protocol 1 cannot serve: scorers that need member features or a VAE
/// (`grad`, `vae`), the `baseline` embedding, the A/B protocol and a `train.top_k` other
/// than the default (protocol 1's `evaluate` gives top-1 accuracy only: the default's
/// columns stay empty). Every other `[train]` key reaches the learner in `init`.
pub fn check_external(c: &Config) -> Result<(), Problem> {
    if !c.model.arch.is_external() {
        return Ok(());
    }
    for kind in c.query.scorers() {
        let needs = scorer_info(kind).needs;
        if needs.features || needs.reconstruction {
            return bad(
                "query.scorer",
                format!(
                    "\"{}\" needs {} of the model, which an external learner does not give (protocol 1: probabilities and embeddings); use a scorer on probabilities (entropy, margin, least_confidence, mutual_information, loss, ...)",
                    kind.name(),
                    if needs.features { "every member's penultimate features" } else { "a VAE" }
                ),
            );
        }
    }
    if c.query.embedding == Embedding::Baseline {
        return bad(
            "query.embedding",
            "\"baseline\" needs the initial weights' features, which an external learner does not give: use \"backbone\" or \"pixels\"".into(),
        );
    }
    if c.train.top_k != crate::learner::TopK::default() {
        return bad(
            "train.top_k",
            "an external learner reports top-1 accuracy only (protocol 1's evaluate): remove train.top_k".into(),
        );
    }
    if c.al_loop.ab.is_some() {
        return bad(
            "loop.ab",
            "the A/B protocol fine-tunes and restricts models inside albench: it needs a built-in model.arch".into(),
        );
    }
    Ok(())
}
