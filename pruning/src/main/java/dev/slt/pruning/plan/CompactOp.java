package dev.slt.pruning.plan;

import dev.slt.engine.Tensor;
import dev.slt.kernels.Backends;
import dev.slt.kernels.ConvEpilogue;
import dev.slt.kernels.PoolGeometry;
import dev.slt.kernels.PreparedConv;
import dev.slt.kernels.SlimConv;
import dev.slt.nn.Module;
import java.util.Arrays;

/**
 * One step of a {@link CompactNet} on float[] activations, NCHW with {@code batch} images: it reads and writes
 * slots of the net's buffers ({@link Slots}; slot {@link Slots#INPUT} is the caller's input, never written).
 * Sizes are per image; an op whose {@code in == out} works in place.
 */
sealed interface CompactOp {

    void run(int batch, Slots s);

    /** The buffers of one forward: slot arrays sized for at least {@link #batch} images, and max-pool indices. */
    final class Slots {
        static final int INPUT = -1;
        final int batch;
        final float[][] f;
        final int[] argmax;
        float[] input;

        Slots(int batch, int[] floatsPerImage, int argmaxPerImage) {
            this.batch = batch;
            this.f = new float[floatsPerImage.length][];
            for (int i = 0; i < f.length; i++) f[i] = new float[floatsPerImage[i] * batch];
            this.argmax = new int[argmaxPerImage * batch];
        }

        float[] get(int slot) {
            return slot == INPUT ? input : f[slot];
        }
    }

    /**
     * {@code out = conv(in)} with the conv's bias, then, applied by the conv while each chunk of images is in cache
     * ({@link ConvEpilogue}): plus {@code offset} (one output image, {@code outChannels*hw}; null: none), the constant
     * a ticket's dropped input channels leave; plus channel {@code residualOf[c]} of slot {@code residual}
     * ({@code residualChannels} channels; {@link Sum#NONE}: none; residualOf null: channel c), the residual sum that
     * followed the conv; then ReLU when {@code relu}. {@code slim}: a {@link SlimConv} on full-size activations that
     * reads the kept input channels and writes its rows to the kept output channels (a gather and a scatter with no
     * copy); else {@code conv} on compact ones.
     */
    record Conv(PreparedConv conv, SlimConv slim, int in, int out, float[] offset, int outChannels, int hw, int residual,
                int residualChannels, int[] residualOf, boolean relu) implements CompactOp {

        /** This conv with a residual sum over slot {@code slot} (or NONE) and the ReLU after it fused in. */
        Conv fused(int slot, int channels, int[] of, boolean withRelu) {
            return new Conv(conv, slim, in, out, offset, outChannels, hw, slot, channels, of, withRelu);
        }

        public void run(int batch, Slots s) {
            float[] x = s.get(in), y = s.get(out);
            var e = offset == null && residual == Sum.NONE && !relu ? ConvEpilogue.NONE
                    : new ConvEpilogue(offset, residual == Sum.NONE ? null : s.get(residual), residualChannels, residualOf, relu);
            if (slim != null) slim.forward(batch, x, false, y, false, e);
            else conv.forward(batch, x, y, e);
        }
    }

    /** {@code out[:, i] = in[:, pos[i]]}, whole planes of {@code plane} floats; in has {@code channels} channels. */
    record Gather(int in, int out, int[] pos, int channels, int plane) implements CompactOp {
        public void run(int batch, Slots s) {
            float[] x = s.get(in), y = s.get(out);
            for (int n = 0; n < batch; n++)
                for (int i = 0; i < pos.length; i++)
                    System.arraycopy(x, (n * channels + pos[i]) * plane, y, (n * pos.length + i) * plane, plane);
        }
    }

    /** A batch norm with no conv before it: {@code y = x * scale[c] + shift[c]}. */
    record Affine(int in, int out, float[] scale, float[] shift, int plane) implements CompactOp {
        public void run(int batch, Slots s) {
            float[] x = s.get(in), y = s.get(out);
            int c = scale.length;
            for (int i = 0, p = 0; p < batch * c; i += plane, p++) {
                float a = scale[p % c], b = shift[p % c];
                for (int j = i; j < i + plane; j++) y[j] = x[j] * a + b;
            }
        }
    }

    record Relu(int in, int out, int size) implements CompactOp {
        public void run(int batch, Slots s) {
            Backends.current().relu(s.get(in), 0, s.get(out), 0, batch * size);
        }
    }

    /** Max or average pooling of {@code channels} planes per image ({@code g} at one image). */
    record Pool(int in, int out, PoolGeometry g, boolean max) implements CompactOp {
        public void run(int batch, Slots s) {
            var all = new PoolGeometry(g.planes() * batch, g.inH(), g.inW(), g.kh(), g.kw(), g.strideH(), g.strideW(), g.padH(), g.padW());
            if (max) Backends.current().maxPool2dForward(all, s.get(in), s.get(out), s.argmax);
            else Backends.current().avgPool2dForward(all, s.get(in), s.get(out));
        }
    }

    record GlobalAvgPool(int in, int out, int channels, int hw) implements CompactOp {
        public void run(int batch, Slots s) {
            Backends.current().globalAvgPoolForward(batch * channels, hw, s.get(in), s.get(out));
        }
    }

    /** Option-A shortcut on live channels: every {@code stride}-th row and column. */
    record Subsample(int in, int out, int channels, int h, int w, int stride) implements CompactOp {
        public void run(int batch, Slots s) {
            Backends.current().subsamplePadForward(batch, channels, h, w, stride, channels, 0, s.get(in), s.get(out));
        }
    }

    /**
     * {@code y = x W^T + b}: x (batch, inF), W (outF, inF); a dot per output, each weight row over the whole batch
     * while it is in cache (the engine's GEMM with a transposed B took 5x longer on ResNet-20's 64x10 head).
     */
    record Linear(int in, int out, float[] w, float[] bias, int inF, int outF) implements CompactOp {
        public void run(int batch, Slots s) {
            float[] x = s.get(in), y = s.get(out);
            var k = Backends.current();
            for (int o = 0; o < outF; o++) {
                float b = bias == null ? 0f : bias[o];
                for (int n = 0; n < batch; n++) y[n * outF + o] = k.dot(x, n * inF, w, o * inF, inF) + b;
            }
        }
    }

    /** A head that reads no live channel: every row is {@code value}. */
    record Constant(int out, float[] value) implements CompactOp {
        public void run(int batch, Slots s) {
            float[] y = s.get(out);
            for (int n = 0; n < batch; n++) System.arraycopy(value, 0, y, n * value.length, value.length);
        }
    }

    /** A per-channel op with no kernel of its own here: the module on a copy (allocates; no model needs it today). */
    record Fallback(Module module, int in, int out, int[] inDims, int outSize) implements CompactOp {
        public void run(int batch, Slots s) {
            int[] dims = inDims.clone();
            dims[0] = batch;
            int size = 1;
            for (int d : dims) size *= d;
            Tensor y = module.forward(Tensor.fromArray(Arrays.copyOf(s.get(in), size), dims));
            System.arraycopy(y.data(), 0, s.get(out), 0, batch * outSize);
        }
    }

    /**
     * A residual sum over {@code width} channels of {@code hw} floats, written in {@code out}: channel c is
     * {@code main[mainOf[c]]} (0 where {@code mainOf[c] < 0}; with {@code mainIn == out}, what a conv already wrote
     * there; {@code mainIn == NONE}: no main side) {@code + shortcut[shortcutOf[c]]} (where {@code >= 0};
     * {@code shortcutIn == NONE}: none) {@code + offset} (per channel, or per channel and position when
     * {@code offsetPlane}; null: none), then max(., 0) when {@code relu}. {@code stride > 1}: the shortcut is an
     * option-A subsample, read here from its {@code (srcH, srcW)} input every stride-th row and column (no copy of its
     * own). Where the shortcut holds the sum's channels in order (an identity shortcut of a ticket that keeps the
     * block's width), one pass over the batch.
     */
    record Sum(int mainIn, int mainChannels, int[] mainOf, int shortcutIn, int shortcutChannels, int[] shortcutOf, int out,
               int width, int hw, float[] offset, boolean offsetPlane, boolean relu, int stride, int srcH, int srcW)
            implements CompactOp {
        static final int NONE = -2;

        public void run(int batch, Slots s) {
            float[] y = s.get(out), a = mainIn == NONE ? null : s.get(mainIn), b = shortcutIn == NONE ? null : s.get(shortcutIn);
            var k = Backends.current();
            if (mainIn == out && b != null && stride == 1 && offset == null && inOrder(shortcutOf, shortcutChannels)) {
                if (relu) k.addRelu(y, 0, b, 0, y, 0, batch * width * hw);
                else k.add(y, 0, b, 0, y, 0, batch * width * hw);
                return;
            }
            // plane by plane, every pass on a plane while it is in cache
            for (int n = 0; n < batch; n++)
                for (int c = 0; c < width; c++) {
                    int d = (n * width + c) * hw;
                    if (mainIn != out) {
                        if (a != null && mainOf[c] >= 0) System.arraycopy(a, (n * mainChannels + mainOf[c]) * hw, y, d, hw);
                        else Arrays.fill(y, d, d + hw, 0f);
                    }
                    if (b != null && shortcutOf[c] >= 0) {
                        int t = (n * shortcutChannels + shortcutOf[c]) * srcH * srcW;
                        if (stride == 1) k.add(y, d, b, t, y, d, hw);
                        else addStrided(y, d, b, t);
                    }
                    if (offset != null) {
                        if (offsetPlane) k.add(y, d, offset, c * hw, y, d, hw);
                        else for (int p = d; p < d + hw; p++) y[p] += offset[c];
                    }
                    if (relu) k.relu(y, d, y, d, hw);
                }
        }

        /** {@code y[d + i*ow + j] += b[t + i*stride*srcW + j*stride]}: an option-A shortcut's plane. */
        private void addStrided(float[] y, int d, float[] b, int t) {
            int ow = (srcW - 1) / stride + 1, oh = hw / ow;
            for (int i = 0; i < oh; i++)
                for (int j = 0, src = t + i * stride * srcW; j < ow; j++, src += stride) y[d + i * ow + j] += b[src];
        }

        /** Whether channel c of the sum is channel c of the side, for every c. */
        static boolean inOrder(int[] of, int sideChannels) {
            if (of.length != sideChannels) return false;
            for (int c = 0; c < of.length; c++) if (of[c] != c) return false;
            return true;
        }
    }
}
