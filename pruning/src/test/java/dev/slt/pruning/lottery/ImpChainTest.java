package dev.slt.pruning.lottery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.pruning.regroup.RegroupParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sharing the IMP chain: trained once, reused only where the masks agree, same figures as training it again. */
class ImpChainTest {

    @TempDir
    Path dir;

    /** Records the phases that really trained. */
    static final class Trainings implements LotteryListener {
        final List<String> started = new ArrayList<>(), skipped = new ArrayList<>();

        @Override
        public void phaseStarted(String what) {
            started.add(what);
        }

        @Override
        public void phaseSkipped(String what) {
            skipped.add(what);
        }

        long impTrainings() {
            return started.stream().filter(s -> s.contains("IMP ticket training")).count();
        }
    }

    static LotteryConfig config(String method, double rate) {
        return new LotteryConfig("fashion-mnist-mini", "lenet5", method, 2, rate, 0, 1, 32, 0.05, 0.9, 5e-4,
                "cosine", 7, 128, 100, LotteryConfig.PER_ROUND_TICKET, false, false, "l1", 0.1, RegroupParams.defaults());
    }

    RunPaths paths(String name) {
        return new RunPaths(dir.resolve(name), dir.resolve("dense"));
    }

    @Test
    void refillReusesImpsTicketsAndGetsTheFiguresOfItsOwnChain() throws IOException {
        LotteryRunnerTest.load();
        var chain = new ImpChain(paths("imp"), Method.IMP);
        var imp = LotteryRunnerTest.run(config("imp", 0.2), paths("imp"), LotteryListener.NONE);

        var shared = new Trainings();
        var refill = new LotteryRunner(config("refill", 0.2), LotteryRunnerTest.data, paths("refill"), shared).sharing(chain).run();
        assertEquals(0, shared.impTrainings(), "every IMP ticket reused: " + shared.started);
        assertTrue(shared.skipped.stream().anyMatch(s -> s.contains("the IMP ticket of")), "the reuse is said: " + shared.skipped);
        for (int k = 1; k <= 2; k++) {
            assertArrayEquals(Files.readAllBytes(paths("imp").ticket(k)), Files.readAllBytes(paths("refill").imp(k)));
            assertEquals(imp.rounds().get(k - 1).impTestAccuracy(), refill.rounds().get(k - 1).impTestAccuracy());
        }

        // the same method with its own chain, from scratch: the IMP figures the shared run reported
        var own = new Trainings();
        var alone = new LotteryRunner(config("refill", 0.2), LotteryRunnerTest.data, paths("refill-alone"), own).run();
        assertEquals(2, own.impTrainings());
        assertEquals(alone.rounds(), refill.rounds(), "sharing changes nothing but the time spent");
    }

    @Test
    void aRunThatPrunesToOtherMasksTrainsItsOwnChain() {
        LotteryRunnerTest.load();
        LotteryRunnerTest.run(config("imp", 0.2), paths("imp"), LotteryListener.NONE);
        var t = new Trainings();
        new LotteryRunner(config("refill", 0.4), LotteryRunnerTest.data, paths("refill"), t).sharing(new ImpChain(paths("imp"), Method.IMP)).run();
        assertEquals(2, t.impTrainings(), "rate 0.4 prunes to other masks than the chain's rate 0.2: " + t.started);
        assertFalse(t.skipped.stream().anyMatch(s -> s.contains("the IMP ticket of")));
    }

    @Test
    void onlyRunsThatWalkTheChainShareIt() {
        assertTrue(ImpChain.member(config("regroup", 0.2)));
        assertTrue(ImpChain.member(config("random-ticket", 0.2)));
        assertFalse(ImpChain.member(config("structured-imp", 0.2)));
        assertFalse(ImpChain.member(config("omp", 0.2)));
        var inLoop = new LotteryConfig("fashion-mnist-mini", "lenet5", "refill", 2, 0.2, 0, 1, 32, 0.05, 0.9, 5e-4,
                "cosine", 7, 128, 100, LotteryConfig.IN_LOOP, false, false, "l1", 0.1, RegroupParams.defaults());
        assertFalse(ImpChain.member(inLoop));
        assertThrows(IllegalArgumentException.class, () -> new ImpChain(paths("s"), Method.STRUCTURED_IMP));
    }
}
