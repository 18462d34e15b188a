package dev.slt.pruning.graph;

import dev.slt.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Output height and width of every conv for one input size, read off one forward of a 1-image zero input. */
public final class Geometry {

    private Geometry() {}

    /** Conv weight name -> {H_out, W_out} for {@code imageSize x imageSize} inputs. */
    public static Map<String, int[]> outputSizes(ChannelGraph graph, int imageSize) {
        if (imageSize < 1) throw new IllegalArgumentException("geometry: image size " + imageSize + " must be positive");
        int channels = graph.nodes().firstEntry().getValue().inputs().size();
        var out = new LinkedHashMap<String, int[]>();
        Tensor x = Tensor.zeros(1, channels, imageSize, imageSize);
        graph.program().forward(x, Map.of(), (step, in, y) -> {
            if (step instanceof Step.Conv c) out.put(c.name() + ".weight", new int[] {y.shape().dim(2), y.shape().dim(3)});
        });
        return out;
    }
}
