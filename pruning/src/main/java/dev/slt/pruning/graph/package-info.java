/**
 * The channel structure of a model and what a ticket does to it: {@link dev.slt.pruning.graph.Program}
 * (the forward pass as steps), {@link dev.slt.pruning.graph.ChannelGraph} (which conv produces the
 * channels each conv consumes, residual-sum groups, the head), {@link dev.slt.pruning.graph.TicketStats}
 * (METHOD.md's weight, channel and FLOP densities) and {@link dev.slt.pruning.graph.Slimmer} (a ticket
 * exported as a physically smaller {@link dev.slt.pruning.graph.SlimNet}). Masks here are plain
 * {@code Map<String, float[]>}: conv weight name to a 0/1 array of the weight's shape.
 */
package dev.slt.pruning.graph;
