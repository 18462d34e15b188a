package dev.slt.nn.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every finished epoch's log, and the best one: highest validation accuracy, the earliest on ties
 * (model selection by validation, test accuracy reported at that epoch). Stored in checkpoints as
 * JSON so a resumed run reports over all epochs.
 */
public final class History implements Callback {

    private final List<EpochLog> epochs = new ArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void onEpochEnd(EpochLog log) {
        epochs.add(new EpochLog(log.epoch(), log.metrics()));
    }

    public List<EpochLog> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The epoch with the best validation accuracy; empty when no epoch recorded one. */
    public Optional<EpochLog> best() {
        EpochLog best = null;
        for (EpochLog e : epochs) {
            if (e.has("val_accuracy") && (best == null || e.get("val_accuracy") > best.get("val_accuracy"))) best = e;
        }
        return Optional.ofNullable(best);
    }

    public Optional<EpochLog> last() {
        return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.getLast());
    }

    /** A JSON array of {@code {"epoch": e, metric: value, ...}}, epochs from 0. */
    public String toJson() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EpochLog e : epochs) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", e.epoch());
            row.putAll(e.metrics());
            rows.add(row);
        }
        try {
            return JSON.writeValueAsString(rows);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Replaces the epochs with those of {@link #toJson}'s output. */
    public void loadJson(String json) {
        List<LinkedHashMap<String, Double>> rows;
        try {
            rows = JSON.readValue(json, new TypeReference<>() {});
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("bad history JSON: " + ex.getOriginalMessage(), ex);
        }
        epochs.clear();
        for (var row : rows) {
            Double epoch = row.remove("epoch");
            if (epoch == null) throw new IllegalArgumentException("bad history JSON: an entry has no epoch");
            epochs.add(new EpochLog(epoch.intValue(), row));
        }
    }
}
