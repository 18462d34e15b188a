package dev.slt.opencl;

import com.aparapi.Kernel;
import com.aparapi.Range;

/**
 * Base of SLT's Aparapi kernels. Aparapi, when a kernel cannot run in OpenCL, falls back to Java: first
 * to the kernel's "alternative algorithm", then to its Java thread pool. Our alternative algorithm
 * does nothing but note the fallback, so a kernel never computes on the thread pool behind SLT's back:
 * {@link DeviceRunner} sees {@link #fellBack} and runs the Vector API kernel instead.
 */
public abstract class DeviceKernel extends Kernel {

    /** Set when Aparapi handed this launch to Java instead of the OpenCL device. */
    volatile boolean fellBack;

    @Override
    public boolean hasFallbackAlgorithm() {
        return true;
    }

    @Override
    public void executeFallbackAlgorithm(Range range, int passes) {
        fellBack = true;
    }
}
