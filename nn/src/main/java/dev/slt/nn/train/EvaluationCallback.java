package dev.slt.nn.train;

import dev.slt.datasets.Loader;
import dev.slt.nn.Module;

/** Adds {@code val_loss}, {@code val_accuracy}, {@code test_loss}, {@code test_accuracy} to each epoch's log. */
public final class EvaluationCallback implements Callback {

    private final Module model;
    private final Loader validation, test;

    /** {@code validation} may be null (no held-out split): its metrics are then left out. */
    public EvaluationCallback(Module model, Loader validation, Loader test) {
        this.model = model;
        this.validation = validation;
        this.test = test;
    }

    @Override
    public void onEpochEnd(EpochLog log) {
        long t0 = System.nanoTime();
        if (validation != null && validation.set().size() > 0) {
            var v = Evaluator.evaluate(model, validation);
            log.put("val_loss", v.loss());
            log.put("val_accuracy", v.accuracy());
        }
        var t = Evaluator.evaluate(model, test);
        log.put("test_loss", t.loss());
        log.put("test_accuracy", t.accuracy());
        log.put("eval_seconds", (System.nanoTime() - t0) / 1e9);
    }
}
