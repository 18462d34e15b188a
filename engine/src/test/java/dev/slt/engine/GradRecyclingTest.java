package dev.slt.engine;

import static dev.slt.engine.GradCheck.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Recycler}: interior gradients recycled between rules and passes, and rules that adopt their dy or
 * write a fresh parent's gradient instead of adding to zeros, must not change a single bit of any leaf's
 * gradient, however many passes reuse the same arrays. The tensors are large enough ({@link Recycler#MIN_LENGTH})
 * for the pool to take part.
 */
class GradRecyclingTest {

    @AfterEach
    void recyclingBackOn() {
        Recycler.enabled(true);
    }

    /** Two residual blocks (one summing with addRelu, one with add then relu), three passes in a row. */
    @Test
    void residualGradientsDoNotDependOnRecycling() {
        List<float[]> on = residualPasses(true), off = residualPasses(false);
        assertEquals(off.size(), on.size());
        for (int i = 0; i < on.size(); i++) assertArrayEquals(off.get(i), on.get(i), "gradient " + i);
    }

    private static List<float[]> residualPasses(boolean recycle) {
        Recycler.enabled(recycle);
        var rng = new SplittableRandom(5);
        int n = 2, c = 8, side = 16;
        Tensor x = param(rng, n, c, side, side), w1 = param(rng, c, c, 3, 3), w2 = param(rng, c, c, 3, 3),
                w3 = param(rng, c, c, 3, 3), g1 = param(rng, c), b1 = param(rng, c), g2 = param(rng, c), b2 = param(rng, c);
        Tensor probe = param(rng, n, c, side, side).detach();
        List<Tensor> leaves = List.of(x, w1, w2, w3, g1, b1, g2, b2);
        List<float[]> grads = new ArrayList<>();
        for (int pass = 0; pass < 3; pass++) {
            for (Tensor t : leaves) t.zeroGrad();
            Tensor rm = Tensor.zeros(c), rv = Tensor.zeros(c);
            Tensor h = F.batchNormRelu(F.conv2d(x, w1, null, 1, 1, 1), g1, b1, rm, rv, true, 0.1f, 1e-5f);
            Tensor block1 = F.batchNorm2d(F.conv2d(h, w2, null, 1, 1, 1), g2, b2, rm, rv, true, 0.1f, 1e-5f).addRelu(x);
            Tensor block2 = F.conv2d(block1, w3, null, 1, 1, 1).add(block1).relu();
            block2.mul(probe).sum().backward();
            for (Tensor t : leaves) grads.add(t.grad().data().clone());
        }
        return grads;
    }

    /** {@code x + x} and {@code relu(x + x)}: a parent that adopts dy and then adds it again gets twice the gradient. */
    @Test
    void aTensorSummedWithItselfGetsTwiceTheGradient() {
        var rng = new SplittableRandom(9);
        Tensor x = param(rng, 2, 4, 32, 32), probe = param(rng, 2, 4, 32, 32).detach();
        assertTrue(x.size() >= Recycler.MIN_LENGTH, "large enough to be recycled");
        for (int pass = 0; pass < 2; pass++) {
            x.zeroGrad();
            x.add(x).mul(probe).sum().backward();
            float[] g = x.grad().data();
            for (int i = 0; i < g.length; i++) assertEquals(2 * probe.data()[i], g[i], "add at " + i);
            x.zeroGrad();
            Tensor y = x.addRelu(x);
            y.mul(probe).sum().backward();
            g = x.grad().data();
            for (int i = 0; i < g.length; i++) assertEquals(y.data()[i] > 0 ? 2 * probe.data()[i] : 0f, g[i], "addRelu at " + i);
        }
    }

    /** Outside autograd, a freed intermediate's array is the next output of its length, and the tensor is unusable. */
    @Test
    void aFreedIntermediateGivesItsArrayToTheNextOutput() {
        var rng = new SplittableRandom(3);
        Tensor x = param(rng, 2, 4, 32, 32);
        try (var g = Grad.disabled()) {
            Tensor a = x.relu();
            float[] array = a.data();
            a.free();
            var e = assertThrows(IllegalStateException.class, a::data);
            assertTrue(e.getMessage().contains("freed"), e.getMessage());
            assertSame(array, x.relu().data(), "the freed array is reused");
            x.free();   // a leaf: the caller's array
            assertEquals(x.size(), x.data().length);
            Tensor b = x.relu(), view = b.reshape(8, 1024);
            view.free();   // a view of b's array
            assertEquals(b.size(), b.data().length);
            Tensor c = b.consumedBy(t -> t.reshape(8, 1024));   // the result shares b's array: b stays
            assertEquals(b.size(), b.data().length);
            assertSame(b.data(), c.data());
        }
        Tensor recorded = x.relu();
        recorded.free();   // autograd records: backward may need it
        assertEquals(recorded.size(), recorded.data().length);
    }

    /**
     * Training steps that release each step's graph ({@link Tensor#releaseGraph}), so that the next step's forward
     * writes into the last step's arrays, end with the weights of steps that do not, bit for bit; a released
     * activation cannot be read, and leaves keep their arrays.
     */
    @Test
    void releasingEachStepsGraphChangesNoWeight() {
        float[][] kept = trainSteps(false), released = trainSteps(true);
        for (int i = 0; i < kept.length; i++) assertArrayEquals(kept[i], released[i], "parameter " + i);
        var rng = new SplittableRandom(4);
        Tensor x = param(rng, 2, 4, 32, 32), w = param(rng, 4, 4, 3, 3);
        Tensor h = F.conv2d(x, w, null, 1, 1, 1), loss = h.relu().sum();
        loss.backward();
        loss.releaseGraph();
        assertThrows(IllegalStateException.class, h::data);
        assertEquals(x.size(), x.data().length);
        assertEquals(w.size(), w.data().length);
        assertEquals(w.size(), w.grad().data().length);
    }

    private static float[][] trainSteps(boolean release) {
        var rng = new SplittableRandom(21);
        int n = 4, c = 8, side = 16;
        Tensor x = param(rng, n, c, side, side).detach(), w1 = param(rng, c, c, 3, 3), w2 = param(rng, c, c, 3, 3),
                g = param(rng, c), b = param(rng, c), head = param(rng, 10, c);
        List<Tensor> params = List.of(w1, w2, g, b, head);
        int[] labels = {1, 3, 5, 7};
        for (int step = 0; step < 4; step++) {
            for (Tensor p : params) p.zeroGrad();
            Tensor rm = Tensor.zeros(c), rv = Tensor.zeros(c);
            Tensor h = F.batchNormRelu(F.conv2d(x, w1, null, 1, 1, 1), g, b, rm, rv, true, 0.1f, 1e-5f);
            Tensor y = F.conv2d(h, w2, null, 1, 1, 1).addRelu(h);
            Tensor logits = F.linear(F.globalAvgPool2d(y), head, null);
            Tensor loss = F.crossEntropy(logits, labels);
            loss.backward();
            try (var off = Grad.disabled()) {
                for (Tensor p : params) p.axpyInPlace(-0.1f, p.grad());
            }
            if (release) loss.releaseGraph();
        }
        float[][] out = new float[params.size()][];
        for (int i = 0; i < out.length; i++) out[i] = params.get(i).data().clone();
        return out;
    }
}

