package dev.slt.pruning.lottery;

import dev.slt.nn.checkpoint.AtomicFiles;
import dev.slt.nn.checkpoint.Safetensors;
import dev.slt.pruning.Mask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The IMP chain of another run on the same dense phase, whose retrained IMP tickets this run may reuse.
 * IMP, IMP-Refill, IMP-Refill+, IMP-Regroup and random-ticket (per-round-ticket mode) walk the same chain:
 * the same dense run, strategy, rate and seeds give round k the same IMP mask, and its retrained IMP
 * ticket is what round k+1 prunes. So the chain is trained once and every other run copies the tickets.
 * A ticket is adopted only when the owner's IMP mask of that round equals the one this run just derived,
 * so a run with other settings trains its own chain instead of inheriting a wrong one.
 *
 * @param owner  the run that trains the chain
 * @param method the owner's method (it decides which file of a round holds the IMP ticket)
 */
public record ImpChain(RunPaths owner, Method method) {

    public ImpChain {
        if (!walksChain(method)) throw new IllegalArgumentException(method.key() + " does not train the IMP chain");
    }

    /** True when a run of this config trains the shared IMP chain (and so can share it). */
    public static boolean member(LotteryConfig config) {
        return walksChain(config.methodValue()) && !config.inLoop();
    }

    private static boolean walksChain(Method m) {
        return m.strategy().equals(Method.IMP.strategy()) && !m.oneShot();
    }

    /** The file in {@code run} that holds round k's retrained IMP ticket. */
    static Path impTicket(RunPaths run, Method m, int k) {
        return m.separateTicket() ? run.imp(k) : run.ticket(k);
    }

    /**
     * Copies the owner's IMP ticket of round k into {@code run} when the run lacks it and the owner pruned
     * to the same mask {@code impMask}. Returns whether it did.
     */
    boolean adopt(RunPaths run, Method runMethod, int k, Mask impMask) {
        Path from = impTicket(owner, method, k), to = impTicket(run, runMethod, k);
        if (from.equals(to) || Files.isRegularFile(to) || !Files.isRegularFile(from) || !Files.isRegularFile(owner.masks(k))) return false;
        Mask theirs = Mask.fromTensors(Safetensors.read(owner.masks(k)).tensors(), Ticket.IMP_MASK_PREFIX);
        if (!theirs.equals(impMask)) return false;
        try {
            AtomicFiles.write(to, Files.readAllBytes(from));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
        return true;
    }
}
