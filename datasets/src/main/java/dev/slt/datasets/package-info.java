/**
 * Datasets, standing alone (no autograd, no engine types).
 *
 * <p>Will hold: IDX (MNIST, Fashion-MNIST) and CIFAR-10/100 binary readers, seeded train/validation/test
 * splits, augmentation (random crop, horizontal flip), per-channel normalisation, batching, and the
 * embedded {@code fashion-mnist-mini} default. Not built yet: see the "Conv nets, datasets and training" issue.
 */
package dev.slt.datasets;
