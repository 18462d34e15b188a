/**
 * Structured lottery tickets, built on {@code dev.slt.nn}: the validated {@link dev.slt.pruning.Mask},
 * the {@link dev.slt.pruning.PrunableSet}, pruning strategies ({@code strategy}), structured
 * post-processors ({@code post}) and the training hooks of IMP with rewinding ({@code train}).
 * Regroup ({@code regroup}), the channel graph ({@code graph}), the lottery runner and the ticket
 * inference plan are separate pieces. See the module README for defaults and how to add a method.
 */
package dev.slt.pruning;
