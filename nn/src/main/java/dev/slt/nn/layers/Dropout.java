package dev.slt.nn.layers;

import dev.slt.engine.F;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import java.util.SplittableRandom;

/**
 * Inverted dropout: in training, zeroes each element with probability p and scales the rest by
 * 1/(1-p); the identity in eval. Masks come from its own generator, seeded at construction, so a
 * run repeats bit for bit.
 */
public final class Dropout extends Module {

    private final float p;
    private final SplittableRandom rng;

    public Dropout(float p, long seed) {
        if (!(p >= 0f && p <= 1f)) throw new IllegalArgumentException("dropout: p = " + p + " is outside [0, 1]");
        this.p = p;
        this.rng = new SplittableRandom(seed);
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.dropout(x, p, isTraining(), rng);
    }
}
