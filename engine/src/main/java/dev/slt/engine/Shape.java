package dev.slt.engine;

import java.util.Arrays;

/**
 * The dimensions of a row-major tensor, e.g. {@code [64, 3, 32, 32]} for an NCHW batch. Immutable: the
 * array is copied in and out. Rank 0 (no dimensions) is a scalar of size 1.
 */
public record Shape(int[] dims) {

    public Shape {
        dims = dims.clone();
        for (int d : dims)
            if (d < 0) throw new IllegalArgumentException("shape: negative dimension in " + Arrays.toString(dims));
    }

    public static Shape of(int... dims) {
        return new Shape(dims);
    }

    public static final Shape SCALAR = new Shape(new int[0]);

    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** Dimension {@code i}; negative {@code i} counts from the end (-1 is the last). */
    public int dim(int i) {
        return dims[axis(i)];
    }

    /** {@code i} made non-negative and checked against the rank. */
    public int axis(int i) {
        int a = i < 0 ? i + dims.length : i;
        if (a < 0 || a >= dims.length)
            throw new IndexOutOfBoundsException("shape " + this + ": no dimension " + i);
        return a;
    }

    public int rank() {
        return dims.length;
    }

    /** Number of elements: the product of the dimensions (1 for a scalar). */
    public int size() {
        long n = 1;
        for (int d : dims) n *= d;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + this + " has more than 2^31-1 elements");
        return (int) n;
    }

    /** Row-major strides in elements: {@code strides[i] = Π dims[i+1..]}. */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** Product of the dimensions in {@code [from, to)}. */
    public int sizeBetween(int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) n *= dims[i];
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
