//! Pages of Lesnikowski 2019, "Data-driven datasets" (NVIDIA GTC talk): classification
//! figures without numbers, so each claim is the direction the figure shows.

use super::{Claim, PaperPage};

/// Growth of 10 %, 33 % or 100 % per round.
pub const GROWTH: PaperPage = PaperPage {
    name: "gtc_growth",
    title: "GTC talk: growing the labeled set by 10 %, 33 % or 100 % per round",
    source: "Lesnikowski 2019, GTC talk \"Data-driven datasets\", slides \"The effect of varying the growth parameter\" (entropy policy; Lesnikowski & Farabet 2017)",
    comparability: "The talk shows curves without numbers or a stated verdict; we test the reading that smaller steps (more rounds for the same labels) learn faster. Fashion-MNIST, a small CNN from scratch; AUCs and the final comparison over the common range of labels.",
    paper: &[],
    pretrain: &[],
    claims: &[
        Claim::Auc {
            text: "growing by 10 % per round beats growing by 100 % (the growth slides)",
            better: "entropy, growth 10%",
            worse: "entropy, growth 100%",
            metric: "test_accuracy",
        },
        Claim::Auc {
            text: "growing by 33 % per round beats growing by 100 % (the growth slides)",
            better: "entropy, growth 33%",
            worse: "entropy, growth 100%",
            metric: "test_accuracy",
        },
    ],
};

/// Most vs least uncertain over 2 and 6 rounds.
pub const UNCERTAIN: PaperPage = PaperPage {
    name: "gtc_uncertain",
    title: "GTC talk: the most vs the least uncertain images against random, after 2 and 6 rounds",
    source: "Lesnikowski 2019, GTC talk, slides \"Sampling the least uncertain images (red) versus the most uncertain (green)\", two and six active learning loops (entropy policy)",
    comparability: "The talk shows curves without numbers; the claims are the directions. Fashion-MNIST, a small CNN from scratch; p-values at rounds 2 and 6 are corrected over every method × round.",
    paper: &[],
    pretrain: &[],
    claims: &[
        Claim::Final {
            text: "after two loops the most uncertain images beat random",
            better: "most uncertain",
            worse: "random",
            metric: "test_accuracy",
            round: Some(2),
        },
        Claim::Final {
            text: "after two loops the least uncertain images are worse than random",
            better: "random",
            worse: "least uncertain",
            metric: "test_accuracy",
            round: Some(2),
        },
        Claim::Final {
            text: "after six loops the most uncertain images beat random",
            better: "most uncertain",
            worse: "random",
            metric: "test_accuracy",
            round: Some(6),
        },
        Claim::Final {
            text: "after six loops the least uncertain images are worse than random",
            better: "random",
            worse: "least uncertain",
            metric: "test_accuracy",
            round: Some(6),
        },
    ],
};
