package dev.slt.kernels;

/**
 * Chooses the kernel backend once per process. Default {@code vector}; the system property
 * {@code slt.backend}, else the environment variable {@code SLT_BACKEND} ({@code scalar} or
 * {@code vector}), overrides it.
 */
public final class Backends {

    private static volatile Kernels current;

    private Backends() {}

    /** The process-wide backend. */
    public static Kernels current() {
        Kernels k = current;
        if (k == null) {
            synchronized (Backends.class) {
                if (current == null) current = byName(configuredName());
                k = current;
            }
        }
        return k;
    }

    private static String configuredName() {
        String name = System.getProperty("slt.backend");
        if (name == null || name.isBlank()) name = System.getenv("SLT_BACKEND");
        return name == null || name.isBlank() ? "vector" : name;
    }

    /** Replaces the process-wide backend (tests and the CLI's {@code --device}). */
    public static synchronized void use(Kernels kernels) {
        current = kernels;
    }

    /** The backend called {@code name}: {@code scalar} or {@code vector}. */
    public static Kernels byName(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "scalar" -> new ScalarKernels();
            case "vector", "cpu" -> new VectorKernels();
            default -> throw new IllegalArgumentException("unknown kernel backend '" + name + "' (valid: scalar, vector)");
        };
    }
}
