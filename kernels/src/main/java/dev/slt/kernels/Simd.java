package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** The one SIMD species of the CPU kernels, and a lane sum whose order is fixed. */
final class Simd {

    /** The widest float species the CPU offers (16 lanes with AVX-512). */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Rotations by L/2, L/4, ..., 1 lanes: the steps of a pairwise lane sum. */
    private static final VectorShuffle<Float>[] HALVES = halves();

    private Simd() {}

    /**
     * Σ of the lanes as a fixed pairwise tree (lane i + lane i+L/2, then +L/4, ...), so the result is
     * the same interpreted and compiled: {@code reduceLanes(ADD)} leaves the float order open, which
     * made results depend on whether the JIT had compiled a kernel yet.
     */
    static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> s : HALVES) v = v.add(v.rearrange(s));
        return v.lane(0);
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] halves() {
        int lanes = F.length(), steps = Integer.numberOfTrailingZeros(lanes);
        VectorShuffle<Float>[] out = new VectorShuffle[steps];
        for (int k = 0, shift = lanes / 2; k < steps; k++, shift /= 2) {
            int s = shift;
            out[k] = VectorShuffle.fromOp(F, i -> (i + s) % lanes);
        }
        return out;
    }
}
