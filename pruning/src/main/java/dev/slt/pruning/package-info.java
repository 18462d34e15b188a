/**
 * Structured lottery tickets, built on {@code dev.slt.nn}: the validated {@link dev.slt.pruning.Mask},
 * the pruning strategies ({@code strategy}), the refill / refill+ / regroup post-processors ({@code post},
 * {@code regroup}), mask enforcement and rewinding during training ({@code train}), the channel graph,
 * ticket accounting and channel slimming ({@code graph}), the resumable lottery runner ({@code lottery})
 * and the inference plan that runs each layer of a ticket on the kernel its structure allows
 * ({@code plan}). The guide is {@code pruning/README.md}.
 */
package dev.slt.pruning;
