package dev.slt.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slt.nn.checkpoint.AtomicFiles;
import dev.slt.nn.train.EpochLog;
import dev.slt.nn.train.History;
import dev.slt.nn.train.TrainConfig;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A finished run's figures: metrics.json (summary and one entry per epoch), metrics.csv (one row per
 * epoch) and the summary printed at the end. Epochs are numbered from 1 here, as users count them.
 */
final class TrainReport {

    private final TrainConfig config;
    private final History history;
    private final int trainImages, validationImages, testImages, threads;

    TrainReport(TrainConfig config, History history, int trainImages, int validationImages, int testImages, int threads) {
        if (history.epochs().isEmpty()) throw new IllegalArgumentException("no epoch finished; nothing to report");
        this.config = config;
        this.history = history;
        this.trainImages = trainImages;
        this.validationImages = validationImages;
        this.testImages = testImages;
        this.threads = threads;
    }

    /** Training throughput over all epochs: images over seconds spent in training steps (evaluation excluded). */
    double imagesPerSecond() {
        double seconds = 0, images = 0;
        for (EpochLog e : history.epochs()) {
            seconds += e.get("train_seconds");
            images += e.get("train_seconds") * e.get("images_per_second");
        }
        return seconds > 0 ? images / seconds : Double.NaN;
    }

    Map<String, Object> summary() {
        EpochLog last = history.last().orElseThrow();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", config.dataset());
        m.put("model", config.model());
        m.put("epochs", history.epochs().size());
        m.put("test_accuracy", last.get("test_accuracy"));
        m.put("test_loss", last.get("test_loss"));
        var best = history.best();
        m.put("best_val_accuracy", best.map(b -> (Object) b.get("val_accuracy")).orElse(null));
        m.put("best_epoch", best.map(b -> (Object) (b.epoch() + 1)).orElse(null));
        m.put("test_accuracy_at_best_val", best.map(b -> (Object) b.get("test_accuracy")).orElse(null));
        m.put("images_per_second", imagesPerSecond());
        m.put("train_images", trainImages);
        m.put("validation_images", validationImages);
        m.put("test_images", testImages);
        m.put("threads", threads);
        m.put("config", config);
        List<Map<String, Object>> per = new ArrayList<>();
        for (EpochLog e : history.epochs()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", e.epoch() + 1);
            row.putAll(e.metrics());
            per.add(row);
        }
        m.put("per_epoch", per);
        return m;
    }

    void writeJson(Path file) {
        try {
            byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(summary());
            AtomicFiles.write(file, json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void writeCsv(Path file) {
        var columns = new LinkedHashSet<String>();
        history.epochs().forEach(e -> columns.addAll(e.metrics().keySet()));
        StringBuilder sb = new StringBuilder("epoch");
        columns.forEach(c -> sb.append(',').append(c));
        sb.append('\n');
        for (EpochLog e : history.epochs()) {
            sb.append(e.epoch() + 1);
            for (String c : columns) sb.append(',').append(e.has(c) ? Double.toString(e.get(c)) : "");
            sb.append('\n');
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    void printSummary(PrintWriter o) {
        EpochLog last = history.last().orElseThrow();
        o.printf(Locale.ROOT, "%s on %s, %d epoch(s): test accuracy %.2f%% (loss %.4f), %.0f images/s training%n",
                config.model(), config.dataset(), history.epochs().size(), 100 * last.get("test_accuracy"), last.get("test_loss"), imagesPerSecond());
        history.best().ifPresent(b -> o.printf(Locale.ROOT, "best validation accuracy %.2f%% at epoch %d; test accuracy there %.2f%%%n",
                100 * b.get("val_accuracy"), b.epoch() + 1, 100 * b.get("test_accuracy")));
    }
}
