package dev.slt.pruning.plan;

import dev.slt.kernels.ConvGeometry;
import dev.slt.kernels.PreparedConv;
import dev.slt.kernels.SlimConv;

/**
 * One conv of an {@link InferencePlan}: the kernel chosen for it and the dense conv it replaces, both with any
 * following batch norm folded in.
 *
 * @param weight     the conv's weight name ({@code layer1.0.conv1.weight})
 * @param geometry   the full layer at batch 1
 * @param density    the mask's weight density (1 for an unmasked conv)
 * @param denseMacs  multiply-adds of the dense layer per image
 * @param ticketMacs multiply-adds the ticket needs per image (METHOD.md, "What the reports count")
 * @param conv       the chosen kernel
 * @param dense      the dense conv on the masked weights
 * @param compact    the chosen kernel is a {@link SlimConv} reading and writing compact activations (the plan
 *                   runs the slimmed net end to end)
 */
public record PlanLayer(String weight, ConvGeometry geometry, Kernel kernel, double density, long denseMacs, long ticketMacs,
                        PreparedConv conv, PreparedConv dense, boolean compact) {

    /** Dense multiply-adds over the ticket's; infinite when the ticket needs none. */
    public double idealSpeedup() {
        return ticketMacs == 0 ? Double.POSITIVE_INFINITY : (double) denseMacs / ticketMacs;
    }

    /** Where the chosen kernel runs: {@code cpu} or a device's name ({@link PreparedConv#device()}). */
    public String device() {
        return conv.device();
    }

    /** Channels of the input {@link #runTicket} reads: the kept ones when compact, else all. */
    public int ticketInChannels() {
        return compact ? ((SlimConv) conv).keptIn().length : geometry.inC();
    }

    /** Channels of the output {@link #runTicket} writes. */
    public int ticketOutChannels() {
        return compact ? ((SlimConv) conv).keptOut().length : geometry.outC();
    }

    /** The chosen kernel alone, as the plan runs it: {@code x} (batch, ticketInChannels, H, W). */
    public void runTicket(int batch, float[] x, float[] y) {
        if (compact) ((SlimConv) conv).forward(batch, x, true, y, true);
        else conv.forward(batch, x, y);
    }

    /** "CIN→COUT KxK /S @HxW", e.g. {@code 16→32 3x3 /2 @28x28}. */
    public String shape() {
        var g = geometry;
        return g.inC() + "→" + g.outC() + " " + g.kh() + "x" + g.kw() + (g.strideH() > 1 ? " /" + g.strideH() : "")
                + " @" + g.inH() + "x" + g.inW();
    }
}
