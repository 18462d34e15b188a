package dev.slt.opencl;

import dev.slt.kernels.ConvDevice;
import dev.slt.kernels.PreparedConv;

/**
 * The {@link ConvDevice} of an OpenCL device: dense, channel-slimmed and block-sparse convs get a {@link DeviceConv}
 * twin; CSR (there is no OpenCL CSR kernel) and grouped convs stay on the CPU, as their {@link PreparedConv#device()}
 * says.
 */
public final class OpenClConvs implements ConvDevice {

    private final OpenClKernels k;

    public OpenClConvs(OpenClKernels k) {
        this.k = k;
    }

    @Override
    public String name() {
        return k.deviceName();
    }

    @Override
    public PreparedConv place(PreparedConv conv) {
        return DeviceConv.of(k, conv).<PreparedConv>map(d -> d).orElse(conv);
    }

    /** The kernels the twins run on. */
    public OpenClKernels kernels() {
        return k;
    }
}
