//! Pages of Allander & Nordtorp 2023, "Qualitative Data Selection with Active Learning" (Lund
//! MSc thesis), Sec. 4.2–4.3, on Fashion-MNIST: the scorers' AUC table, class diversity, the
//! base set, the baselines.

use super::common::{STATS, THESIS_DATA, THESIS_INIT, THESIS_MODEL, THESIS_TRAINING};
use super::{sp, v, Claim, PaperPage, Pretrain};

/// Table 4.2–4.5: AUC per scorer and the p-value matrices.
pub const TABLE4_2: PaperPage = PaperPage {
    name: "thesis_table4_2",
    title: "Thesis Table 4.2–4.5: AUC of top-1 / top-5 / top-2 accuracy per scorer",
    source: "Allander & Nordtorp 2023 (Lund MSc thesis), Table 4.2 (AUC scaled by 10^-2) and Tables 4.3–4.5 (t-test p-values), base set 1,000 (Sec. 4.2.4, Fig. 4.30)",
    comparability: "The thesis: an ImageNet-pretrained VGG-16 fine-tuned on ImageNet-derived test sets (1,000 classes), AUC over the whole selection (0 to 100 % of the data, scaled by 10^-2); ours: a small CNN trained from scratch on Fashion-MNIST (10 classes), AUC as a mean accuracy over 1,000 → 3,000 labels. Levels are not comparable; directions and significance are. With 10 classes top-20 accuracy is always 1, so our third column is top-2 (the thesis' top-20 of 1,000 classes is 2 % of them), and the thesis' top-20 claim is checked on it. The source's p-values (Tables 4.3–4.5, uncorrected t-tests; all ten pairs of each table) are in their own table beside ours for the same pair and metric; the thesis gives none for top-20.",
    paper: &[
        v("least_confidence", "top 1 acc", "16.60"),
        v("least_confidence", "top 5 acc", "26.98"),
        v("least_confidence", "top 20 acc", "36.59"),
        v("margin", "top 1 acc", "16.64"),
        v("margin", "top 5 acc", "26.98"),
        v("margin", "top 20 acc", "36.62"),
        v("entropy", "top 1 acc", "16.61"),
        v("entropy", "top 5 acc", "27.02"),
        v("entropy", "top 20 acc", "36.65"),
        v("loss", "top 1 acc", "16.63"),
        v("loss", "top 5 acc", "27.31"),
        v("loss", "top 20 acc", "37.62"),
        v("random", "top 1 acc", "16.70"),
        v("random", "top 5 acc", "26.76"),
        v("random", "top 20 acc", "36.19"),
    ],
    pretrain: &[],
    source_p: &[
        sp("least_confidence", "margin", "test_accuracy", "Table 4.3", "0.02"),
        sp("least_confidence", "entropy", "test_accuracy", "Table 4.3", "0.42"),
        sp("least_confidence", "loss", "test_accuracy", "Table 4.3", "0.02"),
        sp("least_confidence", "random", "test_accuracy", "Table 4.3", "0.00"),
        sp("margin", "entropy", "test_accuracy", "Table 4.3", "0.18"),
        sp("margin", "loss", "test_accuracy", "Table 4.3", "0.66"),
        sp("margin", "random", "test_accuracy", "Table 4.3", "0.05"),
        sp("entropy", "loss", "test_accuracy", "Table 4.3", "0.27"),
        sp("entropy", "random", "test_accuracy", "Table 4.3", "0.01"),
        sp("loss", "random", "test_accuracy", "Table 4.3", "0.02"),
        sp("least_confidence", "margin", "test_top5_accuracy", "Table 4.4", "0.94"),
        sp("least_confidence", "entropy", "test_top5_accuracy", "Table 4.4", "0.25"),
        sp("least_confidence", "loss", "test_top5_accuracy", "Table 4.4", "0.00"),
        sp("least_confidence", "random", "test_top5_accuracy", "Table 4.4", "0.00"),
        sp("margin", "entropy", "test_top5_accuracy", "Table 4.4", "0.28"),
        sp("margin", "loss", "test_top5_accuracy", "Table 4.4", "0.00"),
        sp("margin", "random", "test_top5_accuracy", "Table 4.4", "0.00"),
        sp("entropy", "loss", "test_top5_accuracy", "Table 4.4", "0.00"),
        sp("entropy", "random", "test_top5_accuracy", "Table 4.4", "0.00"),
        sp("loss", "random", "test_top5_accuracy", "Table 4.4", "0.00"),
        sp("least_confidence", "margin", "test_loss", "Table 4.5", "0.14"),
        sp("least_confidence", "entropy", "test_loss", "Table 4.5", "0.00"),
        sp("least_confidence", "loss", "test_loss", "Table 4.5", "0.00"),
        sp("least_confidence", "random", "test_loss", "Table 4.5", "0.00"),
        sp("margin", "entropy", "test_loss", "Table 4.5", "0.58"),
        sp("margin", "loss", "test_loss", "Table 4.5", "0.00"),
        sp("margin", "random", "test_loss", "Table 4.5", "0.07"),
        sp("entropy", "loss", "test_loss", "Table 4.5", "0.00"),
        sp("entropy", "random", "test_loss", "Table 4.5", "0.04"),
        sp("loss", "random", "test_loss", "Table 4.5", "0.00"),
    ],
    claims: &[
        Claim::Auc {
            text: "loss descending beats random on top-5 AUC (Table 4.2: 27.31 vs 26.76; Table 4.4: p = 0.00)",
            better: "loss",
            worse: "random",
            metric: "test_top5_accuracy",
        },
        Claim::Auc {
            text: "loss descending beats random on top-20 AUC (Table 4.2: 37.62 vs 36.19; ours: top-2)",
            better: "loss",
            worse: "random",
            metric: "test_top2_accuracy",
        },
        Claim::Auc {
            text: "loss descending beats the uncertainty scorers on top-5 AUC (Sec. 4.2.5: \"consistently beating the other methods except on top 1 accuracy\"): loss vs entropy (Table 4.2: 27.31 vs 27.02; Table 4.4: p = 0.00)",
            better: "loss",
            worse: "entropy",
            metric: "test_top5_accuracy",
        },
        Claim::Auc {
            text: "random beats least confidence on top-1 AUC (Table 4.2: 16.70 vs 16.60; Table 4.3: p = 0.00)",
            better: "random",
            worse: "least_confidence",
            metric: "test_accuracy",
        },
        Claim::Auc {
            text: "random beats entropy on top-1 AUC (Table 4.2: 16.70 vs 16.61; Table 4.3: p = 0.01)",
            better: "random",
            worse: "entropy",
            metric: "test_accuracy",
        },
        Claim::Auc {
            text: "entropy beats random on top-5 AUC (Table 4.2: 27.02 vs 26.76; Table 4.4: p = 0.00)",
            better: "entropy",
            worse: "random",
            metric: "test_top5_accuracy",
        },
    ],
    differs: &[
        THESIS_DATA,
        THESIS_MODEL,
        THESIS_INIT,
        "Training: Adam (lr 1e-3), batch size 64, at most 20 epochs, early stopping on validation loss with patience 3, best weights restored, every round from the same initial weights; the thesis (Sec. 4.2.3): batch size 20, patience 2, at most 1,000 epochs.",
        "Sizes: a pool of 8,000, a random base set of 1,000 (the thesis' Fig. 4.30 base set) and 500 more per round for 4 rounds, to 3,000 labels, 4 repeats; the thesis selects 500 per round through its whole pool of 6,000 and does not state its number of runs.",
        "AUC: the mean of the metric over 1,000 → 3,000 labels (trapezoid rule over the rounds, divided by the range); the thesis: the area under the curve over 0–100 % of the data, scaled by 10^-2.",
        "Top-20 of 1,000 classes is read as top-2 of our 10 (both are 2 % of the classes).",
        "Statistics: Welch's t on per-run AUCs, the claims corrected together (Holm over the page's claim tests); the thesis: \"a t-test\" on the AUC distributions, uncorrected, its kind (Student, Welch, paired) not stated.",
    ],
    notes: &[],
};

/// Fig. 4.15–4.21: class diversity on a balanced and an imbalanced pool.
pub const CLASS_DIVERSITY: PaperPage = PaperPage {
    name: "thesis_class_diversity",
    title: "Thesis Fig. 4.15–4.21: class-diverse sampling on a balanced and an imbalanced pool",
    source: "Allander & Nordtorp 2023, Sec. 4.2.2, Fig. 4.15–4.18 (balanced ImageNetV2) and the mixed, imbalanced set (Fig. 4.20–4.21)",
    comparability: "Fashion-MNIST, a small CNN from scratch; the thesis: VGG-16 pretrained on ImageNet, fine-tuned on ImageNet-derived sets of 1,000 classes. Levels differ; the direction of each effect is what we compare. Our imbalanced pool has a 10:1 ratio between the most and least frequent class (`data.imbalance = 10`); the thesis' mixed set has about 5 to 80 images per class.",
    paper: &[],
    pretrain: &[],
    source_p: &[],
    claims: &[
        Claim::Auc {
            text: "random beats class-diverse random sampling on a balanced pool (Fig. 4.15: \"Random outperforms diversity sampling\")",
            better: "random",
            worse: "random + class_balanced",
            metric: "test_accuracy",
        },
        Claim::Equivalent {
            text: "class diversity added to entropy makes no difference on a balanced pool (Fig. 4.17–4.18: \"No real difference can be observed\"), within ±0.01 accuracy AUC (the smallest effect of interest declared in the spec)",
            a: "entropy + class_balanced",
            b: "entropy",
            metric: "test_accuracy",
            margin: None,
        },
        Claim::Auc {
            text: "on an imbalanced pool random without class diversity is still preferable (Sec. 4.2.2, Fig. 4.21: \"Once again, using the selection method without diversity sampling applied afterward seems preferable, for both random and entropy selection\")",
            better: "imbalanced: random",
            worse: "imbalanced: random + class_balanced",
            metric: "test_accuracy",
        },
    ],
    differs: &[
        THESIS_DATA,
        THESIS_MODEL,
        THESIS_INIT,
        THESIS_TRAINING,
        "Class diversity: at most ceil(N / classes) picks per predicted class; the thesis \"slightly modif[ies] the priority order to be more class-representative\".",
        "Imbalance: a 10:1 ratio between the most and the least frequent class of our pool; the thesis' mixed set: \"Most classes now only have about 5 images, while certain classes have more than 80\". Only random sampling runs on the imbalanced pool (Fig. 4.21); the entropy pair on it (Fig. 4.23–4.24) is not reproduced.",
        STATS,
    ],
    notes: &[
        "The hypothesis and the finding are the thesis' two sentences: the hypothesis (Sec. 4.2.2) \"A more diverse dataset may be required to see the possible effect of diversity sampling\"; the finding on the imbalanced set: \"Even on an unbalanced dataset like ours, slightly modifying the priority order to be more class-representative does not appear to significantly improve training.\" The page tests the finding.",
    ],
};

/// Fig. 4.29–4.30: the random base set.
pub const BASE_SET: PaperPage = PaperPage {
    name: "thesis_base_set",
    title: "Thesis Fig. 4.29–4.30: a random base set of 0, 500 or 1,000 images before loss selection",
    source: "Allander & Nordtorp 2023, Sec. 4.2.4, Fig. 4.29–4.30 (loss descending without and with a random base set)",
    comparability: "Fashion-MNIST, a small CNN from scratch; the thesis: VGG-16 pretrained on ImageNet, fine-tuned on ImageNet-derived sets of 1,000 classes. Levels differ; the direction of each effect is what we compare. Every configuration ends at 2,500 labels; AUCs are over the common range 1,000 → 2,500, and the base-set claims are tested at the first numbers of labels both configurations have, the thesis' \"beginning\" (the later ones are in the tables, not tested).",
    paper: &[],
    pretrain: &[],
    source_p: &[],
    claims: &[
        Claim::AtLabels {
            text: "a random base set of 1,000 images makes loss selection better than starting from none in the beginning (Fig. 4.30; Sec. 4.2.4: \"loss descending seems to struggle in the beginning\"), at the first count both have (1,000 labels)",
            better: "loss, base 1000",
            worse: "loss, base 0",
            metric: "test_accuracy",
            labels: &[1000],
        },
        Claim::AtLabels {
            text: "a random base set of 500 images makes loss selection better than starting from none in the first loops (Fig. 4.29: \"a much more reasonable active learning curve for loss selection\"), at the first two counts both have (500 and 1,000 labels)",
            better: "loss, base 500",
            worse: "loss, base 0",
            metric: "test_accuracy",
            labels: &[500, 1000],
        },
        Claim::AtLabels {
            text: "a larger base set (1,000 vs 500) helps loss selection further, at every budget both have (1,000 to 2,500 labels): our reading of the thesis' hedged recommendation (Sec. 4.2.4: \"There is still a slight dip downward, so given a larger dataset, a bigger base pool might be recommended.\"), not a finding it reports",
            better: "loss, base 1000",
            worse: "loss, base 500",
            metric: "test_accuracy",
            labels: &[1000, 1500, 2000, 2500],
        },
    ],
    differs: &[
        THESIS_DATA,
        THESIS_MODEL,
        THESIS_INIT,
        THESIS_TRAINING,
        "Sizes: a pool of 4,000, 500 labels per round, every configuration to 2,500 labels; the thesis: its mixed set (6,000 training images) for Fig. 4.29, budget 500, through the whole pool; Fig. 4.30 does not name its dataset.",
        "The cold start: without a base set our first 500 labels are chosen by an untrained network (round 0 at about 0.11 accuracy), whose loss ranking falls on a few classes (in one repeat 250 images of class 0, 248 of class 6 and 2 of class 2), hence about 0.13 accuracy at 500 labels. The thesis' first picks came from an ImageNet-pretrained VGG-16, and it explains the struggle otherwise: the picks \"seem to not be representative of their respective validation data, hence the early stopping\". Our base-0 collapse is a cold-start artefact, not the thesis' mechanism.",
        "Loss descending is an oracle in both: the loss against the revealed label.",
        STATS,
    ],
    notes: &[
        "Not tested: the dip the thesis reports after the base set (quoted below, and for Fig. 4.30 \"There is still a slight dip downward\"): no claim kind here compares one configuration with itself across rounds; the per-round table shows it (base 500: top-1 at 500 and at 1,000 labels).",
        "The thesis on the 500-image base set (Sec. 4.2.4): \"Looking at the top 1 accuracy in Figure 4.29 (bottom right) we still see a dip in accuracy after the base data set, at 1000 selected images. This may indicate that a larger base data set may be required\".",
    ],
};

/// Sec. 4.3.3 (Fig. 4.35–4.46): real-pretrained, synthetic-pretrained and untrained baselines.
pub const BASELINES: PaperPage = PaperPage {
    name: "thesis_baselines",
    title: "Thesis Fig. 4.35–4.46: the baseline matters (real-pretrained, synthetic-pretrained, untrained)",
    source: "Allander & Nordtorp 2023, Sec. 4.3.3 \"Baseline Matters\", Fig. 4.35–4.46 and the object detection summary",
    comparability: "Fashion-MNIST classification with a small CNN; the thesis: an object detector tuned and tested on the Surveillance dataset (evaluation loss, mAP50, AP of \"car\"), baselines pretrained for 25 epochs on about 10,000 images. Ours are pretrained on 6,000 images with early stopping (at most 15 epochs): \"real\" on Fashion-MNIST training images the experiment never uses (`data.reserve`), \"shapes\" on the synthetic `shapes` set. The thesis' Real baseline came from a related dataset (Large), ours from the same one, so ours is the stronger, in-domain case. The thesis shows curves without numbers, so no values are put beside ours; the claims are compared by direction. Its claim that a bigger domain shift makes active learning's effect smaller compares two differences and is read from the AUC table, not tested.",
    paper: &[],
    pretrain: &[
        Pretrain {
            spec: "experiments/paper/thesis_baselines.toml",
            reserved: true,
            out: "results/weights/thesis_baselines_real.bpk",
        },
        Pretrain {
            spec: "experiments/paper/pretrain/thesis_baselines_shapes.toml",
            reserved: false,
            out: "results/weights/thesis_baselines_shapes.bpk",
        },
    ],
    source_p: &[],
    claims: &[
        Claim::Auc {
            text: "the baseline matters: starting from the real baseline learns better than from random weights (Sec. 4.3.3 summary: \"the previous training of the baseline does matter\"; Fig. 4.37 vs 4.45), random selection in both",
            better: "real/random",
            worse: "untrained/random",
            metric: "test_accuracy",
        },
        Claim::Auc {
            text: "the synthetic baseline does not come near the real one (Sec. 4.3.3: \"the results in Figures 4.39, 4.40 and 4.42 do not come near in achieving the same scores when comparing to the Real baseline\"; Fig. 4.41's mAP reaches about the same in the end), random selection in both",
            better: "real/random",
            worse: "shapes/random",
            metric: "test_accuracy",
        },
        Claim::Auc {
            text: "a pretrained model makes better selections: from the real baseline entropy beats random (Sec. 4.3.3 summary: \"a pre-trained model will produce better selections\"; Fig. 4.38)",
            better: "real/entropy",
            worse: "real/random",
            metric: "test_accuracy",
        },
        Claim::Auc {
            text: "from the synthetic baseline entropy is slightly worse than random on the loss (Fig. 4.39–4.40: \"entropy performs slightly worse than random in general\")",
            better: "shapes/random",
            worse: "shapes/entropy",
            metric: "test_loss",
        },
        Claim::Rounds {
            text: "from the synthetic baseline loss descending reaches a much better loss than random in the first three iterations (Fig. 4.39: \"loss descending has a much better evaluation loss for the first three iterations\"): test loss over rounds 1–3",
            better: "shapes/loss",
            worse: "shapes/random",
            metric: "test_loss",
            rounds: (1, 3),
        },
        Claim::Equivalent {
            text: "with no prior information random selection performs rather well (Sec. 4.3.3 summary), while the text on Fig. 4.43 finds \"the entropy average seems to perform slightly better than random\" and \"we cannot draw a real conclusion\": from the untrained baseline entropy and random learn alike, within ±0.01 accuracy AUC (the smallest effect of interest declared in the spec)",
            a: "untrained/entropy",
            b: "untrained/random",
            metric: "test_accuracy",
            margin: None,
        },
    ],
    differs: &[
        "Task: Fashion-MNIST classification with a small CNN; the thesis: object detection with an SSD (8 classes and background), selection, tuning and testing on its Surveillance dataset.",
        "Baselines: \"real\" pretrained on 6,000 Fashion-MNIST training images the runs never use, \"shapes\" on 6,000 synthetic `shapes` images, both with early stopping (at most 15 epochs); the thesis: \"Real\" on about 10,000 images of its Large dataset and \"Synthetic\" on about 10,000 rendered city images, 25 epochs each.",
        THESIS_INIT,
        "Training: Adam (lr 1e-3), batch size 64, at most 15 epochs, early stopping on validation loss (patience 3), every round restarting from its baseline; the thesis: batch size 20, budget 1,000, patience 3, at most 100 epochs (Sec. 4.3.2).",
        "Sizes: a pool of 3,000, a random base set of 300 and 300 more per round for 4 rounds; the thesis selects 1,000 per iteration.",
        "Metrics: top-1 accuracy and test loss; the thesis: evaluation loss, class prediction loss, mAP and AP of \"car\".",
        STATS,
    ],
    notes: &[
        "The thesis' summary (Sec. 4.3.3) says \"With no prior information, that is the untrained model, the random selection performs rather well\"; its text on the untrained figures says \"all selection methods are rather close to each other, meaning we cannot draw a real conclusion from this graph, but the entropy average seems to perform slightly better than random\". The page tests neither as a win for random: it tests that the two learn alike.",
        "The thesis' Real baseline: \"This baseline is trained on about 10000 images from the Large dataset for 25 epochs\" (not on surveillance images); all baselines were then tuned and tested on the Surveillance dataset.",
    ],
};
