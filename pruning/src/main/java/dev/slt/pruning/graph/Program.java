package dev.slt.pruning.graph;

import dev.slt.engine.F;
import dev.slt.engine.Grad;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.Sequential;
import dev.slt.nn.layers.AvgPool2d;
import dev.slt.nn.layers.BasicBlock;
import dev.slt.nn.layers.BatchNorm2d;
import dev.slt.nn.layers.Bottleneck;
import dev.slt.nn.layers.Conv2d;
import dev.slt.nn.layers.DepthwiseSeparable;
import dev.slt.nn.layers.Dropout;
import dev.slt.nn.layers.Flatten;
import dev.slt.nn.layers.GlobalAvgPool;
import dev.slt.nn.layers.Linear;
import dev.slt.nn.layers.MaxPool2d;
import dev.slt.nn.layers.PadShortcut;
import dev.slt.nn.layers.ReLU;
import dev.slt.nn.models.MobileNetV1;
import dev.slt.nn.models.ResNet;
import dev.slt.nn.models.Vgg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's forward pass written as {@link Step}s, so that channels can be followed from producer to
 * consumer. The models' forward methods apply some ops inline (ReLU after a block's BN, the global
 * average pool before the head); each container type has one recipe here that writes them out.
 * {@link #forward} runs the steps with a mask applied to the conv weights; a test checks that, with
 * no mask, it reproduces every model's own forward.
 *
 * <p>New model or block: add its recipe to {@link #steps(String, Module)} (children in the order
 * its forward uses them, inline ops written as steps) and run {@code ProgramTest}.
 */
public record Program(List<Step> steps) {

    /** Sees every step's input and output while {@link #forward} runs (a residual's output is the sum). */
    @FunctionalInterface
    public interface Observer {
        void after(Step step, Tensor in, Tensor out);
    }

    public Program {
        steps = List.copyOf(steps);
    }

    /** The steps of {@code model}; fails naming the module whose structure no recipe knows. */
    public static Program of(Module model) {
        return new Program(steps("", model));
    }

    private static List<Step> steps(String name, Module m) {
        var out = new ArrayList<Step>();
        switch (m) {
            case Conv2d c -> out.add(new Step.Conv(name, c));
            case BatchNorm2d bn -> out.add(new Step.Norm(name, bn));
            case ReLU r -> out.add(new Step.Relu());
            case MaxPool2d p -> out.add(new Step.PerChannel(name, p));
            case AvgPool2d p -> out.add(new Step.PerChannel(name, p));
            case GlobalAvgPool p -> out.add(new Step.PerChannel(name, p));
            case Dropout d -> out.add(new Step.PerChannel(name, d));
            case Flatten f -> out.add(new Step.Flatten());
            case Linear l -> out.add(new Step.Dense(name, l));
            case PadShortcut p -> out.add(new Step.Pad(name, p));
            case Sequential s -> s.children().forEach((n, c) -> out.addAll(steps(join(name, n), c)));
            case BasicBlock b -> {
                out.add(new Step.Residual(name, chain(name, b, "conv1", "bn1", "relu", "conv2", "bn2"), shortcut(name, b)));
                out.add(new Step.Relu());
            }
            case Bottleneck b -> {
                out.add(new Step.Residual(name,
                        chain(name, b, "conv1", "bn1", "relu", "conv2", "bn2", "relu", "conv3", "bn3"), shortcut(name, b)));
                out.add(new Step.Relu());
            }
            case DepthwiseSeparable d -> out.addAll(chain(name, d, "conv1", "bn1", "relu", "conv2", "bn2", "relu"));
            // stem conv1 + bn1 + inline relu, the stages, inline global average pool, linear head
            case ResNet r -> out.addAll(stemBodyHead(name, r));
            case MobileNetV1 mn -> out.addAll(stemBodyHead(name, mn));
            case Vgg v -> out.addAll(stemBodyHead(name, v));
            default -> throw new IllegalArgumentException("channel graph: no recipe for module '" + name + "' ("
                    + m.getClass().getSimpleName() + "); add one to Program.steps");
        }
        return out;
    }

    /** Children in order, a ReLU after a child named bn1, a global average pool before the linear head. */
    private static List<Step> stemBodyHead(String name, Module m) {
        var out = new ArrayList<Step>();
        m.children().forEach((n, c) -> {
            if (c instanceof Linear) out.add(new Step.PerChannel(join(name, "avgpool"), new GlobalAvgPool()));
            out.addAll(steps(join(name, n), c));
            if (n.equals("bn1")) out.add(new Step.Relu());
        });
        return out;
    }

    private static List<Step> chain(String name, Module m, String... parts) {
        var out = new ArrayList<Step>();
        for (String p : parts) {
            if (p.equals("relu")) out.add(new Step.Relu());
            else out.addAll(steps(join(name, p), m.children().get(p)));
        }
        return out;
    }

    private static List<Step> shortcut(String name, Module block) {
        Module s = block.children().get("shortcut");
        return s == null ? List.of() : steps(join(name, "shortcut"), s);
    }

    static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    // ---------------------------------------------------------------- running

    /** Every conv step in forward order (shortcut convs after their block's main path). */
    public List<Step.Conv> convs() {
        var out = new ArrayList<Step.Conv>();
        visit(steps, s -> { if (s instanceof Step.Conv c) out.add(c); });
        return out;
    }

    /** Calls {@code visitor} on every step, depth first, a residual before its branches. */
    public static void visit(List<Step> steps, java.util.function.Consumer<Step> visitor) {
        for (Step s : steps) {
            visitor.accept(s);
            if (s instanceof Step.Residual r) {
                visit(r.main(), visitor);
                visit(r.shortcut(), visitor);
            }
        }
    }

    /** The model's output with every conv weight named in {@code mask} multiplied by its mask. */
    public Tensor forward(Tensor x, Map<String, float[]> mask) {
        return forward(x, mask, (s, in, out) -> {});
    }

    public Tensor forward(Tensor x, Map<String, float[]> mask, Observer observer) {
        var weights = new LinkedHashMap<String, Tensor>();
        for (Step.Conv c : convs()) weights.put(c.name(), maskedWeight(c, mask));
        try (var g = Grad.disabled()) {
            return run(steps, x, weights, observer);
        }
    }

    private static Tensor maskedWeight(Step.Conv c, Map<String, float[]> mask) {
        Tensor w = c.conv().weight();
        float[] m = mask.get(c.name() + ".weight");
        if (m == null) return w;
        float[] wd = w.data(), out = new float[wd.length];
        for (int i = 0; i < wd.length; i++) out[i] = wd[i] * m[i];
        return Tensor.fromArray(out, w.shape());
    }

    private static Tensor run(List<Step> steps, Tensor x, Map<String, Tensor> weights, Observer observer) {
        for (Step s : steps) {
            Tensor y = switch (s) {
                case Step.Conv c -> F.conv2d(x, weights.get(c.name()), c.conv().bias(), c.conv().stride(),
                        c.conv().padding(), c.conv().groups());
                case Step.Norm n -> n.bn().forward(x);
                case Step.Relu r -> x.relu();
                case Step.PerChannel p -> p.op().forward(x);
                case Step.Flatten f -> x.flatten();
                case Step.Dense d -> d.linear().forward(x);
                case Step.Pad p -> p.shortcut().forward(x);
                case Step.Residual r -> run(r.main(), x, weights, observer)
                        .add(r.shortcut().isEmpty() ? x : run(r.shortcut(), x, weights, observer));
            };
            observer.after(s, x, y);
            x = y;
        }
        return x;
    }
}
