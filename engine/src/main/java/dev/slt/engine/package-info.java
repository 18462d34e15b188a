/**
 * Tensors and reverse-mode autograd over {@code dev.slt.kernels}: {@code Shape}, {@code Tensor},
 * the tape, the differentiable ops and their derivative rules.
 */
package dev.slt.engine;
