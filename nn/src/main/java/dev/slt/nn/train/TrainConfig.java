package dev.slt.nn.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slt.nn.optim.LrSchedule;
import java.util.List;

/**
 * Everything that decides a training run's result, validated here. Its JSON form is stored in every
 * checkpoint, so a resumed run can prove it continues the same run. Threads and output folders are
 * not part of it: they change speed and place, not the numbers.
 *
 * @param limitTrain use only the first {@code limitTrain} training images (0: all), for quick runs
 * @param limitTest evaluate on only the first {@code limitTest} test images (0: all), for quick runs
 * @param validationFraction the last fraction of the (limited) training set held out for validation
 */
public record TrainConfig(String dataset, String model, int epochs, int batch, double lr, double momentum,
                          double weightDecay, boolean nesterov, String schedule, int warmup, long seed,
                          int limitTrain, int limitTest, double validationFraction) {

    public static final List<String> SCHEDULES = List.of("cosine", "multistep", "constant");

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public TrainConfig {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        if (!(lr > 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("lr must be a positive number, got " + lr);
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        if (nesterov && momentum == 0) throw new IllegalArgumentException("Nesterov needs a momentum > 0");
        if (!SCHEDULES.contains(schedule)) throw new IllegalArgumentException("unknown schedule '" + schedule + "' (valid: " + String.join(", ", SCHEDULES) + ")");
        if (warmup < 0 || warmup >= epochs) throw new IllegalArgumentException("warm-up must be in [0, epochs), got " + warmup);
        if (limitTrain < 0) throw new IllegalArgumentException("limit-train must be >= 0, got " + limitTrain);
        if (limitTest < 0) throw new IllegalArgumentException("limit-test must be >= 0, got " + limitTest);
        if (!(validationFraction >= 0 && validationFraction < 1)) throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
    }

    /**
     * The learning rate per step: cosine to 0 over the run, or multistep ×0.1 at 50% and 75% of the
     * epochs (METHOD.md's 80 and 120 of 160), with linear warm-up over the first {@code warmup} epochs.
     */
    public LrSchedule lrSchedule() {
        LrSchedule s = switch (schedule) {
            case "cosine" -> LrSchedule.cosine(lr, 0, epochs);
            case "multistep" -> LrSchedule.multiStep(lr, 0.1, epochs / 2, epochs * 3 / 4);
            default -> LrSchedule.constant(lr);
        };
        return warmup > 0 ? s.withWarmup(warmup) : s;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TrainConfig fromJson(String json) {
        try {
            return JSON.readValue(json, TrainConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad training config JSON: " + e.getOriginalMessage(), e);
        }
    }
}
