package dev.slt.pruning.lottery;

import java.util.Arrays;
import java.util.List;

/**
 * The lottery runner's methods (METHOD.md): where each round's mask comes from, how the ticket is
 * made from it, and how many trainings a round costs.
 */
public enum Method {
    /** IMP with rewinding; the ticket is the IMP ticket (one training per round). */
    IMP("imp", "global-magnitude", "none", false, false),
    /** IMP, then refill of each round's mask, the ticket retrained from θ_rw (two trainings per round). */
    REFILL("refill", "global-magnitude", "refill", true, false),
    /** IMP, then refill+ (two trainings per round). */
    REFILL_PLUS("refill+", "global-magnitude", "refill+", true, false),
    /** IMP, then regroup (two trainings per round). */
    REGROUP("regroup", "global-magnitude", "regroup", true, false),
    /** Channel pruning inside the loop (layer-wise ℓ1), one training per round. */
    STRUCTURED_IMP("structured-imp", "structured-imp", "none", false, false),
    /** The IMP masks, the ticket trained from a fresh seeded initialisation instead of θ_rw. */
    RANDOM_TICKET("random-ticket", "global-magnitude", "none", true, true),
    /** One-shot magnitude masks at density (1−p)^k from the dense θ_t, one training per round. */
    OMP("omp", "omp", "none", false, false);

    private final String key, strategy, postProcessor;
    private final boolean separateTicket, freshInit;

    Method(String key, String strategy, String postProcessor, boolean separateTicket, boolean freshInit) {
        this.key = key;
        this.strategy = strategy;
        this.postProcessor = postProcessor;
        this.separateTicket = separateTicket;
        this.freshInit = freshInit;
    }

    /** The name used on the command line and in files. */
    public String key() {
        return key;
    }

    /** The registry name of the pruning step ({@link dev.slt.pruning.strategy.Strategies}). */
    public String strategy() {
        return strategy;
    }

    /** The registry name of the post-processor ({@link dev.slt.pruning.post.PostProcessors}). */
    public String postProcessor() {
        return postProcessor;
    }

    /** True when the ticket is trained separately from the IMP ticket (per-round-ticket mode). */
    public boolean separateTicket() {
        return separateTicket;
    }

    /** True when the ticket starts from a fresh initialisation instead of θ_rw. */
    public boolean freshInit() {
        return freshInit;
    }

    /** True when a structural post-processor applies (so {@code in-loop} is meaningful). */
    public boolean structural() {
        return !postProcessor.equals("none");
    }

    public boolean oneShot() {
        return this == OMP;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(Method::key).toList();
    }

    /** The method named {@code key}; an unknown name is refused with the valid ones. */
    public static Method of(String key) {
        for (Method m : values()) if (m.key.equals(key)) return m;
        throw new IllegalArgumentException("unknown method '" + key + "'; valid methods: " + String.join(", ", keys()));
    }
}
