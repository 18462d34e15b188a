package dev.slt.cli;

import dev.slt.kernels.Backends;
import dev.slt.kernels.ConvDevice;
import dev.slt.kernels.Kernels;
import dev.slt.kernels.VectorKernels;
import dev.slt.opencl.OpenClConvs;
import dev.slt.opencl.OpenClDevices;
import dev.slt.opencl.OpenClKernels;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --device cpu|opencl|auto}, a mixin for every command that runs kernels: cpu is the Vector API
 * backend; opencl the best OpenCL device (a runtime error when there is none); auto a GPU when Aparapi
 * finds one, else cpu.
 */
final class DeviceOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    // no default value: without --device the backend configured by slt.backend / SLT_BACKEND stays
    @Option(names = "--device", paramLabel = "DEV",
            description = "Kernel backend: cpu (Vector API), opencl (best OpenCL device) or auto (a GPU if found, else cpu) (default: cpu).")
    String device;

    /** The chosen backend, installed process-wide with {@link Backends#use}; without --device, the current one. */
    Kernels install() {
        if (device == null) return Backends.current();
        Kernels k = choose();
        Backends.use(k);
        return k;
    }

    private Kernels choose() {
        return switch (device.trim().toLowerCase(Locale.ROOT)) {
            case "cpu" -> new VectorKernels();
            case "opencl" -> OpenClKernels.onBestDevice().orElseThrow(() -> new IllegalStateException(
                    "--device opencl: no OpenCL device found (install an OpenCL driver such as pocl-opencl-icd, or use --device cpu)"));
            case "auto" -> OpenClDevices.bestGpu().<Kernels>map(d -> new OpenClKernels(d, System.err)).orElseGet(VectorKernels::new);
            default -> throw new ParameterException(mixee.commandLine(), "--device must be cpu, opencl or auto, got '" + device + "'");
        };
    }

    /** Where prepared convs run with backend {@code k}: its OpenCL device (twins where it has kernels), else the CPU. */
    static ConvDevice convDevice(Kernels k) {
        return k instanceof OpenClKernels ocl ? new OpenClConvs(ocl) : ConvDevice.CPU;
    }

    /** A table cell for where a conv ran ({@code PreparedConv.device()}): {@code cpu} or {@code device}. */
    static String where(String device) {
        return "cpu".equals(device) ? "cpu" : "device";
    }

    /** How the chosen backend is named in output: the OpenCL device's name, else {@code cpu}. */
    static String describe(Kernels k) {
        return k instanceof OpenClKernels ocl ? ocl.deviceName() : "cpu";
    }
}
