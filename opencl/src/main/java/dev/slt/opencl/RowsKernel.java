package dev.slt.opencl;

/**
 * Row-wise softmax, log-softmax ({@link #op}) and the middle-axis sum, one work item per output row:
 * rows are independent and short (classes, channels), so no work-group cooperation is needed.
 */
public final class RowsKernel extends DeviceKernel {

    static final int SOFTMAX = 0, LOG_SOFTMAX = 1, SUM_AXIS = 2;

    float[] x = new float[1], out = new float[1];
    /** softmax: rows × cols; sum over the axis: outer × axis × inner, one item per (o, i). */
    int rows, cols, axis, inner, op;

    @Override
    public void run() {
        int r = getGlobalId();
        if (r < rows) {
            if (op == SUM_AXIS) {
                int o = r / inner, i = r % inner;
                float s = 0f;
                for (int q = 0; q < axis; q++) s += x[(o * axis + q) * inner + i];
                out[r] = s;
            } else {
                int base = r * cols;
                float mx = x[base];
                for (int j = 1; j < cols; j++) mx = max(mx, x[base + j]);
                float s = 0f;
                for (int j = 0; j < cols; j++) s += exp(x[base + j] - mx);
                if (op == SOFTMAX) {
                    float inv = 1f / s;
                    for (int j = 0; j < cols; j++) out[base + j] = exp(x[base + j] - mx) * inv;
                } else {
                    float shift = mx + log(s);
                    for (int j = 0; j < cols; j++) out[base + j] = x[base + j] - shift;
                }
            }
        }
    }
}
