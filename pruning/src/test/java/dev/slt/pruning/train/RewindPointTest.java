package dev.slt.pruning.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.models.Models;
import dev.slt.pruning.Mask;
import dev.slt.pruning.PrunableSet;
import dev.slt.pruning.strategy.GlobalMagnitude;
import dev.slt.pruning.strategy.RateParams;
import java.util.Arrays;
import java.util.List;
import java.util.SequencedMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Rewinding restores θ_rw exactly: every unpruned weight, every BN parameter and buffer. */
class RewindPointTest {

    @Property(tries = 4, seed = "51")
    void restoreGivesBackThetaRwUnderTheMask(@ForAll @IntRange(min = 0, max = 2) int rewindEpoch, @ForAll @IntRange(min = 0, max = 1000) int seed) {
        Module model = Models.create("convnet", 1, TinyTraining.SIDE, 10, seed);
        SequencedMap<String, Tensor> theta0 = RewindPoint.copy(model.stateDict());
        var point = new RewindPoint(model, rewindEpoch);
        var sgd = TinyTraining.sgd(model);
        TinyTraining.fit(model, sgd, 3, seed, List.of(point));
        assertTrue(point.captured());
        SequencedMap<String, Tensor> rw = point.state();
        if (rewindEpoch == 0) rw.forEach((n, t) -> assertArrayEquals(theta0.get(n).data(), t.data(), n));
        // training went on after the capture, so restoring has something to undo
        assertFalse(Arrays.equals(rw.get("1.running_mean").data(), model.stateDict().get("1.running_mean").data()));

        var trained = model.stateDict();
        Mask mask = new GlobalMagnitude(new RateParams(0.5)).prune(PrunableSet.DEFAULT.initialMask(model), trained, 0);
        RewindPoint.restore(model, rw, mask);
        model.stateDict().forEach((n, t) -> {
            float[] want = rw.get(n).data(), got = t.data();
            if (!mask.contains(n)) {
                assertArrayEquals(want, got, n);  // BN affine, running statistics, biases, Linear weights
                return;
            }
            float[] m = mask.get(n);
            for (int i = 0; i < m.length; i++) assertEquals(m[i] == 1f ? want[i] : 0.0f, got[i], n + "[" + i + "]");
        });
        assertTrue(model.stateDict().containsKey("5.running_var"));
    }

    @Test
    void stateIsADeepCopyAndRefusedBeforeCapture() {
        Module model = Models.create("convnet", 1, TinyTraining.SIDE, 10, 1);
        var point = new RewindPoint(model, 0);
        assertThrows(IllegalStateException.class, point::state);
        point.onEpochStart(0);
        float was = model.stateDict().get("0.weight").data()[0];
        model.stateDict().get("0.weight").data()[0] = 42f;
        assertEquals(was, point.state().get("0.weight").data()[0]);
        point.state().get("0.weight").data()[0] = 7f;
        assertEquals(was, point.state().get("0.weight").data()[0]);
    }

    @Test
    void defaultRewindEpochIsFivePercentRoundedHalfUp() {
        assertEquals(8, RewindPoint.defaultEpoch(160));
        assertEquals(0, RewindPoint.defaultEpoch(1));
        assertEquals(0, RewindPoint.defaultEpoch(9));
        assertEquals(1, RewindPoint.defaultEpoch(10));
        assertEquals(1, RewindPoint.defaultEpoch(29));
        assertEquals(2, RewindPoint.defaultEpoch(30));
        assertEquals(1, RewindPoint.epochFor(0.9, 2));  // never past the last epoch
        assertThrows(IllegalArgumentException.class, () -> RewindPoint.epochFor(1.0, 10));
    }
}
