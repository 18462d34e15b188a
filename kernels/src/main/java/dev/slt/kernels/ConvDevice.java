package dev.slt.kernels;

/**
 * Where the prepared convs of a benchmark or an inference plan run. A device backend (a module above this one,
 * such as OpenCL) implements it by giving a {@link PreparedConv} its twin on the device where it has a kernel
 * for it; {@link #CPU} keeps every conv on the kernels it was built with.
 */
public interface ConvDevice {

    /** Every conv stays as it is: the Vector API kernels of this module. */
    ConvDevice CPU = new ConvDevice() {
        @Override
        public String name() {
            return "cpu";
        }

        @Override
        public PreparedConv place(PreparedConv conv) {
            return conv;
        }
    };

    /** The device's name, as printed. */
    String name();

    /** {@code conv} computed on this device (same results), or {@code conv} itself where the device has no kernel for it. */
    PreparedConv place(PreparedConv conv);
}
