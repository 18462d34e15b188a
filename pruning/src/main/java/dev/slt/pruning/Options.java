package dev.slt.pruning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * String options of a named pruning method ({@code rate=0.2}, {@code criterion=l2}), as a CLI passes
 * them, read into a method's parameter record. Each read names its key; {@link #checkAllRead} then
 * refuses a key no read asked for, so a misspelt option fails instead of being ignored.
 */
public final class Options {

    private final String owner;
    private final Map<String, String> values;
    private final TreeSet<String> read = new TreeSet<>();

    /** Options {@code values} for the method named {@code owner} (used in error messages). */
    public Options(String owner, Map<String, String> values) {
        this.owner = owner;
        this.values = new LinkedHashMap<>(values);
    }

    public static Options none(String owner) {
        return new Options(owner, Map.of());
    }

    public double getDouble(String key, double fallback) {
        String v = take(key);
        if (v == null) return fallback;
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(owner + ": option " + key + "='" + v + "' is not a number");
        }
    }

    public int getInt(String key, int fallback) {
        String v = take(key);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(owner + ": option " + key + "='" + v + "' is not an integer");
        }
    }

    /** The value, which must be one of {@code allowed}. */
    public String getChoice(String key, String fallback, List<String> allowed) {
        String v = take(key);
        if (v == null) return fallback;
        if (!allowed.contains(v.strip()))
            throw new IllegalArgumentException(owner + ": option " + key + "='" + v + "' is not one of " + allowed);
        return v.strip();
    }

    private String take(String key) {
        read.add(key);
        return values.get(key);
    }

    /** Throws if an option was given that no read asked for. */
    public void checkAllRead() {
        var unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty())
            throw new IllegalArgumentException(owner + ": unknown option(s) " + unknown + " (valid: " + read + ")");
    }
}
