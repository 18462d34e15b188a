package dev.slt.opencl;

import dev.slt.kernels.VectorKernels;

/**
 * Matrices that stay on the device between products. An arena of {@code capacity} floats lives on the
 * host and, through Aparapi's explicit mode, on the device; buffers are regions of it. Host writes are
 * sent in one transfer before the next product, and the arena comes back in one transfer only when a
 * buffer is read after the device changed it, so a chain of GEMMs costs two transfers instead of
 * two per product. Not thread-safe.
 */
public final class DeviceMatrices {

    private final DeviceRunner runner;
    private final GemmKernel gemm = new GemmKernel();
    private final float[] arena;
    private int used;
    private boolean hostNewer, deviceNewer;
    private long transfers;

    /** An arena of {@code capacity} floats on the device of {@code kernels}. */
    public DeviceMatrices(OpenClKernels kernels, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("device arena capacity must be positive, got " + capacity);
        this.runner = kernels.runner();
        this.arena = new float[capacity];
        gemm.mem = arena;
        gemm.setExplicit(true);
        hostNewer = true;
    }

    /** A new buffer of {@code length} floats, zero-filled. */
    public DeviceBuffer allocate(int length) {
        if (length < 0 || length > arena.length - used)
            throw new IllegalArgumentException("device arena: cannot allocate " + length + " floats, "
                    + (arena.length - used) + " of " + arena.length + " left");
        DeviceBuffer b = new DeviceBuffer(used, length);
        used += length;
        return b;
    }

    /** A new buffer holding a copy of {@code host}. */
    public DeviceBuffer upload(float[] host) {
        DeviceBuffer b = allocate(host.length);
        write(b, host);
        return b;
    }

    /** Overwrites buffer {@code b} with {@code host} (sent with the next product). */
    public void write(DeviceBuffer b, float[] host) {
        if (host.length != b.length())
            throw new IllegalArgumentException("device buffer holds " + b.length() + " floats, got " + host.length);
        fromDevice();
        System.arraycopy(host, 0, arena, b.offset(), host.length);
        hostNewer = true;
    }

    /** A copy of buffer {@code b}, fetched from the device if a product changed it. */
    public float[] read(DeviceBuffer b) {
        fromDevice();
        float[] out = new float[b.length()];
        System.arraycopy(arena, b.offset(), out, 0, b.length());
        return out;
    }

    /**
     * {@code c = alpha·op(a)·op(b) + beta·c} on the device; arguments as in {@code Kernels.gemm}. c must not
     * overlap a or b: work-groups read their tiles while others write C.
     */
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, DeviceBuffer a, int lda,
                     DeviceBuffer b, int ldb, float beta, DeviceBuffer c, int ldc) {
        fits("a", a, DeviceOps.extent(transA ? k : m, transA ? m : k, lda));
        fits("b", b, DeviceOps.extent(transB ? n : k, transB ? k : n, ldb));
        fits("c", c, DeviceOps.extent(m, n, ldc));
        if (m == 0 || n == 0) return;
        gemm.set(transA, transB, m, n, k, alpha, a.offset(), lda, b.offset(), ldb, beta, c.offset(), ldc);
        if (k > 0 && runner.usable("gemm")) {
            if (hostNewer) {
                gemm.put(arena);
                transfers++;
                hostNewer = false;
            }
            if (runner.launch("gemm", gemm, runner.gemmRange(m, n))) {
                deviceNewer = true;
                return;
            }
        }
        fromDevice();
        new VectorKernels().gemm(transA, transB, m, n, k, alpha, arena, a.offset(), lda, arena, b.offset(), ldb,
                beta, arena, c.offset(), ldc);
        hostNewer = true;
    }

    /** Host↔device copies of the arena so far (each moves the whole arena). */
    public long transfers() {
        return transfers;
    }

    private void fromDevice() {
        if (deviceNewer) {
            gemm.get(arena);
            transfers++;
            deviceNewer = false;
        }
    }

    private static void fits(String name, DeviceBuffer buf, int extent) {
        if (extent > buf.length())
            throw new IllegalArgumentException("device gemm: " + name + " needs " + extent + " floats, its buffer holds " + buf.length());
    }
}
