//! Pages of Haussmann et al. 2020, "Scalable Active Learning for Object Detection" (NVIDIA),
//! on the procedural `scenes` with the detector.

use super::{v, Claim, PaperPage};

/// Table II: informativeness-only samplers.
pub const TABLE2: PaperPage = PaperPage {
    name: "nvidia_table2",
    title: "NVIDIA Table II: sampling by informativeness only (top-N, top-third, top-N/2 + bottom-N/2, bottom-N)",
    source: "Haussmann et al. 2020, Scalable Active Learning for Object Detection, Table II (wMAP)",
    comparability: "The paper: a production detector on millions of road images; ours: a small one-stage detector on procedural `scenes`. wMAP levels are not comparable; the ordering of the samplers is.",
    paper: &[
        v("top_n", "wMAP", "75.30"),
        v("top_third", "wMAP", "74.79"),
        v("top_bottom", "wMAP", "74.02"),
        v("bottom_n", "wMAP", "68.01"),
    ],
    claims: &[
        Claim::Auc {
            text: "top-N beats bottom-N (Table II)",
            better: "top_n",
            worse: "bottom_n",
            metric: "test_wmap",
        },
        Claim::Auc {
            text: "top-N beats top-N/2 + bottom-N/2 (Table II)",
            better: "top_n",
            worse: "top_bottom",
            metric: "test_wmap",
        },
        Claim::Auc {
            text: "top-N beats top-third (Table II)",
            better: "top_n",
            worse: "top_third",
            metric: "test_wmap",
        },
    ],
};

/// Table V: the A/B test against manual selection.
pub const TABLE5: PaperPage = PaperPage {
    name: "nvidia_table5",
    title: "NVIDIA Table V: active learning vs manual selection (A/B test)",
    source: "Haussmann et al. 2020, Table V (Sec. V): mean AP improvement over the reference model, (a) on both test sets, (b) on the manual test set only",
    comparability: "The paper: 19k images per arm from 2M night images, human experts; ours: a few hundred procedural night scenes, the `expert` sampler emulating the manual selection. Improvements are in AP points in both; their sizes are not comparable, their signs and the AL-vs-manual ordering are.",
    paper: &[
        v("bicycle", "(a) manual", "+1.36"),
        v("bicycle", "(a) active learning", "+5.94"),
        v("bicycle", "(b) manual", "+2.28"),
        v("bicycle", "(b) active learning", "+3.18"),
        v("person", "(a) manual", "+0.74"),
        v("person", "(a) active learning", "+3.28"),
        v("person", "(b) manual", "+1.28"),
        v("person", "(b) active learning", "+1.35"),
        v("car", "(a) manual", "+0.62"),
        v("car", "(a) active learning", "+1.07"),
        v("car", "(b) manual", "+0.58"),
        v("car", "(b) active learning", "+0.28"),
    ],
    claims: &[
        Claim::Ab {
            text: "AL-selected data improves bicycle AP more than manual selection on both test sets (Table Va: +5.94 vs +1.36)",
            test_set: "union",
            line: "bicycle",
        },
        Claim::Ab {
            text: "AL-selected data improves person AP more than manual selection on both test sets (Table Va: +3.28 vs +0.74)",
            test_set: "union",
            line: "person",
        },
        Claim::Ab {
            text: "on the manual test set only, AL still improves bicycle AP more (Table Vb: +3.18 vs +2.28)",
            test_set: "comparison",
            line: "bicycle",
        },
        Claim::Ab {
            text: "on the manual test set only, AL and manual are on par for persons (Table Vb: +1.35 vs +1.28); we check whether AL improves more",
            test_set: "comparison",
            line: "person",
        },
    ],
};
