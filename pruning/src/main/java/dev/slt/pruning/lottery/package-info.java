/**
 * The lottery runner (METHOD.md, IMP with rewinding): dense training with a rewind point, then per round
 * prune, post-process, retrain from θ_rw and evaluate, for IMP, refill, refill+, regroup and the
 * baselines; every phase resumable and written atomically. {@link dev.slt.pruning.lottery.Ticket#load}
 * reads a round's ticket back.
 */
package dev.slt.pruning.lottery;
