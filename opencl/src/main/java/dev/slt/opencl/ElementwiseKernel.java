package dev.slt.opencl;

/**
 * The elementwise ops of {@link dev.slt.kernels.Kernels} in one kernel, chosen by {@link #op}:
 * work item i computes {@code out[outOff + i]} from {@code a[aOff + i]} and {@code b[bOff + i]}.
 * Ops that read no {@code b} (or no {@code a}) get a 1-element placeholder: Aparapi refuses null arrays.
 */
public final class ElementwiseKernel extends DeviceKernel {

    static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, SCALE = 4, AXPY = 5, FILL = 6, RELU = 7, RELU_BACKWARD = 8;

    float[] a = new float[1], b = new float[1], out = new float[1];
    int aOff, bOff, outOff, n, op;
    float alpha;

    @Override
    public void run() {
        int i = getGlobalId();
        if (i < n) {
            int o = outOff + i;
            if (op == ADD) out[o] = a[aOff + i] + b[bOff + i];
            else if (op == SUB) out[o] = a[aOff + i] - b[bOff + i];
            else if (op == MUL) out[o] = a[aOff + i] * b[bOff + i];
            else if (op == DIV) out[o] = a[aOff + i] / b[bOff + i];
            else if (op == SCALE) out[o] = alpha * a[aOff + i];
            else if (op == AXPY) out[o] = out[o] + alpha * a[aOff + i];
            else if (op == FILL) out[o] = alpha;
            else if (op == RELU) out[o] = max(a[aOff + i], 0f);
            else if (a[aOff + i] > 0f) out[o] = out[o] + b[bOff + i]; // RELU_BACKWARD: a = x, b = dy
        }
    }
}
