package dev.slt.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Schedules against values computed by hand. */
class LrScheduleTest {

    @Test
    void multiStepDropsAtTheMilestoneEpochs() {
        var s = LrSchedule.multiStep(0.1, 0.1, 120, 80);
        assertEquals(0.1, s.lr(0, 0, 391), 1e-12);
        assertEquals(0.1, s.lr(79, 390, 391), 1e-12);
        assertEquals(0.01, s.lr(80, 0, 391), 1e-12);
        assertEquals(0.01, s.lr(119, 5, 391), 1e-12);
        assertEquals(0.001, s.lr(120, 0, 391), 1e-12);
        assertEquals(0.001, s.lr(159, 0, 391), 1e-12);
    }

    @Test
    void cosineFollowsTheHalfPeriod() {
        var s = LrSchedule.cosine(0.1, 0.0, 10);
        assertEquals(0.1, s.lr(0, 0, 100), 1e-12);
        assertEquals(0.05, s.lr(5, 0, 100), 1e-12);
        assertEquals(0.0853553390593, s.lr(2, 50, 100), 1e-12); // t = 2.5: 0.05 * (1 + cos(π/4))
        assertEquals(0.0, s.lr(10, 0, 100), 1e-12);
        assertEquals(0.001 + 0.099 * 0.5, LrSchedule.cosine(0.1, 0.001, 10).lr(5, 0, 100), 1e-12);
    }

    @Test
    void warmupRampsLinearlyThenHandsOver() {
        var s = LrSchedule.constant(0.1).withWarmup(1);
        assertEquals(0.025, s.lr(0, 0, 4), 1e-12);
        assertEquals(0.05, s.lr(0, 1, 4), 1e-12);
        assertEquals(0.075, s.lr(0, 2, 4), 1e-12);
        assertEquals(0.1, s.lr(0, 3, 4), 1e-12);
        assertEquals(0.1, s.lr(1, 0, 4), 1e-12);
        // around a cosine: epoch 1 step 1 of 10 is global step 11 of 20 warm-up steps, t = 1.1
        var c = LrSchedule.cosine(0.1, 0.0, 10).withWarmup(2);
        assertEquals(0.05 * (1 + Math.cos(Math.PI * 0.11)) * 12 / 20, c.lr(1, 1, 10), 1e-12);
        assertEquals(LrSchedule.multiStep(0.1, 0.1, 1).lr(1, 9, 10) * 20 / 20,
                LrSchedule.multiStep(0.1, 0.1, 1).withWarmup(2).lr(1, 9, 10), 1e-12);
        assertEquals(0.1, LrSchedule.constant(0.1).withWarmup(0).lr(0, 0, 4), 1e-12);
    }

    @Property(tries = 50, seed = "42")
    void cosineNeverIncreases(@ForAll @IntRange(min = 0, max = 29) int epoch, @ForAll @IntRange(min = 0, max = 48) int step) {
        var s = LrSchedule.cosine(0.2, 0.0, 30);
        assertTrue(s.lr(epoch, step + 1, 50) <= s.lr(epoch, step, 50));
    }
}
