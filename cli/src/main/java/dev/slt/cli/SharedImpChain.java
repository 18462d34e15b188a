package dev.slt.cli;

import dev.slt.nn.checkpoint.AtomicFiles;
import dev.slt.nn.checkpoint.Safetensors;
import dev.slt.pruning.Mask;
import dev.slt.pruning.lottery.RunPaths;
import dev.slt.pruning.lottery.Ticket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The IMP chain is the same for IMP, IMP-Refill and IMP-Regroup in per-round-ticket mode: the same dense
 * run, strategy, rate and seeds give round k the same IMP mask, and its retrained IMP ticket is what
 * round k+1 prunes. So the demo trains that chain once, in the {@code imp} run, and hands each round's
 * retrained IMP ticket to the structured runs as their {@code round-K/imp.safetensors}; the lottery
 * runner then skips those trainings as done. {@link #check} proves afterwards that the structured run
 * derived exactly the IMP masks the {@code imp} run trained.
 */
final class SharedImpChain {

    private SharedImpChain() {}

    /** Copies (atomically) each of imp's round tickets that {@code run} lacks. */
    static void share(RunPaths imp, RunPaths run, int rounds) {
        for (int k = 1; k <= rounds; k++) {
            Path from = imp.ticket(k), to = run.imp(k);
            if (!Files.isRegularFile(from) || Files.isRegularFile(to)) continue;
            try {
                AtomicFiles.write(to, Files.readAllBytes(from));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
            }
        }
    }

    /** Throws if a round of {@code run} pruned to an IMP mask other than the {@code imp} run's. */
    static void check(RunPaths imp, RunPaths run, int rounds) {
        for (int k = 1; k <= rounds; k++) {
            Mask a = Mask.fromTensors(Safetensors.read(imp.masks(k)).tensors(), Ticket.IMP_MASK_PREFIX);
            Mask b = Mask.fromTensors(Safetensors.read(run.masks(k)).tensors(), Ticket.IMP_MASK_PREFIX);
            if (!a.equals(b))
                throw new IllegalStateException("round " + k + " of " + run.dir() + " pruned to another IMP mask than " + imp.dir()
                        + ", so its shared IMP ticket does not belong to it; delete " + run.dir() + " and run again");
        }
    }
}
