package dev.slt.nn.train;

/**
 * A hook into {@link Trainer}'s loop: evaluation, checkpoints, progress and metrics are callbacks,
 * so the loop stays plain. Callbacks run in list order; a later one sees what earlier ones put in
 * the {@link EpochLog}. An exception from a callback ends training.
 */
public interface Callback {

    /** Before the first epoch to run ({@code startEpoch} > 0 when resuming). */
    default void onTrainStart(int startEpoch, int epochs, int stepsPerEpoch) {}

    default void onEpochStart(int epoch) {}

    /** After each optimiser step. */
    default void onStep(Step step) {}

    /** After an epoch's last step; add metrics to {@code log}. */
    default void onEpochEnd(EpochLog log) {}

    /** After the last epoch (not called when training stopped with an exception). */
    default void onTrainEnd() {}

    /**
     * One step's figures: {@code step} of {@code steps} in {@code epoch} (from 0), the batch's mean
     * loss, running loss/accuracy over the epoch so far, images seen this epoch and nanoseconds of
     * training this epoch so far.
     */
    record Step(int epoch, int step, int steps, double lr, double loss, double runningLoss, double runningAccuracy,
                long images, long nanos) {

        public double imagesPerSecond() {
            return nanos == 0 ? 0 : images * 1e9 / nanos;
        }
    }
}
