package dev.slt.nn.train;

import dev.slt.nn.Module;
import dev.slt.nn.checkpoint.Checkpoint;
import dev.slt.nn.optim.Sgd;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves the whole training state at the end of every epoch (after evaluation and history, so the
 * stored history includes this epoch), replacing the previous checkpoint atomically.
 */
public final class CheckpointCallback implements Callback {

    /** Metadata keys the trainer stores. */
    public static final String CONFIG = "config", EPOCH = "epoch", SEED = "seed", HISTORY = "history";

    private final Path file;
    private final Module model;
    private final Sgd sgd;
    private final TrainConfig config;
    private final History history;

    public CheckpointCallback(Path file, Module model, Sgd sgd, TrainConfig config, History history) {
        this.file = file;
        this.model = model;
        this.sgd = sgd;
        this.config = config;
        this.history = history;
    }

    @Override
    public void onEpochEnd(EpochLog log) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(CONFIG, config.toJson());
        meta.put(EPOCH, Integer.toString(log.epoch() + 1));  // epochs completed: where a resumed run starts
        meta.put(SEED, Long.toString(config.seed()));
        meta.put(HISTORY, history.toJson());
        Checkpoint.save(file, model, sgd, meta);
    }

    public Path file() {
        return file;
    }
}
