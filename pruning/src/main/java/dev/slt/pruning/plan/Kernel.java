package dev.slt.pruning.plan;

import java.util.Locale;

/** The conv kernels an {@link InferencePlan} dispatches a layer to. */
public enum Kernel {
    /** The dense conv on the masked weights (also grouped convs, which only it runs). */
    DENSE,
    /** A smaller dense conv on the kept output channels and live input channels. */
    SLIMMED,
    /** Group-wise block-sparse: a list of (row set × column set) dense blocks. */
    BLOCK_SPARSE,
    /** Unstructured compressed sparse rows. */
    CSR;

    /** Lower-case name with a dash, as printed: {@code dense}, {@code slimmed}, {@code block-sparse}, {@code csr}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
