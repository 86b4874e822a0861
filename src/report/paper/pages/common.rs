//! Protocol differences shared by several pages, stated once (each page lists them in its
//! "differs from the source" section).

/// The thesis' classification data against ours.
pub(super) const THESIS_DATA: &str = "Data: Fashion-MNIST (10 classes, 28 × 28 grey images, a pool of 2,000 to 8,000 images depending on the page); the thesis: ImageNet-derived sets of 1,000 classes (ImageNetV2, a mix with ImageNet-R and -A; 6,000 training, 2,000 validation and 2,000 test images each, Sec. 4.2.1).";

/// The thesis' classifier against ours.
pub(super) const THESIS_MODEL: &str = "Model: a small CNN trained from scratch every round; the thesis: VGG-16 pretrained on ImageNet and fine-tuned.";

/// Initialisation on the thesis' pages: the source's framework's default.
pub(super) const THESIS_INIT: &str = "Initialisation: `model.init_scheme = \"keras\"` (Keras' `Dense` / `Conv2D` defaults: Glorot-uniform weights, zero biases), the thesis' framework (its pseudo-code calls `tensorflow.argsort`); the thesis fine-tuned an ImageNet-pretrained VGG-16, so only the layers it replaced, if any (the thesis does not say), started from that default. The scheme of the runs is stated above (from the manifest). albench's own default (He-uniform weights, zero biases) is not used here: with it, albench reached accuracies 4–5 points higher than an independent PyTorch implementation (PyTorch's defaults) of a Fashion-MNIST protocol, which trained about twice as many epochs (the direction of margin vs random agreed).";

/// Initialisation on the NVIDIA paper's pages: framework not stated.
pub(super) const NVIDIA_INIT: &str = "Initialisation: framework not stated (the paper names none), so albench's default `model.init_scheme = \"he_uniform\"` (He-uniform weights, zero biases) is kept; the scheme of the runs is stated above (from the manifest).";

/// Initialisation on the GTC talk's pages: framework not stated.
pub(super) const GTC_INIT: &str = "Initialisation: framework not stated (the slides reproduced here name none; only the talk's Bayesian slides name TensorFlow Probability), so albench's default `model.init_scheme = \"he_uniform\"` (He-uniform weights, zero biases) is kept; the scheme of the runs is stated above (from the manifest).";

/// Batch size and the optimiser.
pub(super) const THESIS_TRAINING: &str = "Training: Adam (lr 1e-3), batch size 64, at most 15 epochs, early stopping on validation loss with patience 3 and the best weights restored; the thesis: batch size 20 in Sec. 4.2.3 and 4.3.2 (not stated for Sec. 4.1), early stopping on validation loss with patience 3 in the Sec. 4.1.2 test and patience 2 with at most 1,000 epochs in Sec. 4.2.3 (not stated for the other Sec. 4.1 tests).";

/// Repeats and the test.
pub(super) const STATS: &str = "Statistics: every claim is tested (Welch's t on per-run AUCs unless the claim says otherwise) and corrected once over the page's claim tests (Holm); the thesis reads its figures by eye, except Tables 4.3–4.5 (uncorrected t-test p-values).";

/// The NVIDIA paper's detector and data against ours.
pub(super) const NVIDIA_SETUP: &str = "Data and model: procedural `scenes` (64 px, 25 % night, a pool of 1,000) and a small one-stage detector (width 16) trained from scratch for 12 epochs per round (Adam, lr 3e-3, batch 32, no early stopping); the paper: one-stage detectors with a UNet backbone, on an internal set of 847k training and 33k test road images, scored by 6-model ensembles; our test set is 300 scenes.";

/// The GTC talk's setting against ours.
pub(super) const GTC_SETUP: &str = "Data and model: Fashion-MNIST (validation 1,000 and test 3,000 images) and a small CNN trained from scratch (width 16, dropout 0.25, Adam lr 1e-3, batch 64, at most 15 epochs, early stopping on validation loss with patience 3 and the best weights restored); the talk's \"Datasets: Classification\" slide names MNIST (60K train, 10K test) and ImageNet 1K, and only the later slides are captioned \"Classification on ImageNet\", so these curves are probably MNIST's; the slides name no model, training or optimiser.";

/// Statistics on the NVIDIA paper's pages: one value per method in the source.
pub(super) const NVIDIA_STATS: &str = "Statistics: every claim is tested (Welch's t on per-run AUCs unless the claim says otherwise) and corrected once over the page's claim tests (Holm); the paper reports one value per method from one run, without a test.";
