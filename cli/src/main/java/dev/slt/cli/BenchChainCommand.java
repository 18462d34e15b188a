package dev.slt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slt.kernels.Kernels;
import dev.slt.kernels.VectorKernels;
import dev.slt.opencl.DeviceBuffer;
import dev.slt.opencl.DeviceMatrices;
import dev.slt.opencl.OpenClDevices;
import dev.slt.opencl.OpenClKernels;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code slt bench chain}: a chain of L products {@code x ← W_i · x} (N×N) on the OpenCL device, once
 * copying every operand to the device and back on each product, once with the weights resident and
 * only the input and the result crossing; the Vector API backend runs the same chain for reference.
 */
@Command(name = "chain", mixinStandardHelpOptions = true,
        description = "GEMM chain on the OpenCL device: copies per product vs. data resident on the device.")
final class BenchChainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--size", paramLabel = "N", defaultValue = "512", description = "Matrix size N (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--length", paramLabel = "L", defaultValue = "8", description = "Products in the chain (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "5", description = "Timed chains per variant (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (size < 1 || size > 8192) throw new ParameterException(spec.commandLine(), "--size must be in 1..8192, got " + size);
        if (length < 1 || length > 64) throw new ParameterException(spec.commandLine(), "--length must be in 1..64, got " + length);
        if (repeats < 1) throw new ParameterException(spec.commandLine(), "--repeats must be >= 1, got " + repeats);
        OpenClKernels ocl = OpenClKernels.onBestDevice().orElseThrow(() -> new IllegalStateException(
                "bench chain: no OpenCL device found (install an OpenCL driver such as pocl-opencl-icd)"));
        int n = size, nn = n * n;
        SplittableRandom rnd = new SplittableRandom(3);
        float[][] w = new float[length][];
        for (int i = 0; i < length; i++) w[i] = random(rnd, nn, 1.0 / Math.sqrt(n));
        float[] x0 = random(rnd, nn, 1);

        DeviceMatrices dev = new DeviceMatrices(ocl, (length + 2) * nn);
        DeviceBuffer[] dw = new DeviceBuffer[length];
        for (int i = 0; i < length; i++) dw[i] = dev.upload(w[i]);
        DeviceBuffer p = dev.allocate(nn), q = dev.allocate(nn);

        float[][] result = new float[3][];
        double[] copying = new double[repeats], resident = new double[repeats], cpu = new double[repeats];
        for (int r = -1; r < repeats; r++) {  // r = -1: warm-up (kernel compilation, JIT)
            long t0 = System.nanoTime();
            result[0] = chain(ocl, w, x0, n);
            long t1 = System.nanoTime();
            result[1] = residentChain(dev, dw, p, q, x0, n);
            long t2 = System.nanoTime();
            result[2] = chain(new VectorKernels(), w, x0, n);
            long t3 = System.nanoTime();
            if (r >= 0) {
                copying[r] = (t1 - t0) / 1e6;
                resident[r] = (t2 - t1) / 1e6;
                cpu[r] = (t3 - t2) / 1e6;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("size", n);
        out.put("length", length);
        out.put("device", ocl.deviceName());
        out.put("copying_ms", round(BenchGemmCommand.median(copying)));
        out.put("resident_ms", round(BenchGemmCommand.median(resident)));
        out.put("vector_ms", round(BenchGemmCommand.median(cpu)));
        out.put("resident_transfers_per_chain", 2);
        out.put("copying_transfers_per_chain", 2 * length);
        // bytes over the host-device link per chain: the arena ((L+2)·N² floats) there and back, vs.
        // A, B and C staged together (3·N² floats) there and back for every product
        out.put("resident_mb_per_chain", round(2.0 * (length + 2) * nn * 4 / 1e6));
        out.put("copying_mb_per_chain", round(2.0 * length * 3 * nn * 4 / 1e6));
        out.put("max_abs_diff_resident_vs_copying", maxAbsDiff(result[0], result[1]));
        out.put("repeats", repeats);
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(new ObjectMapper().writeValueAsString(out));
        } else {
            o.printf("GEMM chain, %d products of %d×%d on %s, median of %d%n", length, n, n,
                    OpenClDevices.describe(ocl.device()), repeats);
            o.printf("  copying each product   %10.1f ms  (%d transfers, %.1f MB)%n", BenchGemmCommand.median(copying),
                    out.get("copying_transfers_per_chain"), out.get("copying_mb_per_chain"));
            o.printf("  resident on the device %10.1f ms  (2 transfers, %.1f MB)%n", BenchGemmCommand.median(resident),
                    out.get("resident_mb_per_chain"));
            o.printf("  Vector API (CPU)       %10.1f ms%n", BenchGemmCommand.median(cpu));
        }
        return ExitCodes.OK;
    }

    /** x ← W_i · x for each i, every call through {@code k} (the OpenCL backend copies per call). */
    private static float[] chain(Kernels k, float[][] w, float[] x0, int n) {
        float[] x = x0.clone(), y = new float[x0.length];
        for (float[] wi : w) {
            k.gemm(false, false, n, n, n, 1f, wi, 0, n, x, 0, n, 0f, y, 0, n);
            float[] t = x;
            x = y;
            y = t;
        }
        return x;
    }

    /** The same chain with the weights resident: one upload of x, L products, one download. */
    private static float[] residentChain(DeviceMatrices dev, DeviceBuffer[] w, DeviceBuffer p, DeviceBuffer q, float[] x0, int n) {
        dev.write(p, x0);
        DeviceBuffer x = p, y = q;
        for (DeviceBuffer wi : w) {
            dev.gemm(false, false, n, n, n, 1f, wi, n, x, n, 0f, y, n);
            DeviceBuffer t = x;
            x = y;
            y = t;
        }
        return dev.read(x);
    }

    private static float[] random(SplittableRandom rnd, int len, double scale) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        return x;
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
