package dev.slt.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.SplittableRandom;

/** The shared device backend for the parity tests, or a skip with the reason when there is no device. */
final class OpenClTestSupport {

    static final double TOLERANCE = 1e-4;

    private static final String NO_DEVICE =
            "no OpenCL device found (install an OpenCL driver, e.g. Debian's pocl-opencl-icd): OpenCL parity tests skipped";
    private static final Optional<OpenClKernels> KERNELS = OpenClKernels.onBestDevice();

    static {
        // JUnit records the reason in the reports; say it on the console too, once, so a skip is never missed
        if (KERNELS.isEmpty()) System.err.println("slt-opencl: " + NO_DEVICE);
    }

    private OpenClTestSupport() {}

    /** The backend on the best OpenCL device; skips the calling test when Aparapi finds none. */
    static OpenClKernels kernels() {
        assumeTrue(KERNELS.isPresent(), NO_DEVICE);
        return KERNELS.get();
    }

    /** Fails unless every device kernel used so far really ran in OpenCL (none was switched to the CPU). */
    static void assertRanOnDevice(OpenClKernels k) {
        assertTrue(k.switchedOff().isEmpty(), "kernels that did not run on " + k.deviceName() + ": " + k.switchedOff());
    }

    static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }

    /** max |actual − expected| ≤ 1e-4 · max(1, max |expected|). */
    static void assertClose(float[] expected, float[] actual, String what) {
        double scale = 1, err = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            double d = Math.abs((double) actual[i] - expected[i]);
            err = Double.isNaN(d) && !(Float.isNaN(expected[i]) && Float.isNaN(actual[i])) ? Double.POSITIVE_INFINITY : Math.max(err, Double.isNaN(d) ? 0 : d);
        }
        assertTrue(err <= TOLERANCE * scale, what + ": max error " + err + " > " + TOLERANCE + " × " + scale);
    }

    static void assertClose(float expected, float actual, double scale, String what) {
        double err = Math.abs((double) actual - expected);
        assertTrue(err <= TOLERANCE * Math.max(1, scale), what + ": " + actual + " vs " + expected);
    }
}
