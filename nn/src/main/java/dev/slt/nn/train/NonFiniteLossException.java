package dev.slt.nn.train;

/** The training loss became NaN or infinite: the run diverged (learning rate too high, bad data). */
public final class NonFiniteLossException extends RuntimeException {

    public NonFiniteLossException(int epoch, int step, int steps, double loss, double lr) {
        super("training diverged: loss is " + loss + " at epoch " + (epoch + 1) + ", step " + (step + 1) + " of " + steps
                + " (lr " + lr + "); try a lower --lr or a --warmup");
    }
}
