package dev.slt.opencl;

/** A kernel Aparapi cannot translate (it creates an object), so it must never run on the device. */
public final class UnsupportedKernel extends DeviceKernel {

    float[] out = new float[4];

    @Override
    public void run() {
        out[getGlobalId()] = new StringBuilder().length() + 1f;
    }
}
