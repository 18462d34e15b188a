package dev.slt.cli;

import dev.slt.datasets.fetch.FetchListener;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Locale;

/**
 * Download progress on stderr in TrainProgress's style: on a terminal one line redrawn in place (at
 * most ten times a second) with bytes, percentage and rate; otherwise a plain line at every tenth of
 * the file (every 16 MiB when the size is unknown).
 */
final class FetchProgress implements FetchListener {

    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long UNKNOWN_STEP = 16L << 20;

    private final PrintWriter err;
    private final boolean terminal;
    private long lastDraw, nextMark;
    private boolean lineShown;

    FetchProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void present(String file) {
        err.println(file + ": already present, checksum verified; not downloaded");
    }

    @Override
    public void started(String file, URI url, long totalBytes) {
        err.println(file + ": downloading " + url + (totalBytes >= 0 ? " (" + mib(totalBytes) + ")" : ""));
        nextMark = totalBytes > 0 ? totalBytes / 10 : UNKNOWN_STEP;
        lastDraw = 0;
    }

    @Override
    public void progress(String file, long bytes, long totalBytes, long nanos) {
        if (terminal) {
            long now = System.nanoTime();
            if (now - lastDraw < REDRAW_NANOS && bytes != totalBytes) return;
            lastDraw = now;
            err.print("\r" + line(file, bytes, totalBytes, nanos) + "   ");
            err.flush();
            lineShown = true;
        } else if (bytes >= nextMark && bytes != totalBytes) {
            err.println(line(file, bytes, totalBytes, nanos));
            long step = totalBytes > 0 ? Math.max(1, totalBytes / 10) : UNKNOWN_STEP;
            while (nextMark <= bytes) nextMark += step;  // one line even when a read jumps several marks
        }
    }

    @Override
    public void verified(String file, long bytes, long nanos) {
        if (lineShown) err.println();
        lineShown = false;
        err.printf(Locale.ROOT, "%s: %s in %.1f s (%s/s), checksum verified%n", file, mib(bytes), nanos / 1e9, mib((long) (bytes / Math.max(nanos / 1e9, 1e-9))));
    }

    @Override
    public void extracting(String file) {
        err.println(file + ": unpacking");
    }

    private static String line(String file, long bytes, long total, long nanos) {
        String rate = mib((long) (bytes / Math.max(nanos / 1e9, 1e-9))) + "/s";
        return total > 0 ? String.format(Locale.ROOT, "%s: %s of %s (%3.0f%%) %s", file, mib(bytes), mib(total), 100.0 * bytes / total, rate)
                : String.format(Locale.ROOT, "%s: %s %s", file, mib(bytes), rate);
    }

    private static String mib(long bytes) {
        return bytes < 1 << 20 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0) : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
