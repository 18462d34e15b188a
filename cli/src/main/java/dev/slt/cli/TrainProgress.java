package dev.slt.cli;

import dev.slt.nn.train.Callback;
import dev.slt.nn.train.EpochLog;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Training progress on stderr. On a terminal: one bar redrawn in place (at most ten times a second)
 * with loss, accuracy, images/s and ETA, and a summary line per epoch. Otherwise (a log file, a CI
 * job): a plain line at every tenth of an epoch and the summary, so logs stay readable.
 */
final class TrainProgress implements Callback {

    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final int columns;
    private int epochs, stepsPerEpoch;
    private long lastDraw;
    private boolean barShown;

    TrainProgress(PrintWriter err, boolean terminal, int columns) {
        this.err = err;
        this.terminal = terminal;
        this.columns = Math.max(40, columns);
    }

    /** The ./slt launcher filters stderr through a pipe, so it tells us whether the real stderr is a terminal. */
    static boolean isTerminal() {
        if (System.getProperty("slt.stderr.tty") != null) return Boolean.getBoolean("slt.stderr.tty");
        var console = System.console();
        return console != null && console.isTerminal();
    }

    static int columns() {
        return Integer.getInteger("slt.columns", 80);
    }

    @Override
    public void onTrainStart(int startEpoch, int epochs, int stepsPerEpoch) {
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    @Override
    public void onStep(Step s) {
        boolean lastStep = s.step() + 1 == s.steps();
        if (terminal) {
            long now = System.nanoTime();
            if (!lastStep && now - lastDraw < REDRAW_NANOS) return;
            lastDraw = now;
            String text = String.format(Locale.ROOT, " %d/%d loss %.4f acc %5.1f%% %6.0f img/s ETA %s",
                    s.step() + 1, s.steps(), s.runningLoss(), 100 * s.runningAccuracy(), s.imagesPerSecond(), eta(s));
            String head = String.format(Locale.ROOT, "epoch %d/%d ", s.epoch() + 1, epochs);
            int width = Math.max(10, columns - 1 - head.length() - text.length() - 2);
            int filled = (int) ((long) width * (s.step() + 1) / s.steps());
            String bar = "[" + "=".repeat(filled) + " ".repeat(width - filled) + "]";
            err.print("\r" + head + bar + text);
            err.flush();
            barShown = true;
        } else {
            int every = Math.max(1, s.steps() / 10);
            if ((s.step() + 1) % every != 0 && !lastStep) return;
            err.printf(Locale.ROOT, "epoch %d/%d step %d/%d loss %.4f acc %.1f%% %.0f img/s ETA %s%n", s.epoch() + 1, epochs,
                    s.step() + 1, s.steps(), s.runningLoss(), 100 * s.runningAccuracy(), s.imagesPerSecond(), eta(s));
        }
    }

    /** Training time left for this and later epochs, at this epoch's step rate (evaluation not counted). */
    private String eta(Step s) {
        long done = s.step() + 1;
        long left = (long) (epochs - s.epoch() - 1) * stepsPerEpoch + (s.steps() - done);
        long seconds = Math.round(s.nanos() / 1e9 / done * left);
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    @Override
    public void onEpochEnd(EpochLog log) {
        if (barShown) err.println();
        barShown = false;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d: train loss %.4f acc %.2f%%",
                log.epoch() + 1, epochs, log.get("train_loss"), 100 * log.get("train_accuracy")));
        if (log.has("val_accuracy")) sb.append(String.format(Locale.ROOT, " | val loss %.4f acc %.2f%%", log.get("val_loss"), 100 * log.get("val_accuracy")));
        if (log.has("test_accuracy")) sb.append(String.format(Locale.ROOT, " | test loss %.4f acc %.2f%%", log.get("test_loss"), 100 * log.get("test_accuracy")));
        sb.append(String.format(Locale.ROOT, " | %.0f img/s, %.1f s", log.get("images_per_second"), log.get("train_seconds")));
        err.println(sb);
        err.flush();
    }
}
