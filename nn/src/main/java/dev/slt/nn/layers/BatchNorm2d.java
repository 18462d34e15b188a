package dev.slt.nn.layers;

import dev.slt.engine.F;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;

/**
 * Batch norm per channel of {@code (N, C, H, W)} (or {@code (N, C)}): gamma 1, beta 0,
 * running_mean 0, running_var 1, momentum 0.1, eps 1e-5, as PyTorch. Parameters are named
 * {@code weight}/{@code bias} like PyTorch's; PyTorch's integer {@code num_batches_tracked} buffer is
 * not kept (it only matters when momentum is None).
 */
public final class BatchNorm2d extends Module {

    public static final float MOMENTUM = 0.1f, EPS = 1e-5f;

    private final Tensor gamma, beta, runningMean, runningVar;

    public BatchNorm2d(int channels) {
        gamma = param("weight", Tensor.ones(channels));
        beta = param("bias", Tensor.zeros(channels));
        runningMean = buffer("running_mean", Tensor.zeros(channels));
        runningVar = buffer("running_var", Tensor.ones(channels));
    }

    public Tensor weight() {
        return gamma;
    }

    public Tensor bias() {
        return beta;
    }

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
    }

    /** Training: batch statistics, running ones updated in place; eval: running statistics. */
    @Override
    public Tensor forward(Tensor x) {
        return F.batchNorm2d(x, gamma, beta, runningMean, runningVar, isTraining(), MOMENTUM, EPS);
    }

    /** {@code relu(forward(x))} as one fused op ({@link F#batchNormRelu}): one pass fewer each way, same values. */
    public Tensor forwardRelu(Tensor x) {
        return F.batchNormRelu(x, gamma, beta, runningMean, runningVar, isTraining(), MOMENTUM, EPS);
    }
}
