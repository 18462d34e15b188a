package dev.slt.nn.optim;

import java.util.Arrays;

/**
 * A learning rate as a pure function of where training is: epoch (from 0), step within the epoch
 * (from 0) and steps per epoch. Compose warm-up around either decay with {@link #withWarmup}.
 */
@FunctionalInterface
public interface LrSchedule {

    double lr(int epoch, int step, int stepsPerEpoch);

    /** A constant rate. */
    static LrSchedule constant(double base) {
        return (e, s, n) -> base;
    }

    /**
     * Step decay per epoch, PyTorch's MultiStepLR: {@code base * gamma^k}, k = number of milestones
     * {@code <= epoch} (so the rate drops at the start of each milestone epoch).
     */
    static LrSchedule multiStep(double base, double gamma, int... milestones) {
        int[] m = milestones.clone();
        Arrays.sort(m);
        return (epoch, step, n) -> {
            int k = 0;
            while (k < m.length && m[k] <= epoch) k++;
            return base * Math.pow(gamma, k);
        };
    }

    /**
     * Cosine annealing per step from {@code base} to {@code min} over {@code epochs}:
     * {@code min + (base - min) * (1 + cos(π t / epochs)) / 2}, t = epoch + step/stepsPerEpoch.
     */
    static LrSchedule cosine(double base, double min, int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("cosine: epochs " + epochs + " must be >= 1");
        return (epoch, step, n) -> {
            double t = Math.min(epoch + (double) step / n, epochs);
            return min + (base - min) * (1 + Math.cos(Math.PI * t / epochs)) / 2;
        };
    }

    /**
     * Linear warm-up over the first {@code warmupEpochs}: global step i (from 0) of W warm-up steps
     * gets {@code this.lr * (i+1)/W}, so the first step is not wasted and step W-1 reaches the full
     * rate; afterwards the rate is this schedule's unchanged.
     */
    default LrSchedule withWarmup(int warmupEpochs) {
        if (warmupEpochs < 0) throw new IllegalArgumentException("warm-up: epochs " + warmupEpochs + " must be >= 0");
        LrSchedule inner = this;
        return (epoch, step, n) -> {
            double lr = inner.lr(epoch, step, n);
            long i = (long) epoch * n + step, w = (long) warmupEpochs * n;
            return i < w ? lr * (i + 1) / w : lr;
        };
    }
}
