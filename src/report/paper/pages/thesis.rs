//! Pages of Allander & Nordtorp 2023, "Qualitative Data Selection with Active Learning" (Lund
//! MSc thesis), on Fashion-MNIST.

use super::{v, Claim, PaperPage, Pretrain};

/// Table 4.2–4.5: AUC per scorer and the p-value matrices.
pub const TABLE4_2: PaperPage = PaperPage {
    name: "thesis_table4_2",
    title: "Thesis Table 4.2–4.5: AUC of top-1 / top-5 / top-2 accuracy per scorer",
    source: "Allander & Nordtorp 2023 (Lund MSc thesis), Table 4.2 (AUC scaled by 10^-2) and Tables 4.3–4.5 (t-test p-values), base set 1,000 (Sec. 4.2.4, Fig. 4.30)",
    comparability: "The thesis: an ImageNet-pretrained VGG-16 fine-tuned on ImageNet-derived test sets (1,000 classes), AUC over the whole selection (0 to 100 % of the data, scaled by 10^-2); ours: a small CNN trained from scratch on Fashion-MNIST (10 classes), AUC as a mean accuracy over 1,000 → 3,000 labels. Levels are not comparable; directions and significance are. With 10 classes top-20 accuracy is always 1, so our third column is top-2 (the thesis' top-20 of 1,000 classes is 2 % of them), and the thesis' top-20 claim is checked on it.",
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
    claims: &[
        Claim::Auc {
            text: "loss descending beats random on top-5 AUC (Table 4.2, §4.2.5)",
            better: "loss",
            worse: "random",
            metric: "test_top5_accuracy",
        },
        Claim::Auc {
            text: "loss descending beats random on top-20 AUC (Table 4.2; ours: top-2)",
            better: "loss",
            worse: "random",
            metric: "test_top2_accuracy",
        },
        Claim::Auc {
            text: "random beats least confidence on top-1 AUC (Table 4.2; Table 4.3: p = 0.00)",
            better: "random",
            worse: "least_confidence",
            metric: "test_accuracy",
        },
        Claim::Auc {
            text: "entropy beats random on top-5 AUC (Table 4.2)",
            better: "entropy",
            worse: "random",
            metric: "test_top5_accuracy",
        },
    ],
};

/// Fig. 4.1–4.2: shuffling the labeled set after each selection.
pub const RESHUFFLE: PaperPage = PaperPage {
    name: "thesis_reshuffle",
    title: "Thesis Fig. 4.1–4.2: reshuffling the labeled set after selection",
    source: "Allander & Nordtorp 2023, Sec. 4.1.1, Fig. 4.1–4.2 (entropy selection appends the hardest images last; without shuffling, training ends on them)",
    comparability: "Fashion-MNIST, a small CNN from scratch; the thesis: VGG-16 pretrained on ImageNet, fine-tuned on ImageNet-derived sets of 1,000 classes. Levels differ; the direction of each effect is what we compare. The thesis' figures have no numbers; the claim is the direction.",
    paper: &[],
    pretrain: &[],
    claims: &[
        Claim::Auc {
            text: "shuffling after selection gives a lower test loss than keeping the acquisition order (Fig. 4.1–4.2)",
            better: "entropy shuffled",
            worse: "entropy in acquisition order",
            metric: "test_loss",
        },
        Claim::Auc {
            text: "shuffling after selection gives a higher top-1 accuracy than keeping the acquisition order (Sec. 4.1.1)",
            better: "entropy shuffled",
            worse: "entropy in acquisition order",
            metric: "test_accuracy",
        },
    ],
};

/// Fig. 4.3–4.5: early-stopping variants.
pub const EARLY_STOPPING: PaperPage = PaperPage {
    name: "thesis_early_stopping",
    title: "Thesis Fig. 4.3–4.5: fixed epochs, fixed steps per epoch, early stopping on validation loss or accuracy",
    source: "Allander & Nordtorp 2023, Sec. 4.1.2, Fig. 4.3 (evaluation loss), 4.4 (top-1), 4.5 (top-5); entropy selection, patience 3",
    comparability: "Fashion-MNIST, a small CNN from scratch; the thesis: VGG-16 pretrained on ImageNet, fine-tuned on ImageNet-derived sets of 1,000 classes. Levels differ; the direction of each effect is what we compare. The thesis' figures have no numbers; the claims are directions.",
    paper: &[],
    pretrain: &[],
    claims: &[
        Claim::Auc {
            text: "early stopping on validation loss gives a lower test loss than fixed epochs (Fig. 4.3)",
            better: "early stopping (val loss)",
            worse: "fixed epochs",
            metric: "test_loss",
        },
        Claim::Auc {
            text: "early stopping on validation loss gives a lower test loss than early stopping on validation accuracy (Fig. 4.3: \"early stopping on loss performs the best\")",
            better: "early stopping (val loss)",
            worse: "early stopping (val accuracy)",
            metric: "test_loss",
        },
        Claim::Auc {
            text: "early stopping beats fixed steps per epoch on top-1 accuracy (Fig. 4.4)",
            better: "early stopping (val loss)",
            worse: "fixed steps",
            metric: "test_accuracy",
        },
        Claim::Equivalent {
            text: "top-5 accuracy is mostly unaffected by the training schedule (Fig. 4.5): early stopping on loss vs fixed epochs",
            a: "early stopping (val loss)",
            b: "fixed epochs",
            metric: "test_top5_accuracy",
        },
    ],
};

/// Fig. 4.6–4.9: the selection pivot.
pub const PIVOT: PaperPage = PaperPage {
    name: "thesis_pivot",
    title: "Thesis Fig. 4.6–4.9: selection pivot 0 / 0.25 / 0.5 / 0.75 / 1 against random",
    source: "Allander & Nordtorp 2023, Sec. 4.1.3, Fig. 4.7–4.9 (entropy ranking; pivot 0 = the most uncertain, 1 = the least)",
    comparability: "Fashion-MNIST, a small CNN from scratch; the thesis: VGG-16 pretrained on ImageNet, fine-tuned on ImageNet-derived sets of 1,000 classes. Levels differ; the direction of each effect is what we compare. The thesis' figures have no numbers; the claims are directions.",
    paper: &[],
    pretrain: &[],
    claims: &[
        Claim::Auc {
            text: "pivot 0.25 gives a lower test loss than random (Fig. 4.8)",
            better: "entropy p0.25",
            worse: "random",
            metric: "test_loss",
        },
        Claim::Auc {
            text: "pivot 0.5 gives a lower test loss than random (Fig. 4.8)",
            better: "entropy p0.5",
            worse: "random",
            metric: "test_loss",
        },
        Claim::Auc {
            text: "pivot 0.25 learns faster than pivot 0 on top-1 accuracy (Fig. 4.7, 4.9)",
            better: "entropy p0.25",
            worse: "entropy p0",
            metric: "test_accuracy",
        },
        Claim::Auc {
            text: "the most uncertain images (pivot 0) teach more than the least uncertain (pivot 1) (Sec. 4.1.3: the uncertainty ranking works)",
            better: "entropy p0",
            worse: "entropy p1",
            metric: "test_accuracy",
        },
    ],
};

/// Table 4.1: how many of the first selected images are mislabeled.
pub const LABEL_NOISE: PaperPage = PaperPage {
    name: "thesis_label_noise",
    title: "Thesis Table 4.1: mislabeled images among the first selected (label noise 0.2)",
    source: "Allander & Nordtorp 2023, Sec. 4.1.3, Table 4.1 (human disagreements with the label or quality among the first 100 selected images)",
    comparability: "The thesis counts a person's disagreements with the labels of real images (label errors and quality problems) among 100 images; we flip 20 % of Fashion-MNIST's pool labels (`data.label_noise = 0.2`) and count the flipped ones among the first 100 selected, over several repeats. The fractions are not the same quantity; the ordering random < pivot 0.25 < pivot 0 is the claim.",
    paper: &[
        v("random", "disagreements", "23/100"),
        v("entropy p0", "disagreements", "39/100"),
        v("entropy p0.25", "disagreements", "29/100"),
    ],
    pretrain: &[],
    claims: &[
        Claim::Mislabeled {
            text: "entropy at pivot 0 selects more mislabeled images than random (Table 4.1: 39 vs 23 of 100)",
            more: "entropy p0",
            fewer: "random",
        },
        Claim::Mislabeled {
            text: "pivot 0.25 selects fewer mislabeled images than pivot 0 (Table 4.1: 29 vs 39 of 100)",
            more: "entropy p0",
            fewer: "entropy p0.25",
        },
    ],
};

/// Fig. 4.10–4.11: budget per round.
pub const BUDGET: PaperPage = PaperPage {
    name: "thesis_budget",
    title: "Thesis Fig. 4.10–4.11: budget per round (250, 500, 1,000, 2,000 images) at equal total labels",
    source: "Allander & Nordtorp 2023, Sec. 4.1.4, Fig. 4.10 (top-1) and 4.11 (loss); budgets up to 1,500 images per round",
    comparability: "Fashion-MNIST, a small CNN from scratch; the thesis: VGG-16 pretrained on ImageNet, fine-tuned on ImageNet-derived sets of 1,000 classes. Levels differ; the direction of each effect is what we compare. Every budget here goes from 500 to 2,500 labels; AUCs and the final comparison are taken over that common range (the rounds fall at different label counts).",
    paper: &[],
    pretrain: &[],
    claims: &[
        Claim::Equivalent {
            text: "budget 500 and budget 250 per round learn alike (Fig. 4.10–4.11: \"no major impact\")",
            a: "budget 500",
            b: "budget 250",
            metric: "test_accuracy",
        },
        Claim::Equivalent {
            text: "budget 1,000 and budget 250 per round learn alike (Fig. 4.10)",
            a: "budget 1000",
            b: "budget 250",
            metric: "test_accuracy",
        },
        Claim::Auc {
            text: "a budget beyond 1,500 images per round learns more slowly (Fig. 4.10): budget 250 beats budget 2,000",
            better: "budget 250",
            worse: "budget 2000",
            metric: "test_accuracy",
        },
    ],
};

/// Fig. 4.12–4.13: accumulate or reselect.
pub const ACCUMULATE: PaperPage = PaperPage {
    name: "thesis_accumulate",
    title: "Thesis Fig. 4.12–4.13: accumulating the labeled set vs reselecting it every round",
    source: "Allander & Nordtorp 2023, Sec. 4.1.5, Fig. 4.12 (loss, top-1) and 4.13 (top-5); entropy, random as a reference",
    comparability: "Fashion-MNIST, a small CNN from scratch; the thesis: VGG-16 pretrained on ImageNet, fine-tuned on ImageNet-derived sets of 1,000 classes. Levels differ; the direction of each effect is what we compare. The thesis' figures have no numbers; the claim is that the two do not differ.",
    paper: &[],
    pretrain: &[],
    claims: &[
        Claim::Equivalent {
            text: "accumulation on or off makes no difference on top-1 accuracy (Fig. 4.12: \"does not indicate a statistical difference\")",
            a: "entropy reselect",
            b: "entropy accumulate",
            metric: "test_accuracy",
        },
        Claim::Equivalent {
            text: "accumulation on or off makes no difference on top-5 accuracy (Fig. 4.13)",
            a: "entropy reselect",
            b: "entropy accumulate",
            metric: "test_top5_accuracy",
        },
    ],
};

/// Fig. 4.15–4.21: class diversity on a balanced and an imbalanced pool.
pub const CLASS_DIVERSITY: PaperPage = PaperPage {
    name: "thesis_class_diversity",
    title: "Thesis Fig. 4.15–4.21: class-diverse sampling on a balanced and an imbalanced pool",
    source: "Allander & Nordtorp 2023, Sec. 4.2.2, Fig. 4.15–4.18 (balanced ImageNetV2) and the mixed, imbalanced set (Fig. 4.20–4.21)",
    comparability: "Fashion-MNIST, a small CNN from scratch; the thesis: VGG-16 pretrained on ImageNet, fine-tuned on ImageNet-derived sets of 1,000 classes. Levels differ; the direction of each effect is what we compare. Our imbalanced pool has a 10:1 ratio between the most and least frequent class (`data.imbalance = 10`); the thesis' mixed set has about 5 to 80 images per class.",
    paper: &[],
    pretrain: &[],
    claims: &[
        Claim::Auc {
            text: "random beats class-diverse random sampling on a balanced pool (Fig. 4.15)",
            better: "random",
            worse: "random + class_balanced",
            metric: "test_accuracy",
        },
        Claim::Equivalent {
            text: "class diversity added to entropy makes no difference on a balanced pool (Fig. 4.17–4.18: \"no real difference\")",
            a: "entropy + class_balanced",
            b: "entropy",
            metric: "test_accuracy",
        },
        Claim::Auc {
            text: "on an imbalanced pool class-diverse random sampling beats random (Sec. 4.2.2's hypothesis for imbalanced data)",
            better: "imbalanced: random + class_balanced",
            worse: "imbalanced: random",
            metric: "test_accuracy",
        },
    ],
};

/// Fig. 4.29–4.30: the random base set.
pub const BASE_SET: PaperPage = PaperPage {
    name: "thesis_base_set",
    title: "Thesis Fig. 4.29–4.30: a random base set of 0, 500 or 1,000 images before loss selection",
    source: "Allander & Nordtorp 2023, Sec. 4.2.4, Fig. 4.29–4.30 (loss descending without and with a random base set)",
    comparability: "Fashion-MNIST, a small CNN from scratch; the thesis: VGG-16 pretrained on ImageNet, fine-tuned on ImageNet-derived sets of 1,000 classes. Levels differ; the direction of each effect is what we compare. Every configuration ends at 2,500 labels; AUCs are over the common range 1,000 → 2,500.",
    paper: &[],
    pretrain: &[],
    claims: &[
        Claim::Final {
            text: "a random base set of 1,000 images makes loss selection better than starting from none (Fig. 4.30)",
            better: "loss, base 1000",
            worse: "loss, base 0",
            metric: "test_accuracy",
            round: None,
        },
        Claim::Final {
            text: "a random base set of 500 images makes loss selection better than starting from none (Fig. 4.29)",
            better: "loss, base 500",
            worse: "loss, base 0",
            metric: "test_accuracy",
            round: None,
        },
        Claim::Auc {
            text: "a larger base set (1,000 vs 500) helps loss selection further (Sec. 4.2.4: \"a bigger base pool might be recommended\")",
            better: "loss, base 1000",
            worse: "loss, base 500",
            metric: "test_accuracy",
        },
    ],
};

/// Sec. 4.3.3 (Fig. 4.35–4.46): real-pretrained, synthetic-pretrained and untrained baselines.
pub const BASELINES: PaperPage = PaperPage {
    name: "thesis_baselines",
    title: "Thesis Fig. 4.35–4.46: the baseline matters (real-pretrained, synthetic-pretrained, untrained)",
    source: "Allander & Nordtorp 2023, Sec. 4.3.3 \"Baseline Matters\", Fig. 4.35–4.46 and the object detection summary",
    comparability: "Fashion-MNIST classification with a small CNN; the thesis: an object detector on surveillance images (evaluation loss, mAP50, AP of \"car\"), baselines pretrained for 25 epochs on about 10,000 images. Ours are pretrained on 6,000 images with early stopping (at most 15 epochs): \"real\" on Fashion-MNIST training images the experiment never uses (`data.reserve`), \"shapes\" on the synthetic `shapes` set. The thesis' Real baseline came from a related dataset (Large), ours from the same one, so ours is the stronger, in-domain case. The thesis shows curves without numbers, so no values are put beside ours; the claims are compared by direction. Its claim that a bigger domain shift makes active learning's effect smaller compares two differences and is read from the AUC table, not tested.",
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
    claims: &[
        Claim::Auc {
            text: "the baseline matters: starting from the real baseline learns better than from random weights (Sec. 4.3.3 summary; Fig. 4.37 vs 4.45), random selection in both",
            better: "real/random",
            worse: "untrained/random",
            metric: "test_accuracy",
        },
        Claim::Auc {
            text: "the synthetic baseline does not come near the real one (Fig. 4.39–4.42 vs 4.35–4.38), random selection in both",
            better: "real/random",
            worse: "shapes/random",
            metric: "test_accuracy",
        },
        Claim::Auc {
            text: "a pretrained model makes better selections: from the real baseline entropy beats random (Sec. 4.3.3 summary; Fig. 4.38)",
            better: "real/entropy",
            worse: "real/random",
            metric: "test_accuracy",
        },
        Claim::Auc {
            text: "from the synthetic baseline entropy is slightly worse than random on the loss (Fig. 4.39–4.40)",
            better: "shapes/random",
            worse: "shapes/entropy",
            metric: "test_loss",
        },
        Claim::Auc {
            text: "from the synthetic baseline loss descending reaches a much better loss than random (Fig. 4.39, first three iterations)",
            better: "shapes/loss",
            worse: "shapes/random",
            metric: "test_loss",
        },
        Claim::Equivalent {
            text: "with no prior information random selection performs rather well (Sec. 4.3.3 summary): from the untrained baseline entropy and random learn alike",
            a: "untrained/entropy",
            b: "untrained/random",
            metric: "test_accuracy",
        },
    ],
};
