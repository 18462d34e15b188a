package dev.slt.pruning.graph;

import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.layers.BatchNorm2d;
import dev.slt.nn.layers.Conv2d;
import dev.slt.nn.layers.Linear;
import java.util.List;

/**
 * One step of a {@link SlimNet}: a {@link Step} rewritten for the channels a ticket keeps. A stream
 * between steps holds only its live channels (in increasing original index); channels whose values do
 * not depend on the input were folded into the next consumer's bias or offset. Public so that a runner
 * of the slimmed net on prepared kernels ({@code plan.CompactNet}) can compile the steps.
 */
public sealed interface SlimStep {

    /**
     * A smaller conv. {@code gather}: which positions of the incoming live channels it reads (null:
     * all of them, in order). {@code offset}: {@code (1, C_out', H_out, W_out)} added after the conv
     * where the folded constant inputs do not give a per-channel constant (padding borders), else null.
     * A null {@code conv}: every output channel is constant.
     */
    record Conv(String name, Conv2d conv, int[] gather, Tensor offset) implements SlimStep {}

    record Norm(String name, BatchNorm2d bn) implements SlimStep {}

    record Relu() implements SlimStep {}

    record PerChannel(Module op) implements SlimStep {}

    record Flatten() implements SlimStep {}

    record Dense(String name, Linear linear) implements SlimStep {}

    /** A head that reads no live channel: its output {@code (1, out)} is the same for every input. */
    record ConstantHead(String name, Tensor value) implements SlimStep {}

    /** Option-A shortcut on live channels only: a plain stride subsample (the shift lives in {@link Residual}'s positions). */
    record Subsample(Module op) implements SlimStep {}

    /**
     * {@code out[mainPos[i]] += main[i]}, {@code out[shortcutPos[j]] += shortcut[j]}, plus {@code offset}
     * (the constant side of channels that only one side drops; null when none) over {@code width} channels.
     */
    record Residual(List<SlimStep> main, List<SlimStep> shortcut, int[] mainPos, int[] shortcutPos, Tensor offset,
                    int width) implements SlimStep {}
}
