package dev.slt.pruning.post;

import java.util.List;

/**
 * What post-processing did to one layer (rows = output channels, cols = entries per channel).
 *
 * @param densityBefore density of the IMP mask
 * @param densityAfter density of the structured mask (may differ either way: METHOD.md)
 * @param channelsBefore output channels with any kept entry in the IMP mask
 * @param keptChannels output channels with any kept entry in the structured mask
 * @param blocks regroup's blocks (empty for the other post-processors)
 * @param keptUnstructured the layer kept its unstructured IMP mask (no structure found, or {@code none})
 */
public record LayerReport(String layer, int rows, int cols, double densityBefore, double densityAfter,
                          int channelsBefore, int keptChannels, List<Block> blocks, boolean keptUnstructured) {

    public LayerReport {
        blocks = List.copyOf(blocks);
    }
}
