package dev.slt.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** All ops together: a tiny CNN memorises one batch with plain SGD, so the rules agree with each other. */
class TrainingSmokeTest {

    @Test
    void aTinyCnnFitsOneBatch() {
        var rng = new SplittableRandom(2026);
        Tensor x = Init.normal(Shape.of(8, 2, 6, 6), 0, 1, rng);
        int[] labels = rng.ints(8, 0, 3).toArray();
        Tensor conv = Init.kaimingNormal(Shape.of(8, 2, 3, 3), Init.Fan.IN, rng).requiresGrad(true);
        Tensor depthwise = Init.kaimingNormal(Shape.of(8, 1, 3, 3), Init.Fan.IN, rng).requiresGrad(true);
        Tensor gamma = Tensor.ones(8).requiresGrad(true), beta = Tensor.zeros(8).requiresGrad(true);
        Tensor mean = Tensor.zeros(8), var = Tensor.ones(8);
        Tensor fc = Init.kaimingUniform(Shape.of(3, 8), Init.Fan.IN, rng).requiresGrad(true);
        Tensor bias = Tensor.zeros(3).requiresGrad(true);
        List<Tensor> params = List.of(conv, depthwise, gamma, beta, fc, bias);

        float first = 0, last = 0;
        for (int step = 0; step < 60; step++) {
            Tensor h = F.conv2d(x, conv, null, 1, 1, 1);
            h = F.batchNorm2d(h, gamma, beta, mean, var, true, 0.1f, 1e-5f).relu();
            h = F.conv2d(h, depthwise, null, 1, 1, 8).relu();
            h = F.maxPool2d(h, 2, 2, 0);
            h = F.dropout(h, 0.1f, true, new SplittableRandom(step));
            Tensor loss = F.crossEntropy(F.linear(F.globalAvgPool2d(h), fc, bias), labels);
            if (step == 0) first = loss.item();
            last = loss.item();
            params.forEach(Tensor::zeroGrad);
            loss.backward();
            try (var g = Grad.disabled()) {
                for (Tensor p : params) p.axpyInPlace(-0.2f, p.grad());
            }
        }
        assertTrue(last < 0.5f * first, "loss went from " + first + " to " + last);
    }
}
