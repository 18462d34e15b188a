/**
 * Regroup (METHOD.md, Algorithm 3): group-wise (block) structure for one layer's mask, as pure array
 * code. Entry point {@link dev.slt.pruning.regroup.Regroup#apply}; the partitioner
 * ({@link dev.slt.pruning.regroup.Partitioner}, recursive bisection with Fiduccia–Mattheyses
 * refinement, standing in for hMETIS) and the {@link dev.slt.pruning.regroup.Hypergraph} are public
 * so they can be tested and reused.
 */
package dev.slt.pruning.regroup;
