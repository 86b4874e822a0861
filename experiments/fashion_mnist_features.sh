#!/bin/sh
# Regenerate reports/fashion_mnist_features from nothing, from the repository root:
# 1. pretrain the CNN backbone on the 5,000 reserved Fashion-MNIST training images,
# 2. embed every other training image and the test images (128 features each),
# 3. run the active-learning experiment on the features (linear head),
# 4. write the report.
# ALBENCH (default: albench on PATH) names the binary; `time` measures each step.
set -eu
ALBENCH=${ALBENCH:-albench}
BACKBONE=experiments/fashion_mnist_features_backbone.toml
mkdir -p results
time "$ALBENCH" pretrain "$BACKBONE" --reserved --out results/fashion_mnist_backbone.bpk
rm -rf results/fashion_mnist_features_vecs
time "$ALBENCH" embed "$BACKBONE" --weights results/fashion_mnist_backbone.bpk \
    --out results/fashion_mnist_features_vecs
time "$ALBENCH" run experiments/fashion_mnist_features.toml --jobs 2 --quiet --no-report \
    --out results/fashion_mnist_features
time "$ALBENCH" report results/fashion_mnist_features --out reports/fashion_mnist_features
