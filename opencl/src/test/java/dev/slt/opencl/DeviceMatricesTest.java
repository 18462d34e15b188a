package dev.slt.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The arena's bookkeeping: bounds, capacity, and transfers only when the other side is newer. */
class DeviceMatricesTest {

    @Test
    void rejectsOverCapacityAndTooSmallBuffers() {
        DeviceMatrices dev = new DeviceMatrices(OpenClTestSupport.kernels(), 20);
        DeviceBuffer a = dev.allocate(6), b = dev.allocate(6), c = dev.allocate(4);
        var full = assertThrows(IllegalArgumentException.class, () -> dev.allocate(5));
        assertTrue(full.getMessage().contains("4 of 20 left"), full.getMessage());
        // a 2×3 times 3×2 product needs a 2×2 C: fine; a 3×3 C does not fit in 4 floats
        dev.gemm(false, false, 2, 2, 3, 1f, a, 3, b, 2, 0f, c, 2);
        var small = assertThrows(IllegalArgumentException.class, () -> dev.gemm(false, false, 3, 3, 2, 1f, a, 2, b, 3, 0f, c, 3));
        assertTrue(small.getMessage().contains("c needs 9 floats"), small.getMessage());
        assertThrows(IllegalArgumentException.class, () -> dev.write(c, new float[3]));
    }

    @Test
    void readsWithoutAProductCostNoTransferAndWritesAreBatched() {
        OpenClKernels k = OpenClTestSupport.kernels();
        DeviceMatrices dev = new DeviceMatrices(k, 16);
        DeviceBuffer a = dev.upload(new float[] {1, 2, 3, 4}), b = dev.upload(new float[] {1, 0, 0, 1});
        DeviceBuffer c = dev.allocate(4), d = dev.allocate(4);
        assertArrayEquals(new float[] {1, 2, 3, 4}, dev.read(a));
        assertEquals(0, dev.transfers());
        dev.gemm(false, false, 2, 2, 2, 2f, a, 2, b, 2, 0f, c, 2);
        dev.gemm(false, false, 2, 2, 2, 1f, c, 2, b, 2, 0f, d, 2);  // chained on the device
        assertEquals(1, dev.transfers());
        assertArrayEquals(new float[] {2, 4, 6, 8}, dev.read(d));
        assertArrayEquals(new float[] {2, 4, 6, 8}, dev.read(c));
        assertEquals(2, dev.transfers());
        OpenClTestSupport.assertRanOnDevice(k);
    }
}
