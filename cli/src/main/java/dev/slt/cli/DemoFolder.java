package dev.slt.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The demo's --out rules: an empty or missing folder is used; a non-empty one needs --resume (continue)
 * or --force (start afresh), and --force deletes only a folder that holds a demo's files, so a mistyped
 * --out never costs a user their data.
 */
final class DemoFolder {

    private DemoFolder() {}

    /** Clears the folder where --force asks for it; returns the refusal message (exit 2) or null to go on. */
    static String prepare(Path out, boolean resume, boolean force) {
        if (resume || !Files.isDirectory(out) || isEmpty(out)) return null;
        if (!force) return out + " already holds files; pass --resume to continue the demo there, --force to delete it and start afresh, "
                + "or choose another --out";
        if (!looksLikeDemo(out)) return out + " does not look like a demo folder (no demo.json, dense/ or " + String.join("/, ", DemoSettings.METHODS)
                + "/), so --force will not delete it; choose another --out";
        try (Stream<Path> all = Files.walk(out)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) if (!p.equals(out)) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + out + ": " + e.getMessage(), e);
        }
        return null;
    }

    private static boolean looksLikeDemo(Path out) {
        if (Files.isRegularFile(out.resolve("demo.json")) || Files.isDirectory(out.resolve("dense"))) return true;
        return DemoSettings.METHODS.stream().anyMatch(m -> Files.isDirectory(out.resolve(m)));
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
