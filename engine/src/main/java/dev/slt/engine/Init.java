package dev.slt.engine;

import java.util.random.RandomGenerator;

/**
 * Seeded weight initialisers. Randomness always comes from the caller's generator (e.g.
 * {@code new SplittableRandom(seed)}), never a global one, so a run is reproducible from its seed.
 * Fans follow PyTorch: for a weight {@code (out, in, k...)}, fan-in = in·Πk and fan-out = out·Πk.
 */
public final class Init {

    /** Which fan sets the scale: fan-in preserves the forward variance, fan-out the backward one. */
    public enum Fan { IN, OUT }

    /** Gain for ReLU layers, √2 (He et al. 2015). */
    public static final double RELU_GAIN = Math.sqrt(2.0);

    private Init() {}

    /** Uniform on {@code [low, high)}. */
    public static Tensor uniform(Shape shape, double low, double high, RandomGenerator rng) {
        float[] d = new float[shape.size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) (low + (high - low) * rng.nextDouble());
        return Tensor.fromArray(d, shape);
    }

    /** Normal with the given mean and standard deviation. */
    public static Tensor normal(Shape shape, double mean, double std, RandomGenerator rng) {
        float[] d = new float[shape.size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) (mean + std * rng.nextGaussian());
        return Tensor.fromArray(d, shape);
    }

    /** Kaiming (He) normal for ReLU: std = √2 / √fan. */
    public static Tensor kaimingNormal(Shape shape, Fan mode, RandomGenerator rng) {
        return kaimingNormal(shape, mode, RELU_GAIN, rng);
    }

    /** Kaiming normal: std = gain / √fan. */
    public static Tensor kaimingNormal(Shape shape, Fan mode, double gain, RandomGenerator rng) {
        return normal(shape, 0.0, gain / Math.sqrt(fan(shape, mode)), rng);
    }

    /** Kaiming (He) uniform for ReLU: bound = √2 · √(3 / fan). */
    public static Tensor kaimingUniform(Shape shape, Fan mode, RandomGenerator rng) {
        return kaimingUniform(shape, mode, RELU_GAIN, rng);
    }

    /** Kaiming uniform on {@code [-bound, bound)}, bound = gain · √(3 / fan) (the variance of the normal version). */
    public static Tensor kaimingUniform(Shape shape, Fan mode, double gain, RandomGenerator rng) {
        double bound = gain * Math.sqrt(3.0 / fan(shape, mode));
        return uniform(shape, -bound, bound, rng);
    }

    /** Fan-in or fan-out of a weight {@code (out, in, k...)}; a vector's fan is its length. */
    public static int fan(Shape shape, Fan mode) {
        if (shape.rank() == 0) throw new IllegalArgumentException("init: a scalar has no fan");
        if (shape.rank() == 1) return shape.dim(0);
        int receptive = shape.sizeBetween(2, shape.rank());
        int f = (mode == Fan.IN ? shape.dim(1) : shape.dim(0)) * receptive;
        if (f == 0) throw new IllegalArgumentException("init: shape " + shape + " has fan 0");
        return f;
    }
}
