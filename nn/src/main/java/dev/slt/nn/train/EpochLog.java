package dev.slt.nn.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * One epoch's metrics by name, in insertion order. The trainer fills {@code train_loss},
 * {@code train_accuracy}, {@code lr}, {@code train_seconds}, {@code images_per_second}; callbacks add
 * theirs ({@code val_accuracy}, {@code test_accuracy}, ...).
 */
public final class EpochLog {

    private final int epoch;
    private final LinkedHashMap<String, Double> metrics = new LinkedHashMap<>();

    public EpochLog(int epoch) {
        this.epoch = epoch;
    }

    public EpochLog(int epoch, Map<String, Double> metrics) {
        this(epoch);
        this.metrics.putAll(metrics);
    }

    /** Epoch number, from 0. */
    public int epoch() {
        return epoch;
    }

    public void put(String name, double value) {
        metrics.put(name, value);
    }

    /** The metric, or NaN when nobody recorded it. */
    public double get(String name) {
        return metrics.getOrDefault(name, Double.NaN);
    }

    public boolean has(String name) {
        return metrics.containsKey(name);
    }

    public SequencedMap<String, Double> metrics() {
        return Collections.unmodifiableSequencedMap(metrics);
    }
}
