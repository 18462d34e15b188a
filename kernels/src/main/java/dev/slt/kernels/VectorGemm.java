package dev.slt.kernels;

/**
 * Vector GEMM, the BLIS/GotoBLAS recipe: op(B) is packed once per call into {@code (KC, NR)} panels
 * shared by all threads, each thread packs {@code (MC, KC)} blocks of op(A) for its own rows, and
 * {@link GemmMicroKernel} updates one {@code MR × NR} tile of C per call. Transposes are absorbed by
 * {@link GemmPack}. Few rows of C read B in place instead (non-transposed B straight into the
 * micro-kernel, transposed B through {@link GemmDotKernel}); tiny problems take {@link GemmSmall},
 * which needs no packing and no threads.
 *
 * <p>Every C element is accumulated in the same order (K blocks of {@code KC}, p ascending inside)
 * whatever the thread count, so results are bitwise independent of {@link KernelPool#threads()}.
 */
final class VectorGemm {

    private static final int MR = GemmMicroKernel.MR;
    private static final int NR = GemmMicroKernel.NR;
    /** Depth of a packed block: an {@code (MR, KC)} A micro-panel (8 KiB) stays in L1 while B panels stream from L2. */
    static final int KC = 256;
    /** Rows of a packed A block, whole MR panels: {@code MC·KC} floats (120 KiB) stay in L2 next to the B panels. */
    static final int MC = 120 / GemmMicroKernel.MR * GemmMicroKernel.MR;
    /** B panels swept per A micro-panel: about 512 KiB of them stay in L2 (1 MiB) next to the A block. */
    private static final int NC_PANELS = Math.max(1, (512 << 10) / (4 * KC * GemmMicroKernel.NR));
    /** Up to this many rows of C, B is read in place rather than packed (by {@link GemmDotKernel} when transposed). */
    private static final int DIRECT_B_ROWS = 96;
    /** Depth from which {@link GemmDotKernel}'s 24 lane reductions per tile are cheap next to its K loop. */
    private static final int DOT_MIN_K = 256;
    /** Largest packed op(B) in floats (8 MiB); wider B is done in column chunks. */
    private static final int B_LIMIT = 1 << 21;
    /** Below this m·n·k the direct loops beat packing. */
    private static final long SMALL = 32_768;
    /** Below this m·n·k (256³) one thread beats handing work to the pool: measured 2 threads slower at 128³ and 256³. */
    private static final long PARALLEL = 1 << 24;

    /** Per-thread packing buffers, grown on demand and reused across calls. */
    private static final class Buffers {
        float[] a = new float[0], b = new float[0], edge = new float[0];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private VectorGemm() {}

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) return;
        if (k <= 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        long work = (long) m * n * k;
        if (work < SMALL) {
            GemmSmall.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int threads = work < PARALLEL ? 1 : KernelPool.threads();
        if (transB && !transA && m <= DIRECT_B_ROWS && k >= DOT_MIN_K) {
            GemmDotKernel.gemm(threads, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (!transB && m <= DIRECT_B_ROWS) {
            // few rows of C reuse each B element only m times: packing B would cost as much as the
            // FMAs, so the micro-kernel reads full-width B rows in place (only the edge panel is packed)
            computeChunk(threads, transA, m, n, k, alpha, a, aOff, lda, null, b, bOff, ldb,
                    (n + NR - 1) / NR, beta, c, cOff, ldc);
            return;
        }
        Buffers own = BUFFERS.get();
        // a chunk of op(B) columns, whole NR panels, whose k·width floats fit B_LIMIT
        int chunk = Math.max(NR, B_LIMIT / k / NR * NR);
        for (int j0 = 0; j0 < n; j0 += chunk) {
            int nc = Math.min(chunk, n - j0);
            int nPanels = (nc + NR - 1) / NR;
            if (own.b.length < k * nPanels * NR) own.b = new float[k * nPanels * NR];
            float[] bp = own.b;
            int jBase = j0;
            if (threads == 1) {
                packPanels(transB, b, bOff, ldb, jBase, nc, k, bp, 0, nPanels, nPanels);
            } else {
                KernelPool.parallelFor(nPanels, threads,
                        (s, e) -> packPanels(transB, b, bOff, ldb, jBase, nc, k, bp, s, e, nPanels));
            }
            computeChunk(threads, transA, m, nc, k, alpha, a, aOff, lda, bp, b, bOff + j0, ldb, nPanels,
                    beta, c, cOff + j0, ldc);
        }
    }

    /** Packs column panels {@code [s, e)} of one chunk, every K block; block p0 starts at p0·nPanels·NR. */
    private static void packPanels(boolean transB, float[] b, int bOff, int ldb, int j0, int nc, int k,
                                   float[] bp, int s, int e, int nPanels) {
        for (int jp = s; jp < e; jp++) {
            int nr = Math.min(NR, nc - jp * NR);
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kc = Math.min(KC, k - p0);
                GemmPack.packB(transB, b, bOff, ldb, j0 + jp * NR, nr, p0, kc, bp, p0 * nPanels * NR + jp * kc * NR);
            }
        }
    }

    /**
     * Splits the chunk's {@code (m/MR) × nPanels} tiles into a {@code tm × tn} grid of equal
     * rectangles, one per thread: rows when there are enough (each thread then packs only its rows
     * of A), columns when m is small (e.g. conv forward, 16 × 1024).
     */
    private static void computeChunk(int threads, boolean transA, int m, int nc, int k, float alpha,
                                     float[] a, int aOff, int lda, float[] bp, float[] b, int bOff, int ldb,
                                     int nPanels, float beta, float[] c, int cOff, int ldc) {
        int mPanels = (m + MR - 1) / MR;
        int tm = 1;
        long best = Long.MAX_VALUE;
        for (int d = 1; d <= threads; d++) {
            if (threads % d != 0) continue;
            long cell = (long) ceilDiv(mPanels, d) * ceilDiv(nPanels, threads / d);
            if (cell <= best) {
                best = cell;
                tm = d;
            }
        }
        int gm = tm, gn = threads / tm;
        if (threads == 1) {
            region(transA, m, nc, k, alpha, a, aOff, lda, bp, b, bOff, ldb, nPanels, beta, c, cOff, ldc,
                    0, mPanels, 0, nPanels);
            return;
        }
        KernelPool.parallelFor(threads, threads, (s, e) -> {
            for (int t = s; t < e; t++) {
                int ti = t / gn, tj = t % gn;
                region(transA, m, nc, k, alpha, a, aOff, lda, bp, b, bOff, ldb, nPanels, beta, c, cOff, ldc,
                        mPanels * ti / gm, mPanels * (ti + 1) / gm, nPanels * tj / gn, nPanels * (tj + 1) / gn);
            }
        });
    }

    /**
     * Row panels {@code [ip0, ip1)} × column panels {@code [jp0, jp1)} of C, all of K. B comes packed in
     * {@code bp}, or, when {@code bp} is null, straight from {@code b} (not transposed).
     */
    private static void region(boolean transA, int m, int nc, int k, float alpha, float[] a, int aOff, int lda,
                               float[] bp, float[] b, int bOff, int ldb, int nPanels,
                               float beta, float[] c, int cOff, int ldc, int ip0, int ip1, int jp0, int jp1) {
        if (ip0 >= ip1 || jp0 >= jp1) return;
        Buffers own = BUFFERS.get();
        int rowEnd = Math.min(m, ip1 * MR);
        int kcMax = Math.min(KC, k);
        if (own.a.length < MC * kcMax) own.a = new float[MC * kcMax];
        float[] ap = own.a;
        boolean direct = bp == null;
        int edgePanel = nc % NR == 0 ? -1 : nPanels - 1;
        if (direct && own.edge.length < kcMax * NR) own.edge = new float[kcMax * NR];
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            // later K blocks add onto what the first one wrote
            float betaBlock = p0 == 0 ? beta : 1f;
            int bBlock = p0 * nPanels * NR;
            if (direct && edgePanel >= jp0 && edgePanel < jp1) {
                GemmPack.packB(false, b, bOff, ldb, edgePanel * NR, nc - edgePanel * NR, p0, kc, own.edge, 0);
            }
            for (int i0 = ip0 * MR; i0 < rowEnd; i0 += MC) {
                int mc = Math.min(MC, rowEnd - i0);
                GemmPack.packA(transA, a, aOff, lda, i0, mc, p0, kc, ap);
                // BLIS order: an A micro-panel stays in L1 while the B panels of an L2-sized chunk
                // stream past it, and C is walked along its rows, which the hardware prefetcher follows
                for (int jc = jp0; jc < jp1; jc += NC_PANELS) {
                    int jcEnd = Math.min(jp1, jc + NC_PANELS);
                    for (int ir = 0; ir < mc; ir += MR) {
                        int mr = Math.min(MR, mc - ir);
                        int cRow = cOff + (i0 + ir) * ldc;
                        for (int jp = jc; jp < jcEnd; jp++) {
                            int nr = Math.min(NR, nc - jp * NR);
                            float[] src = direct ? (jp == edgePanel ? own.edge : b) : bp;
                            int off = !direct ? bBlock + jp * kc * NR : jp == edgePanel ? 0 : bOff + p0 * ldb + jp * NR;
                            int stride = direct && jp != edgePanel ? ldb : NR;
                            tile(kc, ap, ir * kc, src, off, stride, alpha, betaBlock, c, cRow + jp * NR, ldc, mr, nr, own.tile);
                        }
                    }
                }
            }
        }
    }

    /** One tile; a last panel of one or two vectors' width takes a narrow kernel instead of FMAs on padding. */
    private static void tile(int kc, float[] ap, int aOff, float[] bp, int bOff, int bStride, float alpha, float beta,
                             float[] c, int cOff, int ldc, int mr, int nr, float[] tile) {
        int lanes = GemmMicroKernel.L;
        if (nr > 2 * lanes) {
            GemmMicroKernel.run(kc, ap, aOff, bp, bOff, bStride, alpha, beta, c, cOff, ldc, mr, nr, tile);
        } else if (nr > lanes) {
            GemmEdgeKernel.run2(kc, ap, aOff, bp, bOff, bStride, alpha, beta, c, cOff, ldc, mr, nr, tile);
        } else {
            GemmEdgeKernel.run1(kc, ap, aOff, bp, bOff, bStride, alpha, beta, c, cOff, ldc, mr, nr, tile);
        }
    }

    /** {@code C = beta·C}; {@code beta == 0} writes zeros (NaN in C does not survive). */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[ci + j] = beta == 0f ? 0f : beta * c[ci + j];
        }
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
