package dev.slt.kernels;

/** Vector pool kernels: placeholder until the family is written. */
final class VectorPool {

    private VectorPool() {}

    static void maxPool2dForward(PoolGeometry g, float[] x, float[] y, int[] argmax) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void maxPool2dBackward(PoolGeometry g, float[] dy, int[] argmax, float[] dx) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void avgPool2dForward(PoolGeometry g, float[] x, float[] y) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void avgPool2dBackward(PoolGeometry g, float[] dy, float[] dx) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void globalAvgPoolForward(int planes, int hw, float[] x, float[] y) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void globalAvgPoolBackward(int planes, int hw, float[] dy, float[] dx) {
        throw new UnsupportedOperationException("not written yet");
    }
}
