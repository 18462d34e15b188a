/**
 * Ticket inference: {@link dev.slt.pruning.plan.InferencePlan} runs a model with each conv on the kernel its
 * mask's structure suits (dense, channel-slimmed, block-sparse, CSR), and {@link dev.slt.pruning.plan.TicketTiming}
 * times it against the dense plan of the same model, per layer and end to end.
 */
package dev.slt.pruning.plan;
