package dev.slt.cli;

import dev.slt.nn.train.Callback;
import dev.slt.nn.train.EpochLog;
import dev.slt.pruning.lottery.LotteryListener;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where {@code slt demo} is, on stderr: phase k of n (each training, then the benchmark), what it does,
 * its epoch and step, and the time left for the whole demo. The ETA counts work units (one per training
 * step; the benchmark as the steps its forwards are worth) and divides the time spent in this process by
 * the units done in it, so phases skipped on --resume count neither way. On a terminal one line is
 * redrawn in place; otherwise (a log) a plain line per phase, per tenth of a training and per epoch.
 */
final class DemoProgress implements LotteryListener {

    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final int columns, epochs, phases, trainingPhases;
    private final long benchUnits;
    private final long start = System.nanoTime();
    private final Set<String> seen = new HashSet<>();
    private String method = "", what = "";
    private int phase, trainingsLeft, stepsPerEpoch;
    private long unitsDone, phaseUnitsLeft, lastDraw;
    private boolean barShown;

    DemoProgress(PrintWriter err, boolean terminal, int columns, DemoSettings s, int benchTickets) {
        this.err = err;
        this.terminal = terminal;
        this.columns = Math.max(60, columns);
        this.epochs = s.epochs();
        this.trainingPhases = s.trainings();
        this.trainingsLeft = trainingPhases;
        this.phases = trainingPhases + 1;
        // a forward costs about a third of a training step; each ticket runs the dense and the ticket plan
        this.benchUnits = Math.max(1, (long) benchTickets * (s.benchRepeats() + s.benchWarmup()) * 2 * s.benchBatch() / (3L * s.batch()));
    }

    /** The lottery run whose phases follow. */
    void method(String m) {
        this.method = m;
    }

    /** Counted phases: the dense training once, and every method's ticket trainings (IMP's reused ones are not phases). */
    private boolean counted(String phaseName) {
        boolean training = phaseName.startsWith("dense training") || phaseName.matches("round \\d+: ticket training.*");
        String key = phaseName.startsWith("dense training") ? "dense" : method + ":" + phaseName.replaceAll(" \\(.*", "");
        return training && seen.add(key);
    }

    @Override
    public void phaseStarted(String name) {
        if (counted(name)) {
            phase++;
            trainingsLeft--;
            phaseUnitsLeft = stepsPerEpoch == 0 ? 0 : (long) epochs * stepsPerEpoch;
        }
        what = (method.isEmpty() || name.startsWith("dense") ? "" : method + ": ") + name.replaceAll(" \\(.*", "");
        line(String.format(Locale.ROOT, "demo [%d/%d] %s%s", Math.max(phase, 1), phases, method.isEmpty() || name.startsWith("dense") ? "" : method + ": ", name));
    }

    @Override
    public void phaseSkipped(String name) {
        if (counted(name)) {
            phase++;
            trainingsLeft--;
            line(String.format(Locale.ROOT, "demo [%d/%d] %s%s: done before, skipped", phase, phases, name.startsWith("dense") ? "" : method + ": ", name));
        }
    }

    /** The benchmark phase (the last): {@code i} of {@code n} tickets. */
    void benchmark(int i, int n, String ticket) {
        if (i == 0) phase = phases;
        what = "benchmark";
        long per = benchUnits / Math.max(1, n);
        if (i > 0) unitsDone += per;
        phaseUnitsLeft = per * (n - i);
        if (i == n) {
            line(String.format(Locale.ROOT, "demo [%d/%d] benchmark: %d tickets timed", phases, phases, n));
            return;
        }
        String text = String.format(Locale.ROOT, "demo [%d/%d] benchmark %d/%d: %s, ETA %s", phases, phases, i + 1, n, ticket, eta());
        if (terminal) draw(text, i, n);
        else line(text);
    }

    @Override
    public List<Callback> trainingCallbacks() {
        return List.of(new Callback() {
            private int startEpoch;

            @Override
            public void onTrainStart(int startEpoch, int epochs, int steps) {
                stepsPerEpoch = steps;
                this.startEpoch = startEpoch;
                phaseUnitsLeft = (long) (epochs - startEpoch) * steps;
            }

            @Override
            public void onStep(Step s) {
                unitsDone++;
                phaseUnitsLeft--;
                long doneInPhase = (long) (s.epoch() - startEpoch) * s.steps() + s.step() + 1, phaseUnits = doneInPhase + phaseUnitsLeft;
                String text = String.format(Locale.ROOT, "demo [%d/%d] %s, epoch %d/%d step %d/%d, ETA %s", phase, phases, what,
                        s.epoch() + 1, epochs, s.step() + 1, s.steps(), eta());
                boolean last = s.step() + 1 == s.steps();
                if (terminal) {
                    long now = System.nanoTime();
                    if (last || now - lastDraw >= REDRAW_NANOS) {
                        lastDraw = now;
                        draw(text, doneInPhase, phaseUnits);
                    }
                } else if ((s.step() + 1) % Math.max(1, s.steps() / 10) == 0 && !last) {
                    line(text);
                }
            }

            @Override
            public void onEpochEnd(EpochLog log) {
                String acc = log.has("val_accuracy") ? String.format(Locale.ROOT, ", val acc %.2f%%", 100 * log.get("val_accuracy")) : "";
                line(String.format(Locale.ROOT, "demo [%d/%d] %s, epoch %d/%d: train loss %.4f%s, %.1f s, ETA %s", phase, phases, what,
                        log.epoch() + 1, epochs, log.get("train_loss"), acc, log.get("train_seconds"), eta()));
            }
        });
    }

    /** Time left for the whole demo at this process's pace per unit; "?" before the first unit. */
    String eta() {
        if (unitsDone == 0 || stepsPerEpoch == 0) return "?";
        long left = phaseUnitsLeft + (long) trainingsLeft * epochs * stepsPerEpoch + (phase < phases ? benchUnits : 0);
        return clock(Math.round((System.nanoTime() - start) / 1e9 / unitsDone * Math.max(0, left)));
    }

    /** Seconds as m:ss or h:mm:ss. */
    static String clock(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private void draw(String text, long done, long total) {
        int width = Math.max(10, Math.min(30, columns - 3 - text.length()));
        int filled = (int) (total <= 0 ? 0 : Math.min(width, width * done / total));
        String bar = "[" + "=".repeat(filled) + " ".repeat(width - filled) + "] ";
        String s = bar + text;
        if (s.length() > columns - 1) s = s.substring(0, columns - 1);
        err.print("\r" + s + " ".repeat(Math.max(0, columns - 1 - s.length())));
        err.flush();
        barShown = true;
    }

    /** A finished line; on a terminal the bar is redrawn below it at the next step. */
    private void line(String text) {
        if (barShown) err.print("\r" + " ".repeat(columns - 1) + "\r");
        barShown = false;
        err.println(text);
        err.flush();
    }
}
