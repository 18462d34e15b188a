package dev.slt.pruning.lottery;

import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.checkpoint.CheckpointException;
import dev.slt.nn.checkpoint.Safetensors;
import dev.slt.nn.models.Models;
import dev.slt.pruning.Mask;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * A retrained ticket as stored in {@code round-K/ticket.safetensors} (and {@code imp.safetensors}):
 * every parameter and buffer under its state-dict name, the ticket mask as {@code mask.<name>}, the IMP
 * mask it came from as {@code imp_mask.<name>} (float32 0/1 of the weight's shape), and metadata:
 * {@code format} = {@code slt-ticket/1}, {@code config} (the {@link LotteryConfig} JSON), {@code round},
 * {@code phase} ({@code ticket} or {@code imp}), {@code method}, {@code history} (per-epoch metrics),
 * {@code in_channels}, {@code image_size}, {@code classes} (to rebuild the model), {@code sha256}.
 *
 * @param model the rebuilt model holding the ticket's weights (pruned entries exactly zero), in eval mode
 */
public record Ticket(LotteryConfig config, int round, Module model, Mask mask, Mask impMask, Map<String, String> metadata) {

    public static final String FORMAT = "slt-ticket/1", MASK_PREFIX = "mask.", IMP_MASK_PREFIX = "imp_mask.";
    static final String FORMAT_KEY = "format", CONFIG = "config", ROUND = "round", PHASE = "phase", METHOD = "method",
            HISTORY = "history", IN_CHANNELS = "in_channels", IMAGE_SIZE = "image_size", CLASSES = "classes";

    /** The ticket of a round folder ({@code DIR/round-K}). */
    public static Ticket load(Path roundDir) {
        return loadFile(roundDir.resolve("ticket.safetensors"));
    }

    /** A ticket file written by the lottery runner; the model is rebuilt from the config in its metadata. */
    public static Ticket loadFile(Path file) {
        Safetensors.Contents c = Safetensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get(FORMAT_KEY)))
            throw new CheckpointException(file, "not an SLT ticket (metadata '" + FORMAT_KEY + "' is " + meta.get(FORMAT_KEY) + ", expected " + FORMAT + ")");
        if (!meta.containsKey(Safetensors.SHA256)) throw new CheckpointException(file, "no SHA-256 in the metadata; cannot verify the data");
        LotteryConfig config;
        int round, channels, size, classes;
        try {
            config = LotteryConfig.fromJson(required(file, meta, CONFIG));
            round = Integer.parseInt(required(file, meta, ROUND));
            channels = Integer.parseInt(required(file, meta, IN_CHANNELS));
            size = Integer.parseInt(required(file, meta, IMAGE_SIZE));
            classes = Integer.parseInt(required(file, meta, CLASSES));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, e.getMessage());
        }
        Module model = Models.create(config.model(), channels, size, classes, config.seed());
        var state = new LinkedHashMap<String, Tensor>();
        c.tensors().forEach((n, t) -> { if (!n.startsWith(MASK_PREFIX) && !n.startsWith(IMP_MASK_PREFIX)) state.put(n, t); });
        var own = model.stateDict();
        if (!own.keySet().equals(state.keySet()))
            throw new CheckpointException(file, "its tensors " + state.keySet() + " are not the state of model " + config.model() + " " + own.keySet());
        for (var e : own.entrySet())
            if (!e.getValue().shape().equals(state.get(e.getKey()).shape()))
                throw new CheckpointException(file, "tensor '" + e.getKey() + "' has shape " + state.get(e.getKey()).shape() + " but the model's is " + e.getValue().shape());
        model.loadStateDict(state);
        Mask mask = Mask.fromTensors(c.tensors(), MASK_PREFIX), imp = Mask.fromTensors(c.tensors(), IMP_MASK_PREFIX);
        mask.checkFits(model.stateDict());
        imp.checkFits(model.stateDict());
        model.eval();
        return new Ticket(config, round, model, mask, imp, meta);
    }

    /** Writes a trained model with its masks, atomically; {@code meta} adds to the format key. */
    static void write(Path file, Module model, Mask mask, Mask impMask, Map<String, String> meta) {
        SequencedMap<String, Tensor> all = new LinkedHashMap<>(model.stateDict());
        all.putAll(mask.toTensors(MASK_PREFIX));
        all.putAll(impMask.toTensors(IMP_MASK_PREFIX));
        var m = new LinkedHashMap<String, String>();
        m.put(FORMAT_KEY, FORMAT);
        m.putAll(meta);
        Safetensors.write(file, all, m);
    }

    private static String required(Path file, Map<String, String> meta, String key) {
        String v = meta.get(key);
        if (v == null) throw new CheckpointException(file, "metadata lacks '" + key + "'");
        return v;
    }
}
