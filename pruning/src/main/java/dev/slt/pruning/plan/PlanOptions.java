package dev.slt.pruning.plan;

import dev.slt.kernels.ConvDevice;

/**
 * How an {@link InferencePlan} is built.
 *
 * @param batch        images per forward the plan is tuned for (autotune times at this batch; forward takes any)
 * @param autotune     time every valid kernel of each layer once on its real shape and keep the fastest, instead of
 *                     choosing by the mask's structure (a ticket that runs as the compact slimmed net has nothing
 *                     to choose: each conv is its slimmed dense conv)
 * @param csrCrossover an unstructured layer runs as CSR below this weight density, else dense
 * @param compact      where every conv is channel-structured, run the slimmed net end to end (compact
 *                     activations) instead of slimmed layers on full-size activations; CPU plans only
 * @param device       where the chosen convs run: {@link ConvDevice#CPU}, or a device that gives each its twin where it
 *                     has one (the plan then runs layer by layer, never the compact slimmed net, whose layers are CPU code)
 */
public record PlanOptions(int batch, boolean autotune, double csrCrossover, boolean compact, ConvDevice device) {

    /**
     * Weight density below which CSR beats the dense conv: {@code slt bench sparse} on ResNet-20 and VGG-16
     * layer shapes (docs/kernels.md) put it at about 0.2 since the dense conv runs along output positions
     * (CSR 1.04–1.14× at 0.2, 0.80–0.91× at 0.3; it was 0.3–0.4 against the channel-vectorised dense conv).
     */
    public static final double CSR_CROSSOVER = 0.2;

    public PlanOptions {
        if (batch < 1) throw new IllegalArgumentException("plan: batch " + batch + " must be >= 1");
        if (!(csrCrossover >= 0 && csrCrossover <= 1))
            throw new IllegalArgumentException("plan: CSR crossover " + csrCrossover + " must be in [0, 1]");
        if (device == null) throw new IllegalArgumentException("plan: device must not be null (ConvDevice.CPU for the CPU)");
    }

    /** On the CPU. */
    public PlanOptions(int batch, boolean autotune, double csrCrossover, boolean compact) {
        this(batch, autotune, csrCrossover, compact, ConvDevice.CPU);
    }

    /** Structural choice, the default crossover, compact slimmed net where possible, on the CPU. */
    public static PlanOptions defaults(int batch) {
        return new PlanOptions(batch, false, CSR_CROSSOVER, true);
    }

    public PlanOptions withAutotune(boolean on) {
        return new PlanOptions(batch, on, csrCrossover, compact, device);
    }

    public PlanOptions withCompact(boolean on) {
        return new PlanOptions(batch, autotune, csrCrossover, on, device);
    }

    public PlanOptions withDevice(ConvDevice d) {
        return new PlanOptions(batch, autotune, csrCrossover, compact, d);
    }
}
