package dev.slt.opencl;

/**
 * im2col of {@code batch} images side by side: work item e writes {@code cols[colsOff + e]}, e = row·(batch·oh·ow)
 * + n·(oh·ow) + pixel with row = (c, ky, kx), so image n fills columns [n·oh·ow, (n+1)·oh·ow) of each row (one image:
 * the usual (row, pixel) layout); taps in the padding are 0.
 */
public final class Im2colKernel extends DeviceKernel {

    float[] x = new float[1], cols = new float[1];
    int xOff, colsOff, total, batch, imageSize, inH, inW, kh, kw, strideH, strideW, padH, padW, outH, outW;

    @Override
    public void run() {
        int e = getGlobalId();
        if (e < total) {
            int plane = outH * outW, span = batch * plane;
            int row = e / span, rest = e % span, n = rest / plane, pix = rest % plane;
            int kx = row % kw, ky = (row / kw) % kh, c = row / (kw * kh);
            int iy = (pix / outW) * strideH - padH + ky, ix = (pix % outW) * strideW - padW + kx;
            float v = 0f;
            if (iy >= 0 && iy < inH && ix >= 0 && ix < inW) v = x[xOff + n * imageSize + (c * inH + iy) * inW + ix];
            cols[colsOff + e] = v;
        }
    }
}
