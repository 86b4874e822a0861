//! Pages of Lesnikowski 2019, "Data-driven datasets" (NVIDIA GTC talk): classification
//! figures without numbers, so each claim is the direction the figure shows.

use super::common::{GTC_INIT, GTC_SETUP};
use super::{Claim, PaperPage};

/// The policy: the slides of these pages name none.
const POLICY: &str = "Scoring: entropy. The growth and most-vs-least-uncertain slides name no scoring policy; entropy is the policy the talk's neighbouring classification slides name (\"Classification results after one active learning cycle with an entropy policy\"), and an assumption here.";

/// Growth of 10 %, 33 % or 100 % per round.
pub const GROWTH: PaperPage = PaperPage {
    name: "gtc_growth",
    title: "GTC talk: growing the labeled set by 10 %, 33 % or 100 % per round",
    source: "Lesnikowski 2019, GTC talk \"Data-driven datasets\", slides \"The effect of varying the growth parameter in active learning strategies. Adding 10% (purple), 33% (blue) and 100% (green).\" (cited to Lesnikowski & Farabet 2017; the slides name no scoring policy)",
    comparability: "The talk shows curves without numbers or a stated verdict; we test our reading that smaller steps (more, smaller rounds) learn faster. Fashion-MNIST, a small CNN from scratch; AUCs and the final comparison over the common range of labels.",
    paper: &[],
    pretrain: &[],
    source_p: &[],
    claims: &[
        Claim::Auc {
            text: "growing by 10 % per round beats growing by 100 % (our reading of the growth slides; they state no direction)",
            better: "entropy, growth 10%",
            worse: "entropy, growth 100%",
            metric: "test_accuracy",
        },
        Claim::Auc {
            text: "growing by 33 % per round beats growing by 100 % (our reading of the growth slides; they state no direction)",
            better: "entropy, growth 33%",
            worse: "entropy, growth 100%",
            metric: "test_accuracy",
        },
        Claim::Auc {
            text: "growing by 10 % per round beats growing by 33 % (the same reading: smaller steps learn faster)",
            better: "entropy, growth 10%",
            worse: "entropy, growth 33%",
            metric: "test_accuracy",
        },
    ],
    differs: &[
        GTC_SETUP,
        GTC_INIT,
        POLICY,
        "Sizes: a pool of 4,000, a random base set of 250, growing by 10 %, 33 % or 100 % of the labeled set per round (22, 7 and 3 rounds, to 2,070, 1,849 and 2,000 labels); the talk says only \"Adding 10%\" (of what: our reading is the labeled set) and states no sizes or rounds.",
        "Statistics: Welch's t on per-run AUCs over the common range of labels, 3 repeats per arm, the claims corrected together (Holm); the talk shows one curve per setting, its number of runs not stated, without a test. The arms have different label grids (23, 8 and 4 points): the AUC and the final-budget values use the points each arm has, linearly interpolated to the common range's end (1,849 labels) where an arm has no point there. On a concave learning curve the straight segments of a sparse grid run below the curve, so the AUC comparison leans towards the denser grid (the 10 % arm); compare the arms at the label counts they share in the per-round table.",
    ],
    notes: &[],
};

/// Most vs least uncertain over 2 and 6 rounds.
pub const UNCERTAIN: PaperPage = PaperPage {
    name: "gtc_uncertain",
    title: "GTC talk: the most vs the least uncertain images against random, after 2 and 6 rounds",
    source: "Lesnikowski 2019, GTC talk, slides \"Sampling the least uncertain images (red) versus the most uncertain (green)\", two and six active learning loops (the slides name no scoring policy)",
    comparability: "The talk shows curves without numbers, and its captions (\"Sampling the least uncertain images (red) versus the most uncertain (green) The random baseline is in blue. Two active learning loops.\", \"Six active learning loops.\", cited to [Lesnikowski, Farabet, 2017]) state no result: the directions tested below are our reading of the curves. Fashion-MNIST, a small CNN from scratch. The four claims are corrected together (Holm over 4); the per-round table separately, over every method × round (it names its family). Most against least uncertain, the slides' main contrast, follows from the claims at a round only where both of that round's claims hold (most above random, random above least); over the whole curve it is in the pairwise AUC table.",
    paper: &[],
    pretrain: &[],
    source_p: &[],
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
    differs: &[
        GTC_SETUP,
        GTC_INIT,
        POLICY,
        "Sizes: a pool of 4,000, a random base set of 250 and 250 more per round for 6 rounds; the talk states no sizes.",
        "Statistics: Welch's t on the runs' accuracies at rounds 2 and 6 against random, the claims corrected together (Holm over the page's claim tests); the talk shows curves without a test.",
    ],
    notes: &[],
};
