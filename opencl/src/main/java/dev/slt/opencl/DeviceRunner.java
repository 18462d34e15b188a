package dev.slt.opencl;

import com.aparapi.Range;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.exception.CompileFailedException;
import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Launches kernels on one OpenCL device. Each kernel is compiled for the device before its first launch;
 * a kernel that fails to compile, throws, or is handed to Java by Aparapi is switched off for the rest of
 * the process with one stderr line naming it and the reason, and the caller runs its CPU kernel.
 */
final class DeviceRunner {

    private final OpenCLDevice device;
    private final PrintStream notices;
    private final Set<String> off = ConcurrentHashMap.newKeySet();
    private final Set<DeviceKernel> compiled = ConcurrentHashMap.newKeySet();

    DeviceRunner(OpenCLDevice device, PrintStream notices) {
        this.device = device;
        this.notices = notices;
    }

    OpenCLDevice device() {
        return device;
    }

    /** Whether kernel {@code name} may still be tried on the device. */
    boolean usable(String name) {
        return !off.contains(name);
    }

    /** The kernels switched off so far (tests assert this is empty after a run). */
    Set<String> switchedOff() {
        return Set.copyOf(off);
    }

    /**
     * Runs {@code k} over {@code range} on the device. Returns false, without having computed anything,
     * when the kernel cannot run there; the caller then runs its CPU kernel.
     */
    boolean launch(String name, DeviceKernel k, Range range) {
        if (off.contains(name)) return false;
        try {
            if (compiled.add(k)) k.compile(device);
            k.fellBack = false;
            k.execute(range);
        } catch (CompileFailedException e) {
            return switchOff(name, "OpenCL compile failed: " + oneLine(e));
        } catch (RuntimeException | AssertionError e) {
            // Aparapi reports a device it has marked failed for this kernel class with an Error
            return switchOff(name, oneLine(e));
        }
        if (k.fellBack || !k.isRunningCL())
            return switchOff(name, "Aparapi could not run it in OpenCL and fell back to Java");
        return true;
    }

    /** A 1D range of at least {@code n} work items in groups of {@code group}. */
    Range range(int n, int group) {
        return Range.create(device, roundUp(n, group), group);
    }

    /** A 2D range covering {@code (cols, rows)} in square {@code tile × tile} groups. */
    Range range2D(int cols, int rows, int tile) {
        return Range.create2D(device, roundUp(cols, tile), roundUp(rows, tile), tile, tile);
    }

    /** The range for {@link GemmKernel} over an m × n product. */
    Range gemmRange(int m, int n) {
        return Range.create2D(device, GemmKernel.groupsCovering(n), GemmKernel.groupsCovering(m), GemmKernel.GROUP, GemmKernel.GROUP);
    }

    static int roundUp(int n, int m) {
        return Math.max(m, (n + m - 1) / m * m);
    }

    private boolean switchOff(String name, String why) {
        if (off.add(name))
            notices.println("slt: OpenCL kernel '" + name + "' cannot run on " + device.getName().trim()
                    + " (" + why + "); using the Vector API kernel");
        return false;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        m = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
