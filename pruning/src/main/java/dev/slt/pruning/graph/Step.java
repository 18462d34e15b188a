package dev.slt.pruning.graph;

import dev.slt.nn.Module;
import dev.slt.nn.layers.BatchNorm2d;
import dev.slt.nn.layers.Conv2d;
import dev.slt.nn.layers.Linear;
import dev.slt.nn.layers.PadShortcut;
import java.util.List;

/**
 * One step of a model's forward pass as the channel analysis sees it. {@link Program#of} writes a
 * model as a list of steps; names are dotted module names as in the state dict ({@code layer1.0.conv1}).
 */
public sealed interface Step {

    /** A convolution; its weight is {@code name + ".weight"} in the state dict and in masks. */
    record Conv(String name, Conv2d conv) implements Step {}

    /** Batch norm: one affine map per channel. */
    record Norm(String name, BatchNorm2d bn) implements Step {}

    /** {@code max(x, 0)}, written out even where the model's forward applies it inline. */
    record Relu() implements Step {}

    /**
     * A parameter-free op that keeps channel {@code c} in channel {@code c} (max/avg pools, global
     * average pool, dropout); run through the module's own forward.
     */
    record PerChannel(String name, Module op) implements Step {}

    /** {@code (N, C, H, W) -> (N, C*H*W)}: channel c becomes the H*W columns starting at {@code c*H*W}. */
    record Flatten() implements Step {}

    /** A linear layer; the first one after the convs consumes the final channels. */
    record Dense(String name, Linear linear) implements Step {}

    /** {@code main(x) + shortcut(x)}; an empty shortcut is the identity. */
    record Residual(String name, List<Step> main, List<Step> shortcut) implements Step {}

    /** Option-A shortcut: stride subsampling and {@code pad()} zero channels on each side. */
    record Pad(String name, PadShortcut shortcut) implements Step {}
}
