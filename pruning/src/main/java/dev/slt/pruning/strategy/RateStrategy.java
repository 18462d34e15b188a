package dev.slt.pruning.strategy;

/** A strategy that removes a fraction of what remains each round; holds its name and {@link RateParams}. */
public abstract class RateStrategy implements Strategy {

    private final String name;
    protected final RateParams params;

    protected RateStrategy(String name, RateParams params) {
        this.name = name;
        this.params = params;
    }

    public RateParams params() {
        return params;
    }

    @Override
    public final String name() {
        return name;
    }
}
