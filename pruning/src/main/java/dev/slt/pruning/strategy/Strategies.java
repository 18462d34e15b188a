package dev.slt.pruning.strategy;

import dev.slt.pruning.Options;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.Function;

/** Every pruning strategy by name, with a factory reading its parameters from {@link Options}. */
public final class Strategies {

    private static final SequencedMap<String, Function<Options, Strategy>> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put(GlobalMagnitude.NAME, o -> new GlobalMagnitude(RateParams.from(o)));
        REGISTRY.put(LayerWiseMagnitude.NAME, o -> new LayerWiseMagnitude(RateParams.from(o)));
        REGISTRY.put(RandomPruning.NAME, o -> new RandomPruning(RateParams.from(o)));
        REGISTRY.put(StructuredImp.NAME, o -> new StructuredImp(RateParams.from(o)));
        REGISTRY.put(OneShotMagnitude.NAME, o -> new OneShotMagnitude(OneShotMagnitude.Params.from(o)));
    }

    private Strategies() {}

    public static List<String> names() {
        return new ArrayList<>(REGISTRY.keySet());
    }

    /** The strategy {@code name} with default parameters. */
    public static Strategy create(String name) {
        return create(name, Map.of());
    }

    /** The strategy {@code name} with {@code options} (e.g. {@code rate=0.3}); unknown names and options are refused. */
    public static Strategy create(String name, Map<String, String> options) {
        var factory = REGISTRY.get(name);
        if (factory == null) throw new IllegalArgumentException("unknown pruning strategy '" + name + "'; valid names: " + String.join(", ", names()));
        var o = new Options(name, options);
        Strategy s = factory.apply(o);
        o.checkAllRead();
        return s;
    }
}
