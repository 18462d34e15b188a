package dev.slt.bench;

import dev.slt.engine.F;
import dev.slt.engine.Grad;
import dev.slt.engine.Tensor;
import dev.slt.kernels.KernelPool;
import dev.slt.nn.Module;
import dev.slt.nn.models.Models;
import dev.slt.nn.optim.Sgd;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The Java half of {@code bench/compare-training.sh}: training and inference throughput of the
 * models of {@code nn} on synthetic 28×28×1 images with 10 classes, measured exactly like
 * {@code bench/compare_training.py}. A training step is forward, cross-entropy, zeroing the
 * gradients, backward, an SGD update (momentum 0.9, weight decay 5e-4) in training mode and releasing the step's
 * graph ({@code Tensor.releaseGraph}, as {@code Trainer} does); an
 * inference step is an eval-mode forward without gradients. Timing as in {@link ConvSideBySide}:
 * warm-up, then REPS repetitions each the mean over k steps; the median is printed as one JSON line
 * per measurement, in images per second.
 *
 * <p>Usage: {@code java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar
 * dev.slt.bench.TrainingThroughput THREADS [REPS] [MODEL...]}
 */
public final class TrainingThroughput {

    /** A model and its training and inference batch sizes. */
    record Case(String model, int trainBatch, int inferBatch) {}

    static final List<Case> CASES = List.of(new Case("convnet", 128, 128), new Case("resnet20", 128, 64));
    static final int SIDE = 28, CLASSES = 10;

    private TrainingThroughput() {}

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        List<String> only = args.length > 2 ? Arrays.asList(args).subList(2, args.length) : List.of();
        KernelPool.setThreads(threads);
        for (Case c : CASES) {
            if (!only.isEmpty() && !only.contains(c.model())) continue;
            Module model = Models.create(c.model(), 1, SIDE, CLASSES, 1);
            var sgd = new Sgd(model.namedParameters(), 0.9f, 5e-4f, false);
            SplittableRandom rnd = new SplittableRandom(0);
            Tensor x = images(rnd, c.trainBatch());
            int[] labels = rnd.ints(c.trainBatch(), 0, CLASSES).toArray();
            model.train();
            emit(model, c.model(), "train", c.trainBatch(), threads, ConvSideBySide.bench(() -> {
                Tensor loss = F.crossEntropy(model.forward(x), labels);
                sgd.zeroGrad();
                loss.backward();
                sgd.step(0.01f);
                loss.releaseGraph();   // as nn's Trainer does: the next step's forward reuses this step's arrays
            }, reps));
            Tensor xi = images(rnd, c.inferBatch());
            model.eval();
            emit(model, c.model(), "infer", c.inferBatch(), threads, ConvSideBySide.bench(() -> {
                try (var g = Grad.disabled()) {
                    model.forward(xi);
                }
            }, reps));
        }
    }

    private static Tensor images(SplittableRandom rnd, int batch) {
        float[] a = new float[batch * SIDE * SIDE];
        for (int i = 0; i < a.length; i++) a[i] = (float) (rnd.nextDouble() * 2 - 1);
        return Tensor.fromArray(a, batch, 1, SIDE, SIDE);
    }

    private static void emit(Module m, String model, String phase, int batch, int threads, double[] secs) {
        double[] s = secs.clone();
        Arrays.sort(s);
        double med = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        System.out.println(String.format(Locale.ROOT,
                "{\"model\": \"%s\", \"phase\": \"%s\", \"batch\": %d, \"threads\": %d, \"impl\": \"slt\", \"params\": %d, "
                        + "\"n\": %d, \"ms_med\": %.3f, \"img_s_med\": %.1f}", model, phase, batch, threads, m.parameterCount(), s.length, med * 1e3, batch / med));
        System.out.flush();
    }
}
