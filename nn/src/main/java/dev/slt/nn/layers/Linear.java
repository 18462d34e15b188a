package dev.slt.nn.layers;

import dev.slt.engine.F;
import dev.slt.engine.Init;
import dev.slt.engine.Shape;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import java.util.random.RandomGenerator;

/**
 * {@code y = x Wᵀ + b}, weight {@code (out, in)}. PyTorch's default init: kaiming_uniform(a=√5),
 * which is uniform on ±1/√in, for the weight and the bias alike.
 */
public final class Linear extends Module {

    private final Tensor weight, bias;

    public Linear(int in, int out, boolean bias, RandomGenerator rng) {
        double bound = 1.0 / Math.sqrt(in);
        weight = param("weight", Init.uniform(Shape.of(out, in), -bound, bound, rng));
        this.bias = bias ? param("bias", Init.uniform(Shape.of(out), -bound, bound, rng)) : null;
    }

    public Linear(int in, int out, RandomGenerator rng) {
        this(in, out, true, rng);
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or null. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.linear(x, weight, bias);
    }
}
