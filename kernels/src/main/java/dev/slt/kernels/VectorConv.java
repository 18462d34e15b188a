package dev.slt.kernels;

/** Vector conv kernels: placeholder until the family is written. */
final class VectorConv {

    private VectorConv() {}

    static void im2col(ConvGeometry g, float[] x, int xOff, float[] cols, int colsOff) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void col2im(ConvGeometry g, float[] cols, int colsOff, float[] x, int xOff) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void conv2dForward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void conv2dBackwardInput(ConvGeometry g, float[] dy, float[] w, float[] dx) {
        throw new UnsupportedOperationException("not written yet");
    }

    static void conv2dBackwardWeight(ConvGeometry g, float[] x, float[] dy, float[] dw, float[] dbias) {
        throw new UnsupportedOperationException("not written yet");
    }
}
