package dev.slt.kernels;

/**
 * The shape of one 2-D convolution over a batch: input (batch, inC, inH, inW), weights
 * (outC, inC/groups, kh, kw), output (batch, outC, outH, outW).
 */
public record ConvGeometry(int batch, int inC, int inH, int inW, int outC, int kh, int kw,
                           int strideH, int strideW, int padH, int padW, int groups) {

    public ConvGeometry {
        if (batch < 0 || inC < 1 || inH < 1 || inW < 1 || outC < 1 || kh < 1 || kw < 1)
            throw new IllegalArgumentException("conv2d: sizes must be positive: " + describe(batch, inC, inH, inW, outC, kh, kw));
        if (strideH < 1 || strideW < 1 || padH < 0 || padW < 0)
            throw new IllegalArgumentException("conv2d: stride must be >= 1 and padding >= 0, got stride "
                    + strideH + "x" + strideW + ", padding " + padH + "x" + padW);
        if (groups < 1 || inC % groups != 0 || outC % groups != 0)
            throw new IllegalArgumentException("conv2d: groups=" + groups + " must divide in_channels=" + inC
                    + " and out_channels=" + outC);
        if (inH + 2 * padH < kh || inW + 2 * padW < kw)
            throw new IllegalArgumentException("conv2d: kernel " + kh + "x" + kw + " is larger than the padded input "
                    + (inH + 2 * padH) + "x" + (inW + 2 * padW));
    }

    /** Square kernel, same stride and padding in both directions, groups = 1. */
    public static ConvGeometry of(int batch, int inC, int inH, int inW, int outC, int k, int stride, int pad) {
        return new ConvGeometry(batch, inC, inH, inW, outC, k, k, stride, stride, pad, pad, 1);
    }

    public ConvGeometry withBatch(int n) {
        return new ConvGeometry(n, inC, inH, inW, outC, kh, kw, strideH, strideW, padH, padW, groups);
    }

    public int outH() { return (inH + 2 * padH - kh) / strideH + 1; }

    public int outW() { return (inW + 2 * padW - kw) / strideW + 1; }

    /** Input channels seen by one filter. */
    public int inPerGroup() { return inC / groups; }

    public int outPerGroup() { return outC / groups; }

    /** Rows of the im2col matrix of one group: inC/groups * kh * kw. */
    public int patch() { return inPerGroup() * kh * kw; }

    public long inputSize() { return (long) batch * inC * inH * inW; }

    public long outputSize() { return (long) batch * outC * outH() * outW(); }

    public long weightSize() { return (long) outC * patch(); }

    /** Multiply-adds of the forward pass (nominal: padded taps included). */
    public long macs() { return (long) batch * outC * outH() * outW() * patch(); }

    private static String describe(int batch, int inC, int inH, int inW, int outC, int kh, int kw) {
        return "batch=" + batch + " in=" + inC + "x" + inH + "x" + inW + " out_channels=" + outC + " kernel=" + kh + "x" + kw;
    }
}
