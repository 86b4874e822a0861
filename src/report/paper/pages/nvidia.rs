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
    pretrain: &[],
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
    pretrain: &[],
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

/// Table I: scoring functions × aggregation, with the boxes they buy.
pub const TABLE1: PaperPage = PaperPage {
    name: "nvidia_table1",
    title: "NVIDIA Table I: scoring functions and score aggregation, with the labeled boxes they buy",
    source: "Haussmann et al. 2020, Table I (wMAP and # bounding boxes selected) and Sec. IV-B.1",
    comparability: "The paper: a production detector, 6-model ensembles, 847k road images; ours: a small one-stage detector on procedural `scenes`, MI from 3 models. wMAP levels and box counts are not comparable; the orderings are. The paper's # BBoxes column is printed for random (3.70 M), MC-dropout (3.10 M) and one other row (6.03 M, Det-Ent by the text: \"biased towards images containing large number of objects\").",
    paper: &[
        v("random", "wMAP", "73.36"),
        v("MC-dropout", "wMAP", "71.98"),
        v("entropy max", "wMAP", "75.21"),
        v("entropy mean", "wMAP", "73.53"),
        v("grad max", "wMAP", "74.98"),
        v("grad mean", "wMAP", "74.72"),
        v("det_entropy max", "wMAP", "74.40"),
        v("det_entropy sum", "wMAP", "75.71"),
        v("MI max", "wMAP", "75.30"),
        v("MI mean", "wMAP", "74.86"),
        v("random", "# boxes (M)", "3.70"),
        v("MC-dropout", "# boxes (M)", "3.10"),
        v("det_entropy (by the text)", "# boxes (M)", "6.03"),
    ],
    pretrain: &[],
    claims: &[
        Claim::Auc {
            text: "Det-Ent (sum) beats random (Table I: 75.71 vs 73.36)",
            better: "det_entropy sum",
            worse: "random",
            metric: "test_wmap",
        },
        Claim::Auc {
            text: "MI (max) beats random (Table I: 75.30 vs 73.36)",
            better: "MI max",
            worse: "random",
            metric: "test_wmap",
        },
        Claim::Auc {
            text: "entropy aggregated by max beats entropy by mean (Table I: 75.21 vs 73.53)",
            better: "entropy max",
            worse: "entropy mean",
            metric: "test_wmap",
        },
        Claim::Auc {
            text: "MC-dropout is worse than random (Table I: 71.98 vs 73.36)",
            better: "random",
            worse: "MC-dropout",
            metric: "test_wmap",
        },
        Claim::Final {
            text: "Det-Ent (sum) buys more boxes to label than random (Table I, Sec. IV-B.1: \"the cost of labeling increases\")",
            better: "det_entropy sum",
            worse: "random",
            metric: "n_boxes",
            round: None,
        },
    ],
};

/// Table III: diversity-promoting samplers.
pub const TABLE3: PaperPage = PaperPage {
    name: "nvidia_table3",
    title: "NVIDIA Table III: diversity-promoting sampling (k-means++, OMP, core-set; euclidean or cosine) vs top-N and random",
    source: "Haussmann et al. 2020, Table III (wMAP) and Sec. IV-B.2",
    comparability: "The paper: a production detector on road images, embeddings of a pretrained VGG or of the detection network (DN); ours: a small detector on procedural `scenes`, the detector's own backbone (the DN rows) only. The paper measures one loop with N = 10 (OMP's cost); we run 4 rounds of 100 so the AUCs have room to differ, and add k-means++ with cosine distance, which the paper does not report. wMAP levels are not comparable; the orderings are.",
    paper: &[
        v("random", "wMAP", "69.70"),
        v("top_n", "wMAP", "70.38"),
        v("kmeans_pp euclidean (DN)", "wMAP", "70.17"),
        v("omp euclidean (DN)", "wMAP", "70.71"),
        v("omp cosine (DN)", "wMAP", "71.32"),
        v("core_set euclidean (DN)", "wMAP", "70.89"),
        v("core_set cosine (DN)", "wMAP", "71.33"),
    ],
    pretrain: &[],
    claims: &[
        Claim::Auc {
            text: "core-set with cosine distance beats random (Table III: 71.33 vs 69.70)",
            better: "core_set cosine",
            worse: "random",
            metric: "test_wmap",
        },
        Claim::Auc {
            text: "OMP with cosine distance beats random (Table III: 71.32 vs 69.70)",
            better: "omp cosine",
            worse: "random",
            metric: "test_wmap",
        },
        Claim::Auc {
            text: "k-means++ with euclidean distance beats random (Table III: 70.17 vs 69.70; \"adding diversity consistently outperforms random\")",
            better: "kmeans_pp euclidean",
            worse: "random",
            metric: "test_wmap",
        },
        Claim::Auc {
            text: "diversity with the right metric beats top-N: core-set cosine vs top-N (Table III: 71.33 vs 70.38)",
            better: "core_set cosine",
            worse: "top_n",
            metric: "test_wmap",
        },
    ],
};

/// Table IV: AL over [X_u, X_l] vs random over three iterations.
pub const TABLE4: PaperPage = PaperPage {
    name: "nvidia_table4",
    title: "NVIDIA Table IV: active learning (max-MI, over X_u or [X_u, X_l]) vs random over three iterations",
    source: "Haussmann et al. 2020, Table IV (per-class AP, wMAP, # unique images per iteration) and Sec. IV-B.3",
    comparability: "The paper: 100k + 3 × 200k of 850k road images, a 6-model ensemble; ours: 200 + 3 × 200 of 1,000 procedural scenes, 3 models. AP levels are not comparable; the orderings and the unique-image counts are. The paper's AL row samples [X_u, X_l]; it reports X_u only in the text.",
    paper: &[
        v("AL [X_u, X_l] iteration 3", "wMAP", "70.5"),
        v("random iteration 3", "wMAP", "68.5"),
        v("AL [X_u, X_l] iteration 3", "bicycle AP", "61.0"),
        v("random iteration 3", "bicycle AP", "56.8"),
        v("AL [X_u, X_l] iteration 3", "person AP", "70.0"),
        v("random iteration 3", "person AP", "68.4"),
        v("AL [X_u, X_l] iteration 1", "# unique images", "277k"),
        v("random iteration 1", "# unique images", "300k"),
        v("full dataset", "wMAP", "69.0"),
    ],
    pretrain: &[],
    claims: &[
        Claim::Final {
            text: "AL over [X_u, X_l] beats random after three iterations (Table IV: wMAP 70.5 vs 68.5)",
            better: "AL [X_u, X_l]",
            worse: "random",
            metric: "test_wmap",
            round: None,
        },
        Claim::Auc {
            text: "active learning consistently outperforms random sampling (Sec. IV-B.3): AL [X_u, X_l] over the three iterations",
            better: "AL [X_u, X_l]",
            worse: "random",
            metric: "test_wmap",
        },
        Claim::Auc {
            text: "sampling [X_u, X_l] is slightly better than X_u only (Sec. IV-B.3: 5 % relative at iteration 3)",
            better: "AL [X_u, X_l]",
            worse: "AL X_u",
            metric: "test_wmap",
        },
        Claim::Final {
            text: "sampling [X_u, X_l] labels fewer unique images than random (Table IV, Sec. IV-B.3: \"a significant reduction in the number of images to be labeled\")",
            better: "random",
            worse: "AL [X_u, X_l]",
            metric: "n_unique",
            round: None,
        },
        Claim::Final {
            text: "AL over [X_u, X_l] improves bicycle AP over random after three iterations (Table IV: 61.0 vs 56.8)",
            better: "AL [X_u, X_l]",
            worse: "random",
            metric: "test_ap_bicycle",
            round: None,
        },
    ],
};
