/**
 * Structured lottery tickets, built on {@code dev.slt.nn}.
 *
 * <p>Will hold: the validated {@code Mask}, iterative magnitude pruning with rewinding, the refill,
 * refill+ and regroup post-processors, the baselines, the resumable lottery runner, and the inference
 * plan that dispatches each layer of a ticket to the kernel its structure allows. Not built yet: see
 * the "Pruning" and "Ticket inference" issues.
 */
package dev.slt.pruning;
