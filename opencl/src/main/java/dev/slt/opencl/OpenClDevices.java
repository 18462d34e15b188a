package dev.slt.opencl;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds the OpenCL devices Aparapi can see. GPUs come first, then accelerators, then CPUs (PoCL);
 * within a kind, more compute units first.
 */
public final class OpenClDevices {

    // kept strongly reachable: java.util.logging holds loggers weakly, and a collected logger would forget its level
    private static final Logger APARAPI_LOG = Logger.getLogger("com.aparapi");

    static {
        // Aparapi logs a WARNING per fallback and per untested platform; SLT reports fallbacks itself, once
        APARAPI_LOG.setLevel(Level.SEVERE);
    }

    private OpenClDevices() {}

    /** Every OpenCL device, best first; empty when there is no OpenCL platform or its library is missing. */
    public static List<OpenCLDevice> all() {
        try {
            return OpenCLDevice.listDevices(null).stream()
                    .sorted(Comparator.comparingInt((OpenCLDevice d) -> rank(d.getType()))
                            .thenComparing(Comparator.comparingInt(OpenCLDevice::getMaxComputeUnits).reversed()))
                    .toList();
        } catch (LinkageError | RuntimeException e) {
            // no libOpenCL.so.1, or the JNI library failed to load: treat as "no device"
            return List.of();
        }
    }

    /** The best OpenCL device of any kind. */
    public static Optional<OpenCLDevice> best() {
        return all().stream().findFirst();
    }

    /** The best GPU, if Aparapi finds one. */
    public static Optional<OpenCLDevice> bestGpu() {
        return all().stream().filter(d -> d.getType() == Device.TYPE.GPU).findFirst();
    }

    /** One line describing a device, e.g. {@code "pthread-skylake-avx512 (CPU, 2 compute units)"}. */
    public static String describe(OpenCLDevice d) {
        return d.getName().trim() + " (" + d.getType() + ", " + d.getMaxComputeUnits() + " compute units)";
    }

    private static int rank(Device.TYPE t) {
        return switch (t) {
            case GPU -> 0;
            case ACC -> 1;
            case CPU -> 2;
            default -> 3;
        };
    }
}
