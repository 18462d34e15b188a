package dev.slt.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link VectorGemm} against {@link ScalarGemm} (double accumulation) on random shapes, strides,
 * offsets and transposes. Tolerance per element, the classic float dot-product bound
 * {@code γ(k+4) = (k+4)·2^-24} over the magnitudes involved:
 * {@code |vec − ref| ≤ (k+4)·2^-24·(|alpha|·Σ_p |a_ip·b_pj| + |beta·c_ij|) + 1e-30}
 * (k FMAs, the alpha product, the beta FMA and the reference's own rounding to float).
 */
class GemmParityTest {

    private static final float[] SCALARS = {0f, 1f, -0.5f, 2.3f};

    @Provide
    Arbitrary<Integer> dim() {
        int mr = GemmMicroKernel.MR, nr = GemmMicroKernel.NR;
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.of(0, 1, 2, 15, 16, 17, 31, 33, mr - 1, mr, mr + 1,
                        nr - 1, nr + 1, VectorGemm.KC - 1, VectorGemm.KC + 1, VectorGemm.MC + 1)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 300)));
    }

    @Provide
    Arbitrary<Float> scalar() {
        return Arbitraries.of(SCALARS[0], SCALARS[1], SCALARS[2], SCALARS[3]);
    }

    @Property(tries = 400, seed = "20261121")
    void matchesReference(@ForAll("dim") int m, @ForAll("dim") int n, @ForAll("dim") int k,
                          @ForAll boolean transA, @ForAll boolean transB,
                          @ForAll("scalar") float alpha, @ForAll("scalar") float beta,
                          @ForAll @IntRange(max = 9) int pad, @ForAll @IntRange(max = 7) int off,
                          @ForAll long seed) {
        check(new Case(transA, transB, m, n, k, alpha, beta, pad, off, seed));
    }

    /** Every element of C that is not in the m×n window keeps its bits, ld padding included. */
    @Property(tries = 60, seed = "7")
    void leavesPaddingUntouched(@ForAll("dim") int m, @ForAll("dim") int n, @ForAll("dim") int k,
                                @ForAll boolean transA, @ForAll boolean transB, @ForAll long seed) {
        Case t = new Case(transA, transB, m, n, k, 1.5f, -0.5f, 5, 3, seed);
        float[] c = t.c.clone();
        VectorGemm.gemm(t.transA, t.transB, m, n, k, t.alpha, t.a, t.aOff, t.lda, t.b, t.bOff, t.ldb,
                t.beta, c, t.cOff, t.ldc);
        for (int idx = 0; idx < c.length; idx++) {
            int r = idx - t.cOff;
            boolean inside = r >= 0 && r / t.ldc < m && r % t.ldc < n;
            if (!inside && Float.floatToRawIntBits(c[idx]) != Float.floatToRawIntBits(t.c[idx])) {
                fail("C[" + idx + "] outside the window changed: " + t.c[idx] + " -> " + c[idx]);
            }
        }
    }

    /** op(B) wider than one packed chunk (k·n above the packing limit) is done in column chunks. */
    @Example
    void wideBInChunks() {
        check(new Case(false, false, 100, 2100, 1030, 1f, 0f, 3, 1, 11));
        check(new Case(true, true, 5, 2100, 1030, -0.5f, 2.3f, 0, 0, 12));
    }

    /** B transposed, few rows and deep k take the dot-product kernel; partial tiles and a k % lanes tail. */
    @Example
    void dotKernelShapes() {
        check(new Case(false, true, 7, 13, 301, 1f, 0f, 2, 3, 21));
        check(new Case(false, true, 25, 800, 784, 2.3f, -0.5f, 0, 0, 22));
        check(new Case(false, true, 16, 144, 1024, 1f, 1f, 1, 1, 23));
    }

    /**
     * The packing paths on conv-backward shapes: A transposed in whole and partial MR panels (vector
     * copy and its scalar tail), B transposed below the dot kernel's depth (row-stream packing with a
     * zero-padded last panel), A not transposed with rows past a partial panel; offsets and padding.
     */
    @Example
    void packingShapes() {
        check(new Case(true, false, 576, 64, 64, 1f, 0f, 0, 0, 31));
        check(new Case(true, false, 803, 70, 37, -0.5f, 2.3f, 3, 5, 32));
        check(new Case(false, true, 64, 576, 64, 1f, 1f, 0, 0, 33));
        check(new Case(false, true, 130, 101, 130, 2.3f, -0.5f, 2, 1, 34));
        check(new Case(false, false, 61, 64, 576, 1f, 0f, 1, 3, 35));
    }

    /** Same bits with 1, 2 and 3 pool threads: each element's accumulation order is fixed. */
    @Example
    void sameBitsForEveryThreadCount() {
        int before = KernelPool.threads();
        try {
            for (Case t : new Case[] {
                    new Case(false, false, 300, 301, 299, 1f, 0f, 1, 2, 1),
                    new Case(true, false, 16, 1024, 144, 1f, 1f, 0, 0, 2),
                    new Case(false, true, 257, 64, 576, 2.3f, -0.5f, 3, 1, 3),
                    new Case(true, true, 70, 130, 400, -0.5f, 2.3f, 2, 5, 4),
                    new Case(false, true, 30, 150, 700, 1f, 0f, 1, 1, 5)}) {
                float[] first = null;
                for (int threads = 1; threads <= 3; threads++) {
                    KernelPool.setThreads(threads);
                    float[] c = t.c.clone();
                    VectorGemm.gemm(t.transA, t.transB, t.m, t.n, t.k, t.alpha, t.a, t.aOff, t.lda,
                            t.b, t.bOff, t.ldb, t.beta, c, t.cOff, t.ldc);
                    if (first == null) first = c;
                    for (int i = 0; i < c.length; i++) {
                        assertEquals(Float.floatToRawIntBits(first[i]), Float.floatToRawIntBits(c[i]),
                                "threads=" + threads + " element " + i);
                    }
                }
                check(t);
            }
        } finally {
            KernelPool.setThreads(before);
        }
    }

    private static void check(Case t) {
        float[] ref = t.c.clone(), vec = t.c.clone();
        ScalarGemm.gemm(t.transA, t.transB, t.m, t.n, t.k, t.alpha, t.a, t.aOff, t.lda, t.b, t.bOff, t.ldb,
                t.beta, ref, t.cOff, t.ldc);
        VectorGemm.gemm(t.transA, t.transB, t.m, t.n, t.k, t.alpha, t.a, t.aOff, t.lda, t.b, t.bOff, t.ldb,
                t.beta, vec, t.cOff, t.ldc);
        double u = Math.ulp(1f) / 2;
        for (int i = 0; i < t.m; i++) {
            for (int j = 0; j < t.n; j++) {
                double mag = 0;
                for (int p = 0; p < t.k; p++) mag += Math.abs((double) t.a(i, p) * t.b(p, j));
                int ci = t.cOff + i * t.ldc + j;
                double cOld = t.beta == 0f ? 0 : Math.abs((double) t.beta * t.c[ci]);
                double tol = (t.k + 4) * u * (Math.abs(t.alpha) * mag + cOld) + 1e-30;
                assertTrue(Float.isFinite(vec[ci]), () -> t + " C[" + ci + "] = " + vec[ci]);
                double err = Math.abs((double) vec[ci] - ref[ci]);
                if (err > tol) fail(t + ": C(" + i + "," + j + ") vec " + vec[ci] + " ref " + ref[ci] + " tol " + tol);
            }
        }
    }

    /** One problem: operands with random offsets and leading dimensions {@code pad} above the minimum. */
    private static final class Case {
        final boolean transA, transB;
        final int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
        final float alpha, beta;
        final float[] a, b, c;

        Case(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta, int pad, int off, long seed) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.beta = beta;
            SplittableRandom rnd = new SplittableRandom(seed);
            int aRows = transA ? k : m, aCols = transA ? m : k;
            int bRows = transB ? n : k, bCols = transB ? k : n;
            aOff = off;
            lda = aCols + pad;
            bOff = off + 1;
            ldb = bCols + pad;
            cOff = off + 2;
            ldc = n + pad;
            a = random(rnd, aOff + aRows * lda, 0f);
            b = random(rnd, bOff + bRows * ldb, 0f);
            // beta == 0 must overwrite C: fill it with NaN so any read of it shows
            c = random(rnd, cOff + m * ldc + pad, beta == 0f ? Float.NaN : 0f);
        }

        float a(int i, int p) {
            return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        float b(int p, int j) {
            return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        private static float[] random(SplittableRandom rnd, int len, float fill) {
            float[] x = new float[len];
            for (int i = 0; i < len; i++) x[i] = Float.isNaN(fill) ? Float.NaN : (float) (rnd.nextDouble() * 2 - 1);
            return x;
        }

        @Override
        public String toString() {
            return "gemm(tA=" + transA + ", tB=" + transB + ", m=" + m + ", n=" + n + ", k=" + k + ", alpha=" + alpha
                    + ", beta=" + beta + ", lda=" + lda + ", ldb=" + ldb + ", ldc=" + ldc + ", off=" + aOff + ")";
        }
    }
}
