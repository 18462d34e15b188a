package dev.slt.kernels;

/**
 * Reference SGD step, PyTorch's {@code torch.optim.SGD} with dampening 0, in float and in the order
 * written, so {@link VectorOptim} (same operations, no fma) is bit-identical to it.
 */
final class ScalarOptim {

    private ScalarOptim() {}

    /** {@code g = grad + wd*w; v = momentum*v + g; w -= lr * (nesterov ? g + momentum*v : v)}. */
    static void sgdMomentum(float[] w, float[] grad, float[] velocity, int off, int n,
                            float lr, float momentum, float weightDecay, boolean nesterov) {
        for (int i = off; i < off + n; i++) {
            float g = grad[i] + weightDecay * w[i];
            float v = momentum * velocity[i] + g;
            velocity[i] = v;
            w[i] -= lr * (nesterov ? g + momentum * v : v);
        }
    }
}
