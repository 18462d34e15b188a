package dev.slt.nn.checkpoint;

import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.optim.Sgd;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * A training state in one safetensors file: every parameter and buffer under its state-dict name,
 * every SGD momentum buffer under {@code optim.momentum.<parameter name>}, and string metadata
 * (config, epoch, seed, history; the writer adds the data's SHA-256).
 */
public final class Checkpoint {

    /** Prefix of the optimiser's momentum buffers. */
    public static final String MOMENTUM_PREFIX = "optim.momentum.";

    /** Metadata key naming this layout and its version. */
    public static final String FORMAT_KEY = "format";
    public static final String FORMAT = "slt-checkpoint/1";

    private Checkpoint() {}

    /** Writes model state, momentum (when {@code sgd} is not null) and metadata to {@code file}, atomically. */
    public static void save(Path file, Module model, Sgd sgd, Map<String, String> metadata) {
        SequencedMap<String, Tensor> all = new LinkedHashMap<>(model.stateDict());
        if (sgd != null) sgd.state().forEach((n, t) -> all.put(MOMENTUM_PREFIX + n, t));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT_KEY, FORMAT);
        meta.putAll(metadata);
        Safetensors.write(file, all, meta);
    }

    /**
     * Reads {@code file}, checks it was written by {@link #save} (format key and digest present) and
     * copies its state into {@code model} and {@code sgd} (null: momentum ignored). Nothing is
     * changed unless every tensor the model needs is present with its shape. Returns the metadata.
     */
    public static Map<String, String> load(Path file, Module model, Sgd sgd) {
        Safetensors.Contents c = Safetensors.read(file);
        if (!FORMAT.equals(c.metadata().get(FORMAT_KEY)))
            throw new CheckpointException(file, "not an SLT checkpoint (metadata '" + FORMAT_KEY + "' is " + c.metadata().get(FORMAT_KEY) + ", expected " + FORMAT + ")");
        if (!c.metadata().containsKey(Safetensors.SHA256)) throw new CheckpointException(file, "no SHA-256 in the metadata; cannot verify the data");
        Map<String, Tensor> state = new LinkedHashMap<>(), momentum = new LinkedHashMap<>();
        c.tensors().forEach((n, t) -> {
            if (n.startsWith(MOMENTUM_PREFIX)) momentum.put(n.substring(MOMENTUM_PREFIX.length()), t);
            else state.put(n, t);
        });
        var own = model.stateDict();
        for (var e : own.entrySet()) {
            Tensor t = state.get(e.getKey());
            if (t == null) throw new CheckpointException(file, "missing tensor '" + e.getKey() + "' that the model needs");
            if (!t.shape().equals(e.getValue().shape()))
                throw new CheckpointException(file, "tensor '" + e.getKey() + "' has shape " + t.shape() + " but the model's is " + e.getValue().shape());
        }
        for (String n : state.keySet())
            if (!own.containsKey(n)) throw new CheckpointException(file, "tensor '" + n + "' is not in the model (a different architecture?)");
        var params = model.namedParameters();
        for (var e : momentum.entrySet()) {
            Tensor p = params.get(e.getKey());
            if (p == null) throw new CheckpointException(file, "momentum for '" + e.getKey() + "', which is not a parameter of the model");
            if (!p.shape().equals(e.getValue().shape()))
                throw new CheckpointException(file, "momentum of '" + e.getKey() + "' has shape " + e.getValue().shape() + " but the parameter's is " + p.shape());
        }
        model.loadStateDict(state);
        if (sgd != null) sgd.loadState(momentum);
        return c.metadata();
    }
}
