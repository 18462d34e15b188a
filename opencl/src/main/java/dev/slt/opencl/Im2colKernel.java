package dev.slt.opencl;

/**
 * im2col of one image: work item e writes {@code cols[colsOff + e]}, e = row·(oh·ow) + pixel with
 * row = (c, ky, kx); taps in the padding are 0.
 */
public final class Im2colKernel extends DeviceKernel {

    float[] x = new float[1], cols = new float[1];
    int xOff, colsOff, total, inH, inW, kh, kw, strideH, strideW, padH, padW, outH, outW;

    @Override
    public void run() {
        int e = getGlobalId();
        if (e < total) {
            int plane = outH * outW;
            int row = e / plane, pix = e % plane;
            int kx = row % kw, ky = (row / kw) % kh, c = row / (kw * kh);
            int iy = (pix / outW) * strideH - padH + ky, ix = (pix % outW) * strideW - padW + kx;
            float v = 0f;
            if (iy >= 0 && iy < inH && ix >= 0 && ix < inW) v = x[xOff + (c * inH + iy) * inW + ix];
            cols[colsOff + e] = v;
        }
    }
}
