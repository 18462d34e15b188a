package dev.slt.kernels;

/** Scalar optim kernels: placeholder until the family is written. */
final class ScalarOptim {

    private ScalarOptim() {}

    static void sgdMomentum(float[] w, float[] grad, float[] velocity, int off, int n, float lr, float momentum, float weightDecay, boolean nesterov) {
        throw new UnsupportedOperationException("not written yet");
    }
}
