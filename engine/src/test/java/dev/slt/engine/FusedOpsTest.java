package dev.slt.engine;

import static dev.slt.engine.GradCheck.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Fused ops against the pairs they replace, which are grad-checked in {@link NormGradTest} and
 * {@link ElementwiseGradTest}: {@link F#batchNormRelu} against {@code batchNorm2d(...).relu()} (output and
 * running statistics bit for bit, gradients of x, gamma and beta within float rounding),
 * {@link Ops#addRelu} against {@code add(...).relu()} (bit for bit), and the inference op {@link F#conv2dBatchNorm}
 * against conv2d, eval-mode batch norm, add and ReLU (bit for bit).
 */
class FusedOpsTest {

    @Property(tries = 40, seed = "37")
    void convBatchNormEqualsTheSeparateOpsAtInference(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        var rng = new SplittableRandom(seed);
        int n = 1 + rng.nextInt(3), ci = 1 + rng.nextInt(20), co = 1 + rng.nextInt(20), side = 4 + rng.nextInt(13);
        int k = rng.nextBoolean() ? 3 : 1, stride = 1 + rng.nextInt(2), pad = k / 2;
        boolean withBias = rng.nextBoolean(), withResidual = rng.nextBoolean(), relu = rng.nextBoolean();
        Tensor x = param(rng, n, ci, side, side).detach(), w = param(rng, co, ci, k, k).detach();
        Tensor bias = withBias ? param(rng, co).detach() : null;
        Tensor gamma = param(rng, co).detach(), beta = param(rng, co).detach(), mean = param(rng, co).detach();
        Tensor var = Tensor.ones(co);
        for (int i = 0; i < co; i++) var.data()[i] = 0.25f + (float) rng.nextDouble();
        int out = (side + 2 * pad - k) / stride + 1;
        Tensor residual = withResidual ? param(rng, n, co, out, out).detach() : null;
        try (var g = Grad.disabled()) {
            Tensor h = F.batchNorm2d(F.conv2d(x, w, bias, stride, pad, 1), gamma, beta, mean, var, false, 0.1f, 1e-5f);
            if (residual != null) h = h.add(residual);
            if (relu) h = h.relu();
            Tensor fused = F.conv2dBatchNorm(x, w, bias, stride, pad, 1, gamma, beta, mean, var, 1e-5f, residual, relu);
            assertArrayEquals(h.data(), fused.data(), "conv " + w.shape() + " on " + x.shape() + " stride " + stride);
            assertEquals(h.shape(), fused.shape());
        }
    }

    @org.junit.jupiter.api.Test
    void convBatchNormIsForInferenceOnlyAndChecksItsShapes() {
        var rng = new SplittableRandom(1);
        Tensor x = param(rng, 2, 3, 6, 6), w = param(rng, 4, 3, 3, 3), ones = Tensor.ones(4), zeros = Tensor.zeros(4);
        var e = assertThrows(IllegalStateException.class,
                () -> F.conv2dBatchNorm(x, w, null, 1, 1, 1, ones, zeros, zeros, ones, 1e-5f, null, true));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("inference only"), e.getMessage());
        try (var g = Grad.disabled()) {
            assertThrows(IllegalArgumentException.class,
                    () -> F.conv2dBatchNorm(x, w, null, 1, 1, 1, Tensor.ones(3), zeros, zeros, ones, 1e-5f, null, true));
            assertThrows(IllegalArgumentException.class,
                    () -> F.conv2dBatchNorm(x, w, null, 1, 1, 1, ones, zeros, zeros, ones, 1e-5f, Tensor.zeros(2, 4, 5, 5), true));
            assertThrows(IllegalArgumentException.class,
                    () -> F.conv2dBatchNorm(x, w, null, 1, 1, 1, ones, zeros, null, ones, 1e-5f, null, true));
        }
    }

    @Property(tries = 30, seed = "36")
    void addReluEqualsAddThenRelu(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        var rng = new SplittableRandom(seed);
        int n = 1 + rng.nextInt(4), c = 1 + rng.nextInt(4), hw = 1 + rng.nextInt(40);
        Tensor a = param(rng, n, c, hw), b = param(rng, n, c, hw), probe = param(rng, n, c, hw).detach();
        Tensor[][] grads = new Tensor[2][];
        for (int fused = 0; fused < 2; fused++) {
            Tensor x = a.detach().requiresGrad(true), y = b.detach().requiresGrad(true);
            Tensor out = fused == 1 ? x.addRelu(y) : x.add(y).relu();
            out.mul(probe).sum().backward();
            grads[fused] = new Tensor[] {out, x.grad(), y.grad()};
        }
        for (int k = 0; k < 3; k++) assertArrayEquals(grads[0][k].data(), grads[1][k].data(), "output and gradients " + k);
        assertThrows(IllegalArgumentException.class, () -> a.addRelu(param(rng, n, c, hw + 1)));
    }

    @Property(tries = 40, seed = "35")
    void fusedEqualsBatchNormThenRelu(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        var rng = new SplittableRandom(seed);
        int n = 1 + rng.nextInt(4), c = 1 + rng.nextInt(4), h = 1 + rng.nextInt(5), w = 2 + rng.nextInt(20);
        boolean training = rng.nextInt(4) != 0;
        Tensor x = param(rng, n, c, h, w), gamma = param(rng, c), beta = param(rng, c), probe = param(rng, n, c, h, w);
        Tensor[] fused = run(x, gamma, beta, probe, training, true), pair = run(x, gamma, beta, probe, training, false);
        assertArrayEquals(pair[0].data(), fused[0].data(), "output");
        assertArrayEquals(pair[1].data(), fused[1].data(), "running mean");
        assertArrayEquals(pair[2].data(), fused[2].data(), "running var");
        boolean someZero = false;
        for (float v : fused[0].data()) someZero |= v == 0f;
        for (int k = 3; k < 6; k++) {
            float[] a = pair[k].data(), b = fused[k].data();
            for (int i = 0; i < a.length; i++)
                assertEquals(a[i], b[i], 1e-5f * (1 + Math.abs(a[i])), "gradient " + k + " at " + i + " (some output clipped: " + someZero + ")");
        }
    }

    /** out, running mean, running var, dx, dgamma, dbeta for loss Σ probe·out. */
    private static Tensor[] run(Tensor x0, Tensor g0, Tensor b0, Tensor probe, boolean training, boolean fused) {
        Tensor x = x0.detach().requiresGrad(true), g = g0.detach().requiresGrad(true), b = b0.detach().requiresGrad(true);
        int c = g.size();
        Tensor mean = Tensor.zeros(c), var = Tensor.ones(c);
        if (!training) {
            for (int i = 0; i < c; i++) {
                mean.data()[i] = 0.1f * i;
                var.data()[i] = 0.5f + i;
            }
        }
        Tensor out = fused ? F.batchNormRelu(x, g, b, mean, var, training, 0.1f, 1e-5f)
                : F.batchNorm2d(x, g, b, mean, var, training, 0.1f, 1e-5f).relu();
        out.mul(probe.detach()).sum().backward();
        return new Tensor[] {out, mean, var, x.grad(), g.grad(), b.grad()};
    }
}
