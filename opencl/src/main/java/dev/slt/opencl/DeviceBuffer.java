package dev.slt.opencl;

/** A region {@code [offset, offset + length)} of a {@link DeviceMatrices} arena. */
public record DeviceBuffer(int offset, int length) {}
