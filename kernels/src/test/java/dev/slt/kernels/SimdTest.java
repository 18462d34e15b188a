package dev.slt.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jdk.incubator.vector.FloatVector;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.Size;

class SimdTest {

    /** The pairwise tree in plain float arithmetic: lane i += lane i + half, half = L/2, L/4, ..., 1. */
    static float treeSum(float[] lanes) {
        float[] v = lanes.clone();
        for (int half = v.length / 2; half >= 1; half /= 2) {
            float[] next = new float[v.length];
            for (int i = 0; i < v.length; i++) next[i] = v[i] + v[(i + half) % v.length];
            v = next;
        }
        return v[0];
    }

    @Property(tries = 200, seed = "5")
    void sumLanesIsExactlyTheFixedPairwiseTree(@ForAll @Size(64) float[] values,
                                               @ForAll @FloatRange(min = -1e6f, max = 1e6f) float scale) {
        float[] lanes = new float[Simd.F.length()];
        for (int i = 0; i < lanes.length; i++) lanes[i] = Float.isFinite(values[i]) ? values[i] * 1e-30f * scale : scale;
        assertEquals(Float.floatToIntBits(treeSum(lanes)),
                Float.floatToIntBits(Simd.sumLanes(FloatVector.fromArray(Simd.F, lanes, 0))));
    }
}
