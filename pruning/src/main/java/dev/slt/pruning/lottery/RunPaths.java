package dev.slt.pruning.lottery;

import java.nio.file.Path;

/**
 * Every file name of a lottery run, in one place. {@code dir} holds the run's results and rounds;
 * {@code denseDir} the dense phase (the same folder for {@code slt lottery}; one shared {@code dense/}
 * folder for every method of {@code slt compare}).
 */
public record RunPaths(Path dir, Path denseDir) {

    /** A run whose dense phase lives in its own folder. */
    public static RunPaths of(Path dir) {
        return new RunPaths(dir, dir);
    }

    /** The run's {@link LotteryConfig} as JSON; a resumed run must match it. */
    public Path config() {
        return dir.resolve("config.json");
    }

    /** Rewritten after every round; {@code rounds} lists the finished ones. */
    public Path summary() {
        return dir.resolve("summary.json");
    }

    /** Accuracy of the IMP ticket and of the structured ticket against weight density. */
    public Path accuracyPlot() {
        return dir.resolve("accuracy.png");
    }

    /** End-of-epoch checkpoint of the dense training, deleted once {@link #dense} exists. */
    public Path denseCheckpoint() {
        return denseDir.resolve("dense-checkpoint.safetensors");
    }

    /** θ_rw: the whole state at the start of the rewind epoch. */
    public Path rewind() {
        return denseDir.resolve("rewind.safetensors");
    }

    /** θ_t: the trained dense model, with its history in the metadata. */
    public Path dense() {
        return denseDir.resolve("dense.safetensors");
    }

    public Path round(int k) {
        return dir.resolve("round-" + k);
    }

    /** The round's IMP mask and ticket mask, written once post-processing is done. */
    public Path masks(int k) {
        return round(k).resolve("masks.safetensors");
    }

    /** Per-layer shapes, densities before/after post-processing, channels, blocks and FLOPs. */
    public Path report(int k) {
        return round(k).resolve("report.json");
    }

    /** The IMP ticket retrained from θ_rw (only for methods whose ticket is trained separately). */
    public Path imp(int k) {
        return round(k).resolve("imp.safetensors");
    }

    public Path impCheckpoint(int k) {
        return round(k).resolve("imp-checkpoint.safetensors");
    }

    /** The retrained ticket: every parameter and buffer, {@code mask.<name>}, {@code imp_mask.<name>}. */
    public Path ticket(int k) {
        return round(k).resolve("ticket.safetensors");
    }

    public Path ticketCheckpoint(int k) {
        return round(k).resolve("ticket-checkpoint.safetensors");
    }

    /** The round's summary row; written last, so its presence marks the round finished. */
    public Path roundResult(int k) {
        return round(k).resolve("round.json");
    }

    /** Picture of the round's IMP and ticket masks, one row per layer. */
    public Path maskPicture(int k) {
        return round(k).resolve("masks.png");
    }
}
