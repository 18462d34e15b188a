package dev.slt.engine;

import static dev.slt.engine.GradCheck.check;
import static dev.slt.engine.GradCheck.distinct;
import static dev.slt.engine.GradCheck.param;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Gradient checks of conv2d (dense and depthwise, stride, padding, bias) and the pools. */
class ConvPoolGradTest {

    @Property(tries = 30, seed = "21")
    void conv2d(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        var rng = new SplittableRandom(seed);
        boolean depthwise = rng.nextInt(3) == 0, hasBias = rng.nextBoolean();
        int n = 1 + rng.nextInt(2), inC = 1 + rng.nextInt(3), outC = depthwise ? inC : 1 + rng.nextInt(3);
        int groups = depthwise ? inC : 1;
        int k = 1 + rng.nextInt(3), stride = 1 + rng.nextInt(2), pad = rng.nextInt(2);
        int h = k + rng.nextInt(4), w = k + rng.nextInt(4);
        Tensor x = param(rng, n, inC, h, w), wt = param(rng, outC, inC / groups, k, k);
        Tensor[] in = hasBias ? new Tensor[] {x, wt, param(rng, outC)} : new Tensor[] {x, wt};
        check("conv2d", seed, in, t -> F.conv2d(t[0], t[1], hasBias ? t[2] : null, stride, pad, groups),
                v -> Reference.conv2d(v[0], v[1], hasBias ? v[2] : null, n, inC, h, w, outC, k, k, stride, pad, groups));
    }

    @Property(tries = 30, seed = "22")
    void pools(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        var rng = new SplittableRandom(seed);
        int n = 1 + rng.nextInt(2), c = 1 + rng.nextInt(3), k = 1 + rng.nextInt(3), stride = 1 + rng.nextInt(2);
        int pad = rng.nextInt(k / 2 + 1), h = k + rng.nextInt(4), w = k + rng.nextInt(4);
        check("maxPool2d", seed, new Tensor[] {distinct(rng, n, c, h, w)}, t -> F.maxPool2d(t[0], k, stride, pad),
                v -> Reference.pool(v[0], n * c, h, w, k, stride, pad, true));
        check("avgPool2d", seed, new Tensor[] {param(rng, n, c, h, w)}, t -> F.avgPool2d(t[0], k, stride, pad),
                v -> Reference.pool(v[0], n * c, h, w, k, stride, pad, false));
        check("globalAvgPool2d", seed, new Tensor[] {param(rng, n, c, h, w)}, t -> F.globalAvgPool2d(t[0]),
                v -> {
                    double[] y = new double[n * c];
                    for (int i = 0; i < v[0].length; i++) y[i / (h * w)] += v[0][i] / (h * w);
                    return y;
                });
    }

    @Property(tries = 20, seed = "23")
    void subsamplePad(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        var rng = new SplittableRandom(seed);
        int n = 1 + rng.nextInt(2), c = 1 + rng.nextInt(3), h = 1 + rng.nextInt(5), w = 1 + rng.nextInt(5);
        int stride = 1 + rng.nextInt(2), before = rng.nextInt(3), after = rng.nextInt(3), outC = before + c + after;
        int oh = (h - 1) / stride + 1, ow = (w - 1) / stride + 1;
        check("subsamplePad", seed, new Tensor[] {param(rng, n, c, h, w)}, t -> F.subsamplePad(t[0], stride, before, after), v -> {
            double[] y = new double[n * outC * oh * ow];
            for (int b = 0; b < n; b++)
                for (int ch = 0; ch < c; ch++)
                    for (int i = 0; i < oh; i++)
                        for (int j = 0; j < ow; j++)
                            y[((b * outC + before + ch) * oh + i) * ow + j] = v[0][((b * c + ch) * h + i * stride) * w + j * stride];
            return y;
        });
    }
}
