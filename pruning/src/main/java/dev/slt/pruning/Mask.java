package dev.slt.pruning;

import dev.slt.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;

/**
 * A pruning mask: for each prunable weight, named as in the state dict ({@code layer1.0.conv1.weight}),
 * its shape (first dimension = output channels) and 0/1 content. Immutable; names, shapes and content
 * are checked at construction. Row view (METHOD.md): a weight {@code (C_out, ...)} is the matrix
 * {@code [C_out][size/C_out]}, row i = output channel i. Equality is order-sensitive (the order is the
 * tie-break order of the strategies).
 */
public final class Mask {

    /** One layer's mask as construction input; arrays are copied by {@link Mask#of}. */
    public record Layer(String name, int[] shape, float[] values) {}

    private final LinkedHashMap<String, Layer> layers;

    private Mask(LinkedHashMap<String, Layer> layers) {
        this.layers = layers;
    }

    /** A mask of the given layers in the given order, validated, the arrays copied. */
    public static Mask of(List<Layer> layers) {
        var map = new LinkedHashMap<String, Layer>();
        for (Layer l : layers) {
            Objects.requireNonNull(l, "mask: null layer");
            String n = l.name();
            if (n == null || n.isEmpty()) throw new IllegalArgumentException("mask: a layer name is null or empty");
            if (map.containsKey(n)) throw new IllegalArgumentException("mask: layer '" + n + "' appears twice");
            if (l.shape() == null || l.shape().length == 0) throw new IllegalArgumentException("mask: layer '" + n + "' has no shape");
            long size = 1;
            for (int d : l.shape()) {
                if (d < 1) throw new IllegalArgumentException("mask: layer '" + n + "' has shape " + Arrays.toString(l.shape()) + " with a dimension < 1");
                size *= d;
            }
            if (l.values() == null || l.values().length != size)
                throw new IllegalArgumentException("mask: layer '" + n + "' has " + (l.values() == null ? "no" : l.values().length)
                        + " values but shape " + Arrays.toString(l.shape()) + " needs " + size);
            float[] v = l.values();
            for (int i = 0; i < v.length; i++) {
                // 0f == -0f, so -0 is accepted and stored as +0
                if (v[i] != 0f && v[i] != 1f)
                    throw new IllegalArgumentException("mask: layer '" + n + "' has value " + v[i] + " at index " + i + "; a mask holds only 0 and 1");
            }
            float[] copy = new float[v.length];
            for (int i = 0; i < v.length; i++) copy[i] = v[i] == 1f ? 1f : 0f;
            map.put(n, new Layer(n, l.shape().clone(), copy));
        }
        return new Mask(map);
    }

    /** All ones over {@code weights} (names and shapes taken from the tensors, order kept). */
    public static Mask ones(Map<String, Tensor> weights) {
        var out = new ArrayList<Layer>();
        weights.forEach((n, t) -> {
            float[] v = new float[t.size()];
            Arrays.fill(v, 1f);
            out.add(new Layer(n, t.shape().dims(), v));
        });
        return of(out);
    }

    /** The mask stored as tensors {@code prefix + name} (e.g. {@code mask.layer1.0.conv1.weight}), order kept. */
    public SequencedMap<String, Tensor> toTensors(String prefix) {
        var out = new LinkedHashMap<String, Tensor>();
        layers.forEach((n, l) -> out.put(prefix + n, Tensor.fromArray(l.values().clone(), l.shape().clone())));
        return out;
    }

    /** The mask made of every tensor whose name starts with {@code prefix} (others ignored), in the map's order. */
    public static Mask fromTensors(Map<String, Tensor> tensors, String prefix) {
        var out = new ArrayList<Layer>();
        tensors.forEach((n, t) -> {
            if (n.startsWith(prefix)) out.add(new Layer(n.substring(prefix.length()), t.shape().dims(), t.data()));
        });
        if (out.isEmpty()) throw new IllegalArgumentException("mask: no tensor is named '" + prefix + "...'");
        return of(out);
    }

    // ---------------------------------------------------------------- access

    /** Layer names in order (unmodifiable). */
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(layers.keySet()));
    }

    public boolean contains(String name) {
        return layers.containsKey(name);
    }

    private Layer layer(String name) {
        Layer l = layers.get(name);
        if (l == null) throw new IllegalArgumentException("mask: no layer '" + name + "' (layers: " + layers.keySet() + ")");
        return l;
    }

    /** A copy of the layer's 0/1 values, row-major in the weight's layout. */
    public float[] get(String name) {
        return layer(name).values().clone();
    }

    /** A copy of the layer's shape. */
    public int[] shape(String name) {
        return layer(name).shape().clone();
    }

    /** Output channels of the layer (rows of its matrix view). */
    public int rows(String name) {
        return layer(name).shape()[0];
    }

    /** Entries per output channel (columns of its matrix view: C_in*kh*kw for a conv). */
    public int cols(String name) {
        Layer l = layer(name);
        return l.values().length / l.shape()[0];
    }

    /** A mask equal to this one except that layer {@code name} holds {@code values} (validated). */
    public Mask with(String name, float[] values) {
        return withAll(Map.of(name, values));
    }

    /** A mask equal to this one except that each layer named in {@code replaced} holds the given values (validated). */
    public Mask withAll(Map<String, float[]> replaced) {
        replaced.keySet().forEach(this::layer);
        var out = new ArrayList<Layer>();
        layers.forEach((n, l) -> out.add(replaced.containsKey(n) ? new Layer(n, l.shape(), replaced.get(n)) : l));
        return of(out);
    }

    // ---------------------------------------------------------------- statistics

    public long size(String name) {
        return layer(name).values().length;
    }

    public long nnz(String name) {
        long c = 0;
        for (float v : layer(name).values()) if (v != 0f) c++;
        return c;
    }

    public double density(String name) {
        return (double) nnz(name) / size(name);
    }

    public double sparsity(String name) {
        return 1 - density(name);
    }

    /** Output channels with at least one kept entry. */
    public int liveChannels(String name) {
        Layer l = layer(name);
        int rows = l.shape()[0], cols = l.values().length / rows, live = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = r * cols; j < (r + 1) * cols; j++) {
                if (l.values()[j] != 0f) {
                    live++;
                    break;
                }
            }
        }
        return live;
    }

    public double channelDensity(String name) {
        return (double) liveChannels(name) / rows(name);
    }

    public long size() {
        long s = 0;
        for (Layer l : layers.values()) s += l.values().length;
        return s;
    }

    public long nnz() {
        long s = 0;
        for (String n : layers.keySet()) s += nnz(n);
        return s;
    }

    /** Kept entries over all entries of every layer (0 for an empty mask). */
    public double density() {
        long size = size();
        return size == 0 ? 0 : (double) nnz() / size;
    }

    public double sparsity() {
        return 1 - density();
    }

    /** Live output channels over all output channels of every layer. */
    public double channelDensity() {
        long live = 0, all = 0;
        for (String n : layers.keySet()) {
            live += liveChannels(n);
            all += rows(n);
        }
        return all == 0 ? 0 : (double) live / all;
    }

    // ---------------------------------------------------------------- use

    /**
     * {@code w *= m} in place for every layer (pruned entries become exactly +0.0f). Every layer must be in
     * {@code weights} with the same shape; tensors not in the mask are left alone.
     */
    public void apply(Map<String, Tensor> weights) {
        checkFits(weights);
        layers.forEach((n, l) -> zeroWhereMasked(weights.get(n).data(), l.values()));
    }

    /** Throws unless every layer is in {@code weights} with the mask's shape. */
    public void checkFits(Map<String, Tensor> weights) {
        layers.forEach((n, l) -> {
            Tensor t = weights.get(n);
            if (t == null) throw new IllegalArgumentException("mask: layer '" + n + "' is not among the weights " + weights.keySet());
            if (!Arrays.equals(t.shape().dims(), l.shape()))
                throw new IllegalArgumentException("mask: layer '" + n + "' has shape " + Arrays.toString(l.shape()) + " but the weight has " + t.shape());
        });
    }

    /** {@code t *= mask of layer name} in place (same shape), e.g. for a weight's momentum buffer. */
    public void applyTo(String name, Tensor t) {
        Layer l = layer(name);
        if (!Arrays.equals(t.shape().dims(), l.shape()))
            throw new IllegalArgumentException("mask: layer '" + name + "' has shape " + Arrays.toString(l.shape()) + " but the tensor has " + t.shape());
        zeroWhereMasked(t.data(), l.values());
    }

    /** Sets {@code data[i] = 0f} wherever the layer's mask is 0 (writes the array directly: outside any graph). */
    private static void zeroWhereMasked(float[] data, float[] mask) {
        for (int i = 0; i < mask.length; i++) if (mask[i] == 0f) data[i] = 0f;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Mask m) || !names().equals(m.names())) return false;
        for (var e : layers.entrySet()) {
            Layer other = m.layers.get(e.getKey());
            if (!Arrays.equals(e.getValue().shape(), other.shape()) || !Arrays.equals(e.getValue().values(), other.values())) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (Layer l : layers.values()) h = 31 * h + Objects.hash(l.name(), Arrays.hashCode(l.shape()), Arrays.hashCode(l.values()));
        return h;
    }

    @Override
    public String toString() {
        return String.format("Mask(%d layers, density %.4f, channel density %.4f)", layers.size(), density(), channelDensity());
    }
}
