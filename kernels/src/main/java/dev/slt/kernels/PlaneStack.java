package dev.slt.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The input layout of {@link PositionConv}, for a stride-1 layer whose output rows are as wide as its input
 * rows ({@code 2*padW = kw - 1}, "same" horizontally): the zero-padded input planes of a chunk of images, one
 * image after another, laid out so that 16 output positions under one kernel tap are 16 consecutive floats
 * (one vector load, no lane wasted on a padding column). Two layouts, by map width W:
 * <ul>
 *   <li><b>rows</b> (W a multiple of 16): each plane zero-padded as in {@link SparseTaps}, rows
 *       {@code W + padW} long; a vector is 16 outputs of one output row;
 *   <li><b>copies</b> (other widths, e.g. 8x8 maps): rows W long with padH zero rows above and below, so output
 *       position {@code j = oy*W + ox} reads tap (ky, kx) at {@code ky*W + kx - padW + j}: consecutive across
 *       rows too, and a vector holds two rows of an 8x8 map. A lane whose column {@code ox + kx - padW} falls
 *       off the row would read the neighbouring row's end or start, so each plane is stored kw times, copy kx
 *       with those columns zeroed (a masked load in the kernel instead measured ~15 % slower). The last vector
 *       of an image that does not fill whole vectors starts earlier, overlapping its neighbour (kernels
 *       overwrite, so that is harmless).
 * </ul>
 */
final class PlaneStack {

    private static final VectorSpecies<Float> F = PositionMicroKernel.F;
    private static final int L = PositionMicroKernel.L;

    private final int w, h, padH, padW, kh, kw, slots;
    /** Row layout (else copies). */
    private final boolean rows;
    /** Row stride, floats per plane (copies: padW zeros on either side, so a tap never reads the next copy). */
    private final int ws, plane, copies;
    /** Per vector of an image: its offset in the image's stack, and its output position. */
    private final int[] vecIn, vecOut;
    /**
     * The vector copies that lay out one image: the slot, where the vector starts in the x plane, and where it
     * goes in the image's stack; copies layout: the lanes to zero (bit l = lane l).
     */
    private final int[] copySlot, copyFrom, copyTo;
    private final long[] zeroLanes;
    /**
     * Copies layout of a 3-wide kernel over planes of 4 vectors whose rows tile a vector (8x8 maps): every vector of
     * copy kx zeroes the same lanes, so {@link #fill} loads each vector once and stores it three times.
     */
    private final boolean fourVectorPlanes;

    /** Input planes per image ({@code slots}) of the layer g; {@link #fits} must hold. */
    PlaneStack(ConvGeometry g, int slots) {
        if (!fits(g)) throw new IllegalArgumentException("plane stack: layer " + g + " is not stride 1 with same-width rows");
        this.w = g.inW();
        this.h = g.inH();
        this.padH = g.padH();
        this.padW = g.padW();
        this.kh = g.kh();
        this.kw = g.kw();
        this.slots = slots;
        this.rows = w % L == 0;
        this.ws = rows ? w + padW : w;
        this.plane = (h + 2 * padH) * ws + (rows ? 0 : 2 * padW);
        this.copies = rows ? 1 : kw;
        int n = g.outH() * w, nv = rows ? g.outH() * (w / L) : (n + L - 1) / L;
        vecIn = new int[nv];
        vecOut = new int[nv];
        for (int v = 0; v < nv; v++) {
            if (rows) {
                int oy = v / (w / L), ox = v % (w / L) * L;
                vecIn[v] = oy * ws + ox;
                vecOut[v] = oy * w + ox;
            } else {
                vecIn[v] = vecOut[v] = Math.min(v * L, n - L);
            }
        }
        // the vector copies of one image: per slot (and kx), each vector of the plane (the last one moved back)
        int hw = h * w, nq = (hw + L - 1) / L, ne = slots * copies * nq;
        copySlot = new int[ne];
        copyFrom = new int[ne];
        copyTo = new int[ne];
        zeroLanes = new long[rows ? 0 : ne];
        for (int e = 0; e < ne; e++) {
            int q = e % nq, kx = e / nq % copies, slot = e / nq / copies, start = Math.min(q * L, hw - L);
            copySlot[e] = slot;
            copyFrom[e] = start;
            if (rows) {
                copyTo[e] = slot * plane + (start / w + padH) * ws + padW + start % w;
                continue;
            }
            copyTo[e] = (slot * kw + kx) * plane + padW + padH * w + start;
            // tap kx reads column ox + kx - padW: the columns it reaches from the next row (kx > padW) or the
            // previous one (kx < padW) are the ones to zero in its copy
            for (int l = 0; l < L; l++) {
                int col = (start + l) % w, shift = kx - padW;
                if (shift > 0 ? col < shift : col >= w + shift) zeroLanes[e] |= 1L << l;
            }
        }
        this.fourVectorPlanes = !rows && kw == 3 && hw == 4 * L && L % w == 0;
    }

    /** Stride 1, output rows as wide as input rows, and at least one vector of inputs and of outputs per image. */
    static boolean fits(ConvGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1 && g.groups() == 1 && 2 * g.padW() == g.kw() - 1
                && g.outH() >= 1 && (long) g.outH() * g.outW() >= L && (long) g.inH() * g.inW() >= L;
    }

    /** Input planes per image. */
    int slots() {
        return slots;
    }

    int imageStride() {
        return slots * copies * plane;
    }

    /** Floats of a stack of {@code images} images (a row-layout load may run padW past the last plane). */
    int size(int images) {
        return images * imageStride() + padW + L;
    }

    /** Offset of im2col column {@code col = (slot*kh + ky)*kw + kx}, for the vector offsets of {@link #vectorIn}. */
    int columnOffset(int col) {
        int kk = kh * kw, slot = col / kk, ky = col % kk / kw, kx = col % kw;
        return rows ? slot * plane + ky * ws + kx : (slot * kw + kx) * plane + padW + ky * w + kx - padW;
    }

    /** Vectors per image. */
    int vectors() {
        return vecIn.length;
    }

    /** Where vector v of an image reads (added to a column offset), within its image. */
    int vectorIn(int v) {
        return vecIn[v];
    }

    /** The first output position of vector v. */
    int vectorOut(int v) {
        return vecOut[v];
    }

    /**
     * Image {@code image} of the stack from x: slot s is plane {@code channels[s]} of the x image at
     * {@code xImage}, each plane {@code h*w} floats. Writes the input positions only: the padding must be zero
     * already (a new buffer, or one zeroed after another layout used it). One flat loop over
     * precomputed vector copies (short nested loops cost more than the copies).
     */
    void fill(float[] x, int xImage, int[] channels, float[] stack, int image) {
        int base = image * imageStride(), hw = h * w;
        if (rows) {
            for (int e = 0; e < copySlot.length; e++)
                FloatVector.fromArray(F, x, xImage + channels[copySlot[e]] * hw + copyFrom[e]).intoArray(stack, base + copyTo[e]);
            return;
        }
        if (fourVectorPlanes) {
            fillFourVectorPlanes(x, xImage, channels, stack, base);
            return;
        }
        for (int e = 0; e < copySlot.length; e++)
            FloatVector.fromArray(F, x, xImage + channels[copySlot[e]] * hw + copyFrom[e])
                    .blend(0f, VectorMask.fromLong(F, zeroLanes[e])).intoArray(stack, base + copyTo[e]);
    }

    /**
     * {@link #fill} for {@link #fourVectorPlanes}: written out, as a loop over the four vectors (or over the
     * precomputed copies) measured 1.7x slower on 8x8 maps, where the fill is a fifth of a slimmed layer's time.
     */
    private void fillFourVectorPlanes(float[] x, int xImage, int[] channels, float[] stack, int base) {
        int nq = 4;
        VectorMask<Float> left = VectorMask.fromLong(F, zeroLanes[0]), right = VectorMask.fromLong(F, zeroLanes[2 * nq]);
        int d = base + padW + padH * w;
        for (int s = 0; s < slots; s++, d += 3 * plane) {
            int src = xImage + channels[s] * 4 * L;
            FloatVector v0 = FloatVector.fromArray(F, x, src), v1 = FloatVector.fromArray(F, x, src + L);
            FloatVector v2 = FloatVector.fromArray(F, x, src + 2 * L), v3 = FloatVector.fromArray(F, x, src + 3 * L);
            v0.blend(0f, left).intoArray(stack, d);
            v1.blend(0f, left).intoArray(stack, d + L);
            v2.blend(0f, left).intoArray(stack, d + 2 * L);
            v3.blend(0f, left).intoArray(stack, d + 3 * L);
            int c = d + plane;
            v0.intoArray(stack, c);
            v1.intoArray(stack, c + L);
            v2.intoArray(stack, c + 2 * L);
            v3.intoArray(stack, c + 3 * L);
            c += plane;
            v0.blend(0f, right).intoArray(stack, c);
            v1.blend(0f, right).intoArray(stack, c + L);
            v2.blend(0f, right).intoArray(stack, c + 2 * L);
            v3.blend(0f, right).intoArray(stack, c + 3 * L);
        }
    }
}
