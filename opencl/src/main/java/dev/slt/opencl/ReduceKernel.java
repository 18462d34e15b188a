package dev.slt.opencl;

/**
 * Sum, max or dot of {@code n} elements in two stages: each work-group of {@link #GROUP} items folds a
 * strided share of the input, then a tree in local memory, into {@code partial[group]}; the host folds
 * the few partials. Max propagates NaN (a NaN, once taken, is never replaced since NaN compares false).
 */
public final class ReduceKernel extends DeviceKernel {

    static final int GROUP = 64;
    // names must also be legal OpenCL C: Aparapi keeps them, so no "half", "float4", ...
    static final int SUM = 0, MAX = 1, DOT = 2;

    float[] a = new float[1], b = new float[1], partial = new float[1];
    int aOff, bOff, n, op;
    /** Passed in, not written as a constant: Aparapi would print the literal as {@code -Infinityf}, not OpenCL C. */
    float lowest = Float.NEGATIVE_INFINITY;

    @Local final float[] scratch = new float[GROUP];

    @Override
    public void run() {
        int lid = getLocalId(), stride = getGlobalSize();
        float acc = 0f;
        if (op == MAX) acc = lowest;
        for (int i = getGlobalId(); i < n; i += stride) {
            float v = a[aOff + i];
            if (op == SUM) acc += v;
            else if (op == DOT) acc += v * b[bOff + i];
            else if (v > acc || v != v) acc = v;
        }
        scratch[lid] = acc;
        localBarrier();
        for (int span = GROUP / 2; span > 0; span /= 2) {
            if (lid < span) {
                float other = scratch[lid + span];
                if (op == MAX) {
                    float mine = scratch[lid];
                    if (mine == mine && (other > mine || other != other)) scratch[lid] = other;
                } else {
                    scratch[lid] = scratch[lid] + other;
                }
            }
            localBarrier();
        }
        if (lid == 0) partial[getGroupId()] = scratch[0];
    }
}
