package dev.slt.engine;

import dev.slt.kernels.Backends;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph: every op output that needs a gradient remembers its parents and a {@link Rule} from
 * {@link Gradients}; {@link #backward} sorts the graph topologically (iteratively: a deep chain must not
 * overflow the stack) and runs the rules from the output back to the leaves.
 */
final class Tape {

    /** A derivative rule: reads the output's gradient {@code dy} (and its value {@code y}) and accumulates into the parents' gradients. */
    @FunctionalInterface
    interface Rule {
        void apply(float[] dy, float[] y);
    }

    private static final Tensor[] NO_PARENTS = {};

    private Tape() {}

    /**
     * Wraps an op's freshly computed output. It joins the graph only when recording is on and some
     * parent requires grad; otherwise it is a plain constant and {@code rule} is dropped.
     */
    static Tensor record(String op, float[] out, Shape shape, Rule rule, Tensor... parents) {
        if (Debug.checkingNaN()) Debug.requireFinite(out, shape, op, "output");
        Tensor t = null;
        if (Grad.isEnabled()) {
            for (Tensor p : parents)
                if (p != null && p.requiresGrad()) {
                    t = new Tensor(out, shape, op, rule, present(parents));
                    break;
                }
        }
        if (t == null) t = new Tensor(out, shape, null, null, NO_PARENTS);
        t.ownsData = true;
        for (Tensor p : parents) if (p != null && p.data() == out) t.ownsData = false;   // a reshape: a view
        return t;
    }

    /** The parents without the absent optional ones (a null bias, gamma or beta). */
    private static Tensor[] present(Tensor[] parents) {
        int n = 0;
        for (Tensor p : parents) if (p != null) n++;
        if (n == parents.length) return parents;
        Tensor[] out = new Tensor[n];
        n = 0;
        for (Tensor p : parents) if (p != null) out[n++] = p;
        return out;
    }

    /** Accumulates {@code seed} into {@code root}'s gradient and propagates it to every leaf that requires grad. */
    static void backward(Tensor root, float[] seed) {
        if (!root.requiresGrad())
            throw new IllegalStateException("backward: tensor " + root.shape()
                    + " does not require grad (a constant, detached, or made under Grad.disabled())");
        List<Tensor> order = topologicalOrder(root);
        // interior gradients live for one pass only, so a second backward does not count the first twice
        for (Tensor t : order) if (!t.isLeaf()) t.grad = null;
        Backends.current().axpy(1f, seed, 0, root.gradArray(), 0, seed.length);
        boolean check = Debug.checkingNaN();
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            if (t.isLeaf() || t.grad == null) continue;
            float[] dy = t.grad;
            t.rule.apply(dy, t.data());
            t.grad = null;
            if (!adoptedByParent(t, dy)) Recycler.recycle(dy);
            if (check) {
                for (int p = 0; p < t.parents.length; p++) {
                    Tensor parent = t.parents[p];
                    if (parent.requiresGrad())
                        Debug.requireFinite(parent.grad, parent.shape(), t.op, "the gradient of input " + p + " (backward)");
                }
            }
        }
    }

    /** {@link Tensor#releaseGraph}: every recorded tensor reachable from root (iteratively: deep chains are fine). */
    static void release(Tensor root) {
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        List<Tensor> stack = new ArrayList<>();
        stack.add(root);
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Tensor t = stack.removeLast();
            if (t.isLeaf()) continue;
            for (Tensor p : t.parents)
                if (seen.put(p, Boolean.TRUE) == null) stack.add(p);
            t.release();
        }
    }

    /** Whether a rule handed its dy on as a parent's gradient ({@link Tensor#adoptGrad}) instead of copying it. */
    private static boolean adoptedByParent(Tensor t, float[] dy) {
        for (Tensor p : t.parents) if (p.grad == dy) return true;
        return false;
    }

    /** Tensors reachable from {@code root} through parents that require grad, every parent before its children. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        List<Tensor> stack = new ArrayList<>();
        List<Integer> next = new ArrayList<>();  // next parent index to visit, per stack frame
        stack.add(root);
        next.add(0);
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Tensor t = stack.get(top);
            int i = next.get(top);
            if (i < t.parents.length) {
                next.set(top, i + 1);
                Tensor p = t.parents[i];
                if (p.requiresGrad() && seen.put(p, Boolean.TRUE) == null) {
                    stack.add(p);
                    next.add(0);
                }
            } else {
                order.add(t);
                stack.remove(top);
                next.remove(top);
            }
        }
        return order;
    }
}
