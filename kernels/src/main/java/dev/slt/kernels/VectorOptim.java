package dev.slt.kernels;

/** Vector optim kernels: placeholder until the family is written. */
final class VectorOptim {

    private VectorOptim() {}

    static void sgdMomentum(float[] w, float[] grad, float[] velocity, int off, int n, float lr, float momentum, float weightDecay, boolean nesterov) {
        throw new UnsupportedOperationException("not written yet");
    }
}
