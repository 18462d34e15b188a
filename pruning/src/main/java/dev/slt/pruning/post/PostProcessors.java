package dev.slt.pruning.post;

import dev.slt.pruning.Options;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.Function;

/** Every post-processor by name, with a factory reading its parameters from {@link Options}. */
public final class PostProcessors {

    private static final SequencedMap<String, Function<Options, PostProcessor>> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put(NoPostProcessing.NAME, o -> new NoPostProcessing());
        REGISTRY.put(Refill.NAME, Refill::refill);
        REGISTRY.put(Refill.NAME_PLUS, Refill::refillPlus);
        REGISTRY.put(RegroupPostProcessor.NAME, RegroupPostProcessor::from);
    }

    private PostProcessors() {}

    public static List<String> names() {
        return new ArrayList<>(REGISTRY.keySet());
    }

    /** The post-processor {@code name} with default parameters. */
    public static PostProcessor create(String name) {
        return create(name, Map.of());
    }

    /** The post-processor {@code name} with {@code options} (e.g. {@code criterion=l2}); unknown names and options are refused. */
    public static PostProcessor create(String name, Map<String, String> options) {
        var factory = REGISTRY.get(name);
        if (factory == null) throw new IllegalArgumentException("unknown post-processor '" + name + "'; valid names: " + String.join(", ", names()));
        var o = new Options(name, options);
        PostProcessor p = factory.apply(o);
        o.checkAllRead();
        return p;
    }
}
