package dev.slt.pruning.lottery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slt.datasets.Datasets;
import dev.slt.nn.models.Models;
import dev.slt.nn.train.TrainConfig;
import dev.slt.pruning.PrunableSet;
import dev.slt.pruning.regroup.RegroupParams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that decides a lottery run's result (METHOD.md, IMP with rewinding), validated here. Its
 * JSON form is stored in {@code config.json} and in every ticket, so a resumed run can prove it continues
 * the same run and a ticket can rebuild its model.
 *
 * @param method          one of {@link Method#keys()}
 * @param rounds          pruning rounds, >= 1
 * @param rate            fraction p of the remaining weights pruned per round, in (0, 1)
 * @param rewindEpoch     e_r: θ_rw is the whole state at the start of this epoch, in [0, epochs)
 * @param postprocess     {@code per-round-ticket} (default: the IMP chain goes on with the unstructured
 *                        masks, each round's ticket trained on the side) or {@code in-loop} (the next
 *                        round prunes from the trained structured ticket; refill, refill+, regroup only)
 * @param refillCriterion refill/refill+ channel score: {@code l1} (default), {@code count}, {@code l2}
 * @param refillPlusRate  refill+'s r, in [0, 1] (default 0.1)
 * @param regroup         regroup's parameters (default {@link RegroupParams#defaults()})
 */
public record LotteryConfig(String dataset, String model, String method, int rounds, double rate, int rewindEpoch,
                            int epochs, int batch, double lr, double momentum, double weightDecay, String schedule,
                            long seed, int limitTrain, int limitTest, String postprocess, boolean pruneStem,
                            boolean pruneClassifier, String refillCriterion, double refillPlusRate, RegroupParams regroup) {

    public static final String PER_ROUND_TICKET = "per-round-ticket", IN_LOOP = "in-loop";
    public static final List<String> POSTPROCESS_MODES = List.of(PER_ROUND_TICKET, IN_LOOP);
    public static final List<String> CRITERIA = List.of("l1", "count", "l2");
    /** Held out from the (limited) training set for validation, as in {@code slt train}. */
    public static final double VALIDATION_FRACTION = 0.1;

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public LotteryConfig {
        if (dataset == null || !Datasets.NAMES.contains(dataset))
            throw new IllegalArgumentException("unknown dataset '" + dataset + "'; valid datasets: " + String.join(", ", Datasets.NAMES));
        if (model == null || !Models.names().contains(model))
            throw new IllegalArgumentException("unknown model '" + model + "'; valid models: " + String.join(", ", Models.names()));
        Method m = Method.of(method);
        if (rounds < 1) throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
        if (!(rate > 0 && rate < 1)) throw new IllegalArgumentException("rate must be in (0, 1), got " + rate);
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (rewindEpoch < 0 || rewindEpoch >= epochs)
            throw new IllegalArgumentException("rewind epoch must be in [0, epochs) = [0, " + epochs + "), got " + rewindEpoch);
        if (!POSTPROCESS_MODES.contains(postprocess))
            throw new IllegalArgumentException("unknown postprocess mode '" + postprocess + "'; valid: " + String.join(", ", POSTPROCESS_MODES));
        if (postprocess.equals(IN_LOOP) && !m.structural())
            throw new IllegalArgumentException("postprocess in-loop needs a structural method (refill, refill+, regroup), not " + method);
        if (!CRITERIA.contains(refillCriterion))
            throw new IllegalArgumentException("unknown refill criterion '" + refillCriterion + "'; valid: " + String.join(", ", CRITERIA));
        if (!(refillPlusRate >= 0 && refillPlusRate <= 1)) throw new IllegalArgumentException("refill+ rate must be in [0, 1], got " + refillPlusRate);
        if (regroup == null) throw new IllegalArgumentException("regroup params must not be null");
        trainConfig(dataset, model, epochs, batch, lr, momentum, weightDecay, schedule, seed, limitTrain, limitTest);  // validates the rest
    }

    /** A config with METHOD.md's defaults for everything but the data, model, method, rounds, epochs and seed. */
    public static LotteryConfig defaults(String dataset, String model, String method, int rounds, int epochs, long seed) {
        return new LotteryConfig(dataset, model, method, rounds, 0.2, dev.slt.pruning.train.RewindPoint.defaultEpoch(epochs),
                epochs, 128, 0.1, 0.9, 5e-4, "cosine", seed, 0, 0, PER_ROUND_TICKET, false, false, "l1", 0.1,
                RegroupParams.defaults());
    }

    private static TrainConfig trainConfig(String dataset, String model, int epochs, int batch, double lr, double momentum,
                                           double weightDecay, String schedule, long seed, int limitTrain, int limitTest) {
        return new TrainConfig(dataset, model, epochs, batch, lr, momentum, weightDecay, false, schedule, 0, seed,
                limitTrain, limitTest, VALIDATION_FRACTION);
    }

    /** The recipe of every training of the run (dense, IMP retraining, tickets): METHOD.md's "same recipe". */
    public TrainConfig trainConfig() {
        return trainConfig(dataset, model, epochs, batch, lr, momentum, weightDecay, schedule, seed, limitTrain, limitTest);
    }

    public Method methodValue() {
        return Method.of(method);
    }

    public boolean inLoop() {
        return postprocess.equals(IN_LOOP);
    }

    public PrunableSet prunableSet() {
        return new PrunableSet(pruneStem, pruneClassifier);
    }

    /** The post-processor's options (registry names as in {@link dev.slt.pruning.post.PostProcessors}). */
    public Map<String, String> postOptions() {
        var o = new LinkedHashMap<String, String>();
        switch (methodValue()) {
            case REFILL -> o.put("criterion", refillCriterion);
            case REFILL_PLUS -> {
                o.put("criterion", refillCriterion);
                o.put("rate", Double.toString(refillPlusRate));
            }
            case REGROUP -> {
                o.put("pMax", Integer.toString(regroup.pMax()));
                o.put("imbalance", Double.toString(regroup.imbalance()));
                o.put("t1", Double.toString(regroup.t1()));
                o.put("b1", Integer.toString(regroup.b1()));
                o.put("rowTile", Integer.toString(regroup.rowTile()));
                o.put("restarts", Integer.toString(regroup.restarts()));
                o.put("fmPasses", Integer.toString(regroup.fmPasses()));
            }
            default -> { }
        }
        return o;
    }

    /** What the dense phase depends on (the training recipe and e_r): runs with equal keys can share it. */
    public String denseKey() {
        return trainConfig().toJson() + " rewind_epoch=" + rewindEpoch;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static LotteryConfig fromJson(String json) {
        try {
            return JSON.readValue(json, LotteryConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad lottery config JSON: " + e.getOriginalMessage(), e);
        }
    }
}
