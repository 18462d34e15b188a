/**
 * Neural-network building blocks on {@code dev.slt.engine}: {@link dev.slt.nn.Module} (named
 * parameters and buffers in PyTorch's order, state dicts, train/eval, the prunable conv weights)
 * and {@link dev.slt.nn.Sequential}. Sub-packages: {@code layers} (convolution, batch norm, linear,
 * pooling, dropout, residual and depthwise-separable blocks), {@code models} (the paper's nets by
 * name in {@code Models}), {@code optim} (SGD with momentum, LR schedules).
 */
package dev.slt.nn;
