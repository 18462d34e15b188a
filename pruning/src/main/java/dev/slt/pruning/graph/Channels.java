package dev.slt.pruning.graph;

import dev.slt.engine.Tensor;

/** Copies of whole channel planes of {@code (N, C, H, W)} tensors (and per-channel vectors). */
final class Channels {

    private Channels() {}

    /** {@code (N, C, H, W) -> (N, pos.length, H, W)}: channel {@code pos[i]} becomes channel i. */
    static Tensor gather(Tensor x, int[] pos) {
        int n = x.shape().dim(0), c = x.shape().dim(1), plane = x.shape().sizeBetween(2, x.rank());
        float[] src = x.data(), out = new float[n * pos.length * plane];
        for (int b = 0; b < n; b++)
            for (int i = 0; i < pos.length; i++)
                System.arraycopy(src, (b * c + pos[i]) * plane, out, (b * pos.length + i) * plane, plane);
        int[] dims = x.shape().dims();
        dims[1] = pos.length;
        return Tensor.fromArray(out, dims);
    }

    /** {@code out[:, pos[i]] += a[:, i]} where {@code out} is {@code (N, width, H, W)} and {@code a} is {@code (N, pos.length, H, W)}. */
    static void scatterAdd(Tensor a, int[] pos, float[] out, int width) {
        int n = a.shape().dim(0), plane = a.shape().sizeBetween(2, a.rank());
        float[] src = a.data();
        for (int b = 0; b < n; b++)
            for (int i = 0; i < pos.length; i++) {
                int s = (b * pos.length + i) * plane, d = (b * width + pos[i]) * plane;
                for (int k = 0; k < plane; k++) out[d + k] += src[s + k];
            }
    }

    /** {@code v[idx[0]], v[idx[1]], ...}. */
    static float[] pick(float[] v, int[] idx) {
        float[] out = new float[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = v[idx[i]];
        return out;
    }
}
