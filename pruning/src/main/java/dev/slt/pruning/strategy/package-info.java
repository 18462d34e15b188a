/** Pruning steps {@code Mask -> Mask} (IMP's global magnitude and the baselines), registered by name in {@link dev.slt.pruning.strategy.Strategies}. */
package dev.slt.pruning.strategy;
