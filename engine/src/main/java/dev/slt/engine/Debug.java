package dev.slt.engine;

/**
 * NaN/Inf hunting. When on, every op checks its output when it runs and the gradients its derivative
 * rule produced when backward runs, and throws {@link NonFiniteException} naming the op. Off by default
 * (it costs a pass over every tensor); switched on by {@code -Dslt.debug.nan=true} or
 * {@link #checkNaN(boolean)}.
 */
public final class Debug {

    private static volatile boolean checkNaN = Boolean.getBoolean("slt.debug.nan");

    private Debug() {}

    /** Turns the NaN/Inf checks on or off for the whole process. */
    public static void checkNaN(boolean on) {
        checkNaN = on;
    }

    public static boolean checkingNaN() {
        return checkNaN;
    }

    /** Throws if {@code values} holds a NaN or an infinity; {@code what} says where it came from. */
    static void requireFinite(float[] values, Shape shape, String op, String what) {
        if (values == null) return;
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i]))
                throw new NonFiniteException(op, op + ": " + values[i] + " in " + what + " " + shape + " at flat index " + i);
        }
    }
}
