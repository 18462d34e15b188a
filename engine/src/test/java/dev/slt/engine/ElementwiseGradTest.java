package dev.slt.engine;

import static dev.slt.engine.GradCheck.awayFromZero;
import static dev.slt.engine.GradCheck.check;
import static dev.slt.engine.GradCheck.param;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Gradient checks of the elementwise ops, broadcasting included, against double-precision references. */
class ElementwiseGradTest {

    private record Case(int[] a, int[] b, int[] out) {}

    /** A random output shape of rank 0..3 and two operands that broadcast to it (leading dims dropped, some set to 1). */
    private static Case shapes(SplittableRandom rng) {
        int rank = rng.nextInt(4);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) out[i] = 1 + rng.nextInt(4);
        int[] a = operand(rng, out), b = operand(rng, out);
        return new Case(a, b, joint(a, b));
    }

    /** The broadcast of two compatible shapes: right-aligned, the larger of each pair. */
    private static int[] joint(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 1; i <= rank; i++) {
            int da = i <= a.length ? a[a.length - i] : 1, db = i <= b.length ? b[b.length - i] : 1;
            out[rank - i] = Math.max(da, db);
        }
        return out;
    }

    private static int[] operand(SplittableRandom rng, int[] out) {
        int[] d = Arrays.copyOfRange(out, rng.nextInt(out.length + 1), out.length);
        for (int i = 0; i < d.length; i++) if (rng.nextInt(3) == 0) d[i] = 1;
        return d;
    }

    private static void binary(String op, long seed, int[] sa, int[] sb, int[] so, BinaryOperator<Tensor> f,
                               DoubleBinaryOperator ref) {
        var rng = new SplittableRandom(seed);
        Tensor a = param(rng, sa);
        Tensor b = op.equals("div") ? awayFromZero(rng, 0.5, sb) : param(rng, sb);
        check(op + " " + Arrays.toString(sa) + " " + Arrays.toString(sb), seed, new Tensor[] {a, b},
                t -> f.apply(t[0], t[1]), x -> Reference.broadcast(x[0], sa, x[1], sb, so, ref));
    }

    private static void allFour(long seed, int[] sa, int[] sb, int[] so) {
        binary("add", seed, sa, sb, so, Tensor::add, Double::sum);
        binary("sub", seed, sa, sb, so, Tensor::sub, (p, q) -> p - q);
        binary("mul", seed, sa, sb, so, Tensor::mul, (p, q) -> p * q);
        binary("div", seed, sa, sb, so, Tensor::div, (p, q) -> p / q);
    }

    @Property(tries = 60, seed = "20261121")
    void arithmeticWithBroadcasting(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Case c = shapes(new SplittableRandom(seed));
        allFour(seed, c.a(), c.b(), c.out());
    }

    @Example
    void broadcastsTrailingAlignedShapes() {
        allFour(1, new int[] {3, 1, 4}, new int[] {2, 1}, new int[] {3, 2, 4});
        allFour(2, new int[] {2, 1}, new int[] {3, 1, 4}, new int[] {3, 2, 4});
        allFour(3, new int[] {4, 3}, new int[] {}, new int[] {4, 3});
    }

    @Example
    void sameTensorOnBothSides() {
        var rng = new SplittableRandom(4);
        Tensor a = param(rng, 3, 2);
        check("x*x", 4, new Tensor[] {a}, t -> t[0].mul(t[0]), x -> Reference.broadcast(x[0], new int[] {3, 2}, x[0],
                new int[] {3, 2}, new int[] {3, 2}, (p, q) -> p * q));
    }

    @Property(tries = 20, seed = "7")
    void scalarVariants(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        var rng = new SplittableRandom(seed);
        int[] s = {1 + rng.nextInt(4), 1 + rng.nextInt(4)};
        float c = (float) (rng.nextDouble() * 4 - 2) + 0.25f;
        check("add scalar", seed, new Tensor[] {param(rng, s)}, t -> t[0].add(c), x -> map(x[0], v -> v + c));
        check("sub scalar", seed, new Tensor[] {param(rng, s)}, t -> t[0].sub(c), x -> map(x[0], v -> v - c));
        check("mul scalar", seed, new Tensor[] {param(rng, s)}, t -> t[0].mul(c), x -> map(x[0], v -> v * c));
        check("div scalar", seed, new Tensor[] {param(rng, s)}, t -> t[0].div(c), x -> map(x[0], v -> v / c));
        check("neg", seed, new Tensor[] {param(rng, s)}, t -> t[0].neg(), x -> map(x[0], v -> -v));
    }

    @Property(tries = 20, seed = "8")
    void reluAwayFromTheKink(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        var rng = new SplittableRandom(seed);
        Tensor x = awayFromZero(rng, 0.01, 1 + rng.nextInt(5), 1 + rng.nextInt(5));
        check("relu", seed, new Tensor[] {x}, t -> t[0].relu(), v -> map(v[0], e -> Math.max(e, 0)));
    }

    @Property(tries = 20, seed = "9")
    void reductionsAndReshapes(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        var rng = new SplittableRandom(seed);
        int a = 1 + rng.nextInt(4), b = 1 + rng.nextInt(4), c = 1 + rng.nextInt(4);
        check("sum", seed, new Tensor[] {param(rng, a, b, c)}, t -> t[0].sum(), x -> new double[] {Arrays.stream(x[0]).sum()});
        check("mean", seed, new Tensor[] {param(rng, a, b, c)}, t -> t[0].mean(),
                x -> new double[] {Arrays.stream(x[0]).sum() / x[0].length});
        check("reshape", seed, new Tensor[] {param(rng, a, b, c)}, t -> t[0].reshape(c, -1).mul(t[0].reshape(c, a * b)),
                x -> map(x[0], v -> v * v));
        check("flatten", seed, new Tensor[] {param(rng, a, b, c)}, t -> t[0].flatten().relu().add(t[0].reshape(a, b * c)),
                x -> map(x[0], v -> Math.max(v, 0) + v));
    }

    static double[] map(double[] x, java.util.function.DoubleUnaryOperator f) {
        return Arrays.stream(x).map(f).toArray();
    }
}
