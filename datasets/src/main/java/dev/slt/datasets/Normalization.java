package dev.slt.datasets;

/** Per-channel normalisation {@code (pixel/255 - mean[c]) / std[c]}. */
public record Normalization(float[] mean, float[] std) {

    public Normalization {
        if (mean.length != std.length || mean.length == 0)
            throw new IllegalArgumentException("normalisation: " + mean.length + " means for " + std.length + " stds");
        for (float s : std) if (!(s > 0)) throw new IllegalArgumentException("normalisation: std must be > 0, got " + s);
    }

    /** No change beyond scaling bytes to [0, 1]. */
    public static Normalization identity(int channels) {
        float[] m = new float[channels], s = new float[channels];
        java.util.Arrays.fill(s, 1f);
        return new Normalization(m, s);
    }

    /** Mean and (population) standard deviation of each channel over a whole set, in [0, 1] units. */
    public static Normalization of(ImageSet set) {
        int c = set.channels(), plane = set.height() * set.width();
        double[] sum = new double[c], sq = new double[c];
        byte[] px = set.pixels();
        for (int i = 0; i < set.size(); i++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * plane;
                long s = 0, q = 0;
                for (int p = 0; p < plane; p++) {
                    int v = px[base + p] & 0xff;
                    s += v;
                    q += (long) v * v;
                }
                sum[ch] += s;
                sq[ch] += q;
            }
        }
        float[] mean = new float[c], std = new float[c];
        double count = (double) set.size() * plane;
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / count / 255.0;
            double var = sq[ch] / count / (255.0 * 255.0) - m * m;
            mean[ch] = (float) m;
            std[ch] = (float) Math.sqrt(Math.max(var, 1e-12));
        }
        return new Normalization(mean, std);
    }

    public int channels() {
        return mean.length;
    }
}
