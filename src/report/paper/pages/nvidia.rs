//! Pages of Haussmann et al. 2020, "Scalable Active Learning for Object Detection" (NVIDIA),
//! on the procedural `scenes` with the detector.

use super::common::{NVIDIA_INIT, NVIDIA_SETUP, NVIDIA_STATS};
use super::{v, Claim, PaperPage};

/// Table II: informativeness-only samplers.
pub const TABLE2: PaperPage = PaperPage {
    name: "nvidia_table2",
    title: "NVIDIA Table II: sampling by informativeness only (top-N, top-third, top-N/2 + bottom-N/2, bottom-N)",
    source: "Haussmann et al. 2020, Scalable Active Learning for Object Detection, Sec. IV-B.2 and Table II (wMAP)",
    comparability: "The paper: a one-stage detector with a UNet backbone on 847k road images (33k test), 6-model ensembles; ours: a small one-stage detector on procedural `scenes`, MI from 3 models. wMAP levels are not comparable; the ordering of the samplers is. The paper's text (Sec. IV-B.2): \"As shown in Table II, the performance increases as the number of difficult examples in the selection increases. The best performance is obtained selecting only the most uncertain samples (*top-N*).\"",
    paper: &[
        v("top_n", "wMAP", "75.30"),
        v("top_third", "wMAP", "74.79"),
        v("top_bottom", "wMAP", "74.02"),
        v("bottom_n", "wMAP", "68.01"),
    ],
    pretrain: &[],
    source_p: &[],
    claims: &[
        Claim::Auc {
            text: "top-N beats bottom-N (Table II: 75.30 vs 68.01; \"The best performance is obtained selecting only the most uncertain samples (*top-N*)\")",
            better: "top_n",
            worse: "bottom_n",
            metric: "test_wmap",
        },
        Claim::Auc {
            text: "top-N beats top-N/2 + bottom-N/2 (Table II: 75.30 vs 74.02; \"The best performance is obtained selecting only the most uncertain samples (*top-N*)\")",
            better: "top_n",
            worse: "top_bottom",
            metric: "test_wmap",
        },
        Claim::Auc {
            text: "top-N beats top-third (Table II: 75.30 vs 74.79; \"The best performance is obtained selecting only the most uncertain samples (*top-N*)\")",
            better: "top_n",
            worse: "top_third",
            metric: "test_wmap",
        },
        Claim::Auc {
            text: "top-third beats top-N/2 + bottom-N/2 (Table II: 74.79 vs 74.02; \"the performance increases as the number of difficult examples in the selection increases\")",
            better: "top_third",
            worse: "top_bottom",
            metric: "test_wmap",
        },
        Claim::Auc {
            text: "top-N/2 + bottom-N/2 beats bottom-N (Table II: 74.02 vs 68.01; \"the performance increases as the number of difficult examples in the selection increases\")",
            better: "top_bottom",
            worse: "bottom_n",
            metric: "test_wmap",
        },
    ],
    differs: &[
        NVIDIA_SETUP,
        NVIDIA_INIT,
        "Informativeness: max-aggregated mutual information of the detector's class maps over a 3-model ensemble (`model.ensemble = 3`; random trains one model, as it scores nothing). The paper does not name Table II's scorer, but its top-N row (75.30) equals Table I's \"MI, Max.\" (75.30, not entropy max's 75.21), and Sec. IV-B.1 calls MI with max \"the best trade-off\"; its ensemble has 6 models.",
        "Loops: a random base set of 200 of a pool of 1,000, then 100 per round for 4 rounds (to 600 labels), 3 repeats per sampler; the paper: a random 100k of 847k images, then batches of N = 200k (twice its base set; ours is half of it) \"until the entire dataset is selected\", one run.",
        "Metric: the paper gives one wMAP per sampler and does not say after which iteration; we test the AUC of wMAP over our rounds (round 0, the shared base set, is in the window and equal for all samplers). Both sides evaluate \"a single model\" (ours: ensemble member 0).",
        NVIDIA_STATS,
    ],
    notes: &[
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
    source_p: &[],
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
            text: "AL-selected data improves car AP more than manual selection on both test sets (Table Va: +1.07 vs +0.62), though neither selection targets cars",
            test_set: "union",
            line: "car",
        },
    ],
    differs: &[
        "Data and model: procedural `scenes` (64 px, 25 % night) and a small one-stage detector (width 16, 15 epochs per model, Adam lr 3e-3, batch 32, no early stopping); the paper: a production single-shot detector, a reference model trained on its 850k-image research dataset, 2M night images shortlisted from fleet data.",
        "Sizes: a reference model on a random 600 of a pool of 3,000; the night shortlist (`query.filter`) is the pool's night images outside the base set (about a quarter of it), and each arm takes 200 of them, a large share; the paper: 19k images per arm from 2M (about 1 %). Scoring by an 8-model ensemble (as the paper's).",
        "Held-out data: each arm's selection split 90/10 three times, so each arm's test portion is about 20 images per split; table (c) evaluates on our 300-scene test set; the paper's earlier test set has 33k images.",
        "A/B design: each repeat draws its own base set, reference model and both selections (3 repeats × 3 splits); the paper made one selection per arm.",
        "Metric: per-class AP (COCO-style, averaged over IoU 0.5–0.95) improvements over the reference model; the paper's text calls its per-class improvements \"weighted mean average precision (wMAP)\".",
        NVIDIA_INIT,
        "The manual selection: the `expert` sampler emulates the paper's human experts. It picks night sequences in random order and takes contiguous runs of frames in which a person or bicycle is visible (from the ground truth); the paper's experts chose images by eye, and the paper notes that \"manual selection typically resort to selecting sub-sequences of many images within a video sequence\".",
        "Statistics: the A/B section's paired t over repeat means (3 splits as in the paper's 90/10 cross-validation), the claims corrected together (Holm over the page's claim tests); the paper reports means without a test.",
    ],
    notes: &[
        "Not tested: Table Vb's persons, where the paper finds AL and manual \"performing on par for persons and cars\" (an equivalence; the A/B claim kind tests only whether AL improves more; both values are in the A/B table), and \"both manual and active learning selection improve over the reference model\" (Table Va; the A/B table shows each arm's improvement over the reference).",
        "Not tested: the object counts (\"the number of objects selected by our active learning approach is around 12% higher\"; \"more person and bicycle objects, while fewer car and other objects\"): the A/B claim kind compares the arms' AP improvements only; the labeling-cost table shows each arm's boxes, untested.",
        "The text and Table Va disagree on persons: \"the data selected by active learning improves weighted mean average precision (wMAP) by 3.3%, while manually selected data improves only by 1.1%, which means the relative improvement by AL is 3×\", while the table prints +3.28 and +0.74 (4.4×).",
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
    source_p: &[],
    claims: &[
        Claim::Auc {
            text: "Det-Ent (sum) beats random (Table I: 75.71 vs 73.36)",
            better: "det_entropy sum",
            worse: "random",
            metric: "test_wmap",
        },
        Claim::Auc {
            text: "Det-Ent (sum) beats the best of the others, MI (max) (Sec. IV-B.1: \"Det-Ent, the method combining confidence and bounding boxes outperforms all the others\"; Table I: 75.71 vs 75.30)",
            better: "det_entropy sum",
            worse: "MI max",
            metric: "test_wmap",
        },
        Claim::Auc {
            text: "MI (max) beats random (Table I: 75.30 vs 73.36)",
            better: "MI max",
            worse: "random",
            metric: "test_wmap",
        },
        Claim::Auc {
            text: "MI aggregated by max beats MI by mean (Sec. IV-B.1: \"among functions based only on the confidence map, Entropy using average aggregation and Mutual Information using Max are the ones yielding best performance\"; Table I: 75.30 vs 74.86)",
            better: "MI max",
            worse: "MI mean",
            metric: "test_wmap",
        },
        Claim::Auc {
            text: "MI (max) beats Grad (max), the best gradient row (Sec. IV-B.1: \"among functions based only on the confidence map, Entropy using average aggregation and Mutual Information using Max are the ones yielding best performance\"; Table I: 75.30 vs 74.98)",
            better: "MI max",
            worse: "grad max",
            metric: "test_wmap",
        },
        Claim::Auc {
            text: "entropy aggregated by max beats entropy by mean (Table I: 75.21 vs 73.53; the text says the opposite, see the notes)",
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
            text: "Det-Ent (sum) buys more boxes to label than random (Table I, Sec. IV-B.1: \"the cost of labeling increases\"): random is cheaper, fewer boxes is better",
            better: "random",
            worse: "det_entropy sum",
            metric: "n_boxes",
            round: None,
        },
        Claim::Rounds {
            text: "MI (max) buys fewer boxes than Det-Ent (sum) (Sec. IV-B.1: \"Taking the labeling cost into account, MI using Max seems to provide the best trade-off\"; Table I prints no box count for MI): boxes labeled at the last round, fewer is better",
            better: "MI max",
            worse: "det_entropy sum",
            metric: "n_boxes",
            rounds: (4, 4),
        },
        Claim::Final {
            text: "MC-dropout buys fewer boxes than random (Table I: 3.10 M vs 3.70 M): fewer boxes is better",
            better: "MC-dropout",
            worse: "random",
            metric: "n_boxes",
            round: None,
        },
    ],
    differs: &[
        NVIDIA_SETUP,
        NVIDIA_INIT,
        "Scoring models: MI from a 3-model ensemble (the paper: 6) and MC-dropout from 8 dropout passes of one model (the paper: T passes, T not stated); entropy, Grad and Det-Ent score with one model here, while the paper scores every function with its ensemble (\"We use the ensemble to score the remaining training images\").",
        "Grad: the norm of one model's output-layer gradient with the predicted label as the target, per map cell, aggregated by max or mean over the map; the paper's Grad with an ensemble is \"the maximum or mean variance of the gradient vectors\".",
        "Loops: a random base set of 200 of a pool of 1,000, then 100 per round for 4 rounds (to 600 labels), 3 repeats per scorer; the paper: a random 100k of 847k images, then batches of N = 200k \"until the entire dataset is selected\", one run.",
        "Metric: the paper gives one wMAP per scorer and does not say after which iteration; we test the AUC of wMAP over our rounds (round 0, the shared base set, is in the window and equal for all scorers), evaluating one model (ensemble member 0), as the paper evaluates \"a single model\".",
        "Boxes: our `n_boxes` counts the boxes of every labeled image, the shared random base set included (the same for every scorer of a repeat), so differences between scorers are differences in the boxes their selections bought; the paper's column counts the \"bounding boxes produced by each method\".",
        NVIDIA_STATS,
    ],
    notes: &[
        "The paper's text and its table disagree on entropy's aggregation: the text (Sec. IV-B.1) says \"among functions based only on the confidence map, Entropy using average aggregation and Mutual Information using Max are the ones yielding best performance\", the table prints Entropy Max. 75.21 and Avg. 73.53. The page follows the table.",
        "The # BBoxes column is printed for random (3.70 M), MC-Dropout (3.10 M) and once more, 6.03 M, on a line of its own under MI Avg.; the page reads it as Det-Ent's by the text: \"Det-Ent is biased towards images containing large number of objects, and therefore the cost of labeling increases\".",
    ],
};
