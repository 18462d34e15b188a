package dev.slt.nn.layers;

/** How a residual block matches the identity path when its shape changes (He et al. 2016, §4.2). */
public enum Shortcut {
    /** Option A: subsample by the stride and zero-pad the new channels; no parameters. */
    A,
    /** Option B: a 1x1 conv (with the stride) + batch norm projection. */
    B
}
