/**
 * Datasets, standing alone (no autograd, no engine types): IDX (MNIST, Fashion-MNIST) and
 * CIFAR-10/100 binary readers that keep images compactly as bytes and refuse malformed files with a
 * message naming the file and the problem.
 */
package dev.slt.datasets;
