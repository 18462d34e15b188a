package dev.slt.nn.models;

import dev.slt.nn.Module;
import dev.slt.nn.layers.Shortcut;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The paper's models by name. Every random draw comes from {@code new SplittableRandom(seed)} in
 * construction order, so one seed gives bit-identical initial weights. resnet20/32/56 use option-A
 * (zero-pad) shortcuts like He et al.'s CIFAR ResNets; resnet18, resnet50 and wrn-32-2 use option B.
 */
public final class Models {

    /** Builds a model for {@code inChannels x size x size} images and {@code classes} classes. */
    @FunctionalInterface
    private interface Factory {
        Module create(int inChannels, int imageSize, int classes, RandomGenerator rng);
    }

    private record Entry(int defaultImageSize, Factory factory) {}

    private static final Map<String, Entry> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put("lenet5", new Entry(28, SmallNets::lenet5));
        REGISTRY.put("convnet", new Entry(28, SmallNets::convnet));
        REGISTRY.put("resnet20", new Entry(32, (c, s, k, r) -> ResNet.cifar(20, 16, Shortcut.A, c, k, r)));
        REGISTRY.put("resnet32", new Entry(32, (c, s, k, r) -> ResNet.cifar(32, 16, Shortcut.A, c, k, r)));
        REGISTRY.put("resnet56", new Entry(32, (c, s, k, r) -> ResNet.cifar(56, 16, Shortcut.A, c, k, r)));
        REGISTRY.put("resnet18", new Entry(32, (c, s, k, r) -> ResNet.resnet18(c, k, r)));
        REGISTRY.put("vgg16-bn", new Entry(32, (c, s, k, r) -> Vgg.vgg16bn(c, k, r)));
        // WRN-32-2: ResNet-32's layout at twice the width (32/64/128), as in open_lth's cifar_resnet_32_32
        REGISTRY.put("wrn-32-2", new Entry(32, (c, s, k, r) -> ResNet.cifar(32, 32, Shortcut.B, c, k, r)));
        REGISTRY.put("mobilenet-v1", new Entry(32, (c, s, k, r) -> new MobileNetV1(c, k, r)));
        REGISTRY.put("resnet50", new Entry(32, (c, s, k, r) -> ResNet.resnet50(c, k, r)));
    }

    private Models() {}

    /** The valid names, in registration order. */
    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** The image side the model is meant for: 28 for lenet5/convnet, 32 for the CIFAR nets. */
    public static int defaultImageSize(String name) {
        return entry(name).defaultImageSize();
    }

    /** {@link #create(String, int, int, int, long)} at the model's default image size. */
    public static Module create(String name, int inChannels, int classes, long seed) {
        return create(name, inChannels, defaultImageSize(name), classes, seed);
    }

    /**
     * A fresh model in training mode. Only lenet5 and convnet depend on {@code imageSize} (their
     * linear layer's width); the others end in a global average pool.
     */
    public static Module create(String name, int inChannels, int imageSize, int classes, long seed) {
        if (inChannels < 1 || classes < 1 || imageSize < 1)
            throw new IllegalArgumentException("model " + name + ": inChannels " + inChannels + ", imageSize " + imageSize
                    + " and classes " + classes + " must be positive");
        return entry(name).factory().create(inChannels, imageSize, classes, new SplittableRandom(seed));
    }

    private static Entry entry(String name) {
        Entry e = REGISTRY.get(name);
        if (e == null) throw new IllegalArgumentException("unknown model '" + name + "'; valid names: " + names());
        return e;
    }
}
