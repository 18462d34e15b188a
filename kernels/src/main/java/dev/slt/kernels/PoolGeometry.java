package dev.slt.kernels;

/** A 2-D pooling window over {@code planes} independent (inH, inW) planes (planes = N*C). */
public record PoolGeometry(int planes, int inH, int inW, int kh, int kw, int strideH, int strideW, int padH, int padW) {

    public PoolGeometry {
        if (planes < 0 || inH < 1 || inW < 1 || kh < 1 || kw < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0)
            throw new IllegalArgumentException("pool2d: bad geometry planes=" + planes + " in=" + inH + "x" + inW
                    + " kernel=" + kh + "x" + kw + " stride=" + strideH + "x" + strideW + " pad=" + padH + "x" + padW);
        if (2 * padH > kh || 2 * padW > kw)
            throw new IllegalArgumentException("pool2d: padding " + padH + "x" + padW + " must be at most half the kernel " + kh + "x" + kw);
        if (inH + 2 * padH < kh || inW + 2 * padW < kw)
            throw new IllegalArgumentException("pool2d: kernel " + kh + "x" + kw + " is larger than the padded input "
                    + (inH + 2 * padH) + "x" + (inW + 2 * padW));
    }

    /** Square window with the given stride and padding. */
    public static PoolGeometry of(int planes, int inH, int inW, int k, int stride, int pad) {
        return new PoolGeometry(planes, inH, inW, k, k, stride, stride, pad, pad);
    }

    public int outH() { return (inH + 2 * padH - kh) / strideH + 1; }

    public int outW() { return (inW + 2 * padW - kw) / strideW + 1; }

    public int outputSize() { return planes * outH() * outW(); }
}
