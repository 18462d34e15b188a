package dev.slt.pruning.lottery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slt.datasets.Datasets;
import dev.slt.datasets.TrainTest;
import dev.slt.kernels.KernelPool;
import dev.slt.nn.checkpoint.Safetensors;
import dev.slt.nn.train.Callback;
import dev.slt.nn.train.EpochLog;
import dev.slt.nn.train.TrainingRun;
import dev.slt.pruning.Mask;
import dev.slt.pruning.regroup.RegroupParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lottery runner on lenet5 and 256 images of fashion-mnist-mini: files, determinism, resume, every method. */
class LotteryRunnerTest {

    static TrainTest data;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        KernelPool.setThreads(1);
        data = Datasets.load("fashion-mnist-mini", null);
    }

    static LotteryConfig config(String method, int rounds, int epochs, String mode) {
        return new LotteryConfig("fashion-mnist-mini", "lenet5", method, rounds, 0.2, 0, epochs, 32, 0.05, 0.9, 5e-4,
                "cosine", 7, 128, 100, mode, false, false, "l1", 0.1, RegroupParams.defaults());
    }

    static LotteryRunner.Result run(LotteryConfig c, RunPaths p, LotteryListener l) {
        return new LotteryRunner(c, data, p, l).run();
    }

    static JsonNode json(Path f) throws IOException {
        return new ObjectMapper().readTree(f.toFile());
    }

    @Test
    void refillRunWritesTheFilesWithSaneValuesAndTheTicketLoads() throws IOException {
        var c = config("refill", 2, 2, LotteryConfig.PER_ROUND_TICKET);
        var p = RunPaths.of(dir);
        run(c, p, LotteryListener.NONE);
        JsonNode s = json(p.summary());
        assertEquals("refill", s.get("method").asText());
        double dense = s.get("dense").get("test_accuracy").asDouble();
        assertTrue(dense >= 0 && dense <= 1, "dense accuracy " + dense);
        assertEquals(2, s.get("rounds").size());
        assertTrue(s.get("complete").asBoolean());
        for (int k = 1; k <= 2; k++) {
            JsonNode r = s.get("rounds").get(k - 1);
            for (String key : List.of("round", "weight_density", "channel_density", "flop_density", "imp_test_accuracy",
                    "ticket_weight_density", "ticket_test_accuracy", "imp_best_val_accuracy", "ticket_best_val_accuracy",
                    "ticket_channel_density", "ticket_flop_density", "parameter_sparsity", "ticket_parameter_sparsity"))
                assertTrue(r.has(key) && !r.get(key).isNull(), "round " + k + " lacks " + key + ": " + r);
            assertEquals(k, r.get("round").asInt());
            assertEquals(Math.pow(0.8, k), r.get("weight_density").asDouble(), 1e-3);
            assertTrue(r.get("ticket_channel_density").asDouble() < 1, "refill drops channels: " + r);
            for (String a : List.of("imp_test_accuracy", "ticket_test_accuracy"))
                assertTrue(r.get(a).asDouble() >= 0 && r.get(a).asDouble() <= 1, r.toString());
            for (Path f : List.of(p.ticket(k), p.imp(k), p.masks(k), p.report(k), p.roundResult(k)))
                assertTrue(Files.isRegularFile(f), f + " missing");
            assertFalse(Files.exists(p.ticketCheckpoint(k)) || Files.exists(p.impCheckpoint(k)), "checkpoints are deleted when a phase ends");

            Ticket t = Ticket.load(p.round(k));
            assertEquals(c, t.config());
            assertEquals(k, t.round());
            assertEquals(List.of("0.weight", "3.weight"), t.mask().names());  // lenet5 marks no stem: both convs are prunable
            var state = t.model().stateDict();
            for (String n : t.mask().names()) {
                float[] w = state.get(n).data(), m = t.mask().get(n), imp = t.impMask().get(n);
                for (int i = 0; i < w.length; i++) {
                    if (m[i] == 0f) assertEquals(0f, w[i], n + "[" + i + "] pruned but nonzero");
                }
                int cols = t.mask().cols(n);
                for (int row = 0; row < t.mask().rows(n); row++) {   // refill: whole rows
                    float first = m[row * cols];
                    for (int j = 1; j < cols; j++) assertEquals(first, m[row * cols + j]);
                }
                assertEquals(r.get("weight_density").asDouble(), t.impMask().density(), 1e-12);
                assertNotEquals(0, imp.length);
            }
            var raw = Safetensors.read(p.ticket(k)).tensors();
            assertTrue(raw.containsKey("3.weight") && raw.containsKey("mask.3.weight") && raw.containsKey("imp_mask.3.weight") && raw.containsKey("9.bias"), raw.keySet().toString());

            JsonNode rep = json(p.report(k));
            JsonNode l = rep.get("layers").get(0);
            for (String key : List.of("layer", "shape", "density_before", "density_after", "kept_channels", "blocks", "dense_macs", "imp_macs", "ticket_macs"))
                assertTrue(l.has(key), "report layer lacks " + key + ": " + l);
        }
        for (Path f : List.of(p.config(), p.dense(), p.rewind())) assertTrue(Files.isRegularFile(f), f + " missing");
        assertFalse(Files.exists(p.denseCheckpoint()));
    }

    /** Records phases; throws once at the end of the first epoch of the phase named {@code failIn}. */
    static final class Recorder implements LotteryListener {
        final List<String> started = new java.util.ArrayList<>(), skipped = new java.util.ArrayList<>();
        String failIn, current;

        @Override
        public void phaseStarted(String what) {
            started.add(what);
            current = what;
        }

        @Override
        public void phaseSkipped(String what) {
            skipped.add(what);
        }

        @Override
        public List<Callback> trainingCallbacks() {
            String phase = current;
            return List.of(new Callback() {
                @Override
                public void onEpochEnd(EpochLog log) {
                    if (failIn != null && phase.startsWith(failIn)) {
                        failIn = null;
                        throw new IllegalStateException("interrupted");
                    }
                }
            });
        }
    }

    static Mask masks(Path file, String prefix) {
        return Mask.fromTensors(Safetensors.read(file).tensors(), prefix);
    }

    @Test
    void sameSeedGivesSameTicketsAndAnInterruptedOrTruncatedRunResumesToTheSameSummary() throws IOException {
        var c = config("refill", 2, 2, LotteryConfig.PER_ROUND_TICKET);
        RunPaths a = RunPaths.of(dir.resolve("a")), b = RunPaths.of(dir.resolve("b"));
        run(c, a, LotteryListener.NONE);

        var rec = new Recorder();
        rec.failIn = "round 2: ticket training";
        assertThrows(IllegalStateException.class, () -> run(c, b, rec));
        assertTrue(Files.isRegularFile(b.ticketCheckpoint(2)), "the interrupted phase left its end-of-epoch checkpoint");
        assertFalse(Files.exists(b.ticket(2)));
        var again = new Recorder();
        run(c, b, again);
        assertTrue(again.skipped.containsAll(List.of("dense training", "round 1: IMP ticket training", "round 2: IMP ticket training")), again.skipped.toString());
        assertEquals(1, again.started.size(), "only the interrupted phase runs again: " + again.started);

        assertEquals(json(a.summary()), json(b.summary()));
        for (int k = 1; k <= 2; k++) {
            assertEquals(masks(a.ticket(k), Ticket.MASK_PREFIX), masks(b.ticket(k), Ticket.MASK_PREFIX));
            assertEquals(masks(a.ticket(k), Ticket.IMP_MASK_PREFIX), masks(b.ticket(k), Ticket.IMP_MASK_PREFIX));
            assertArrayEquals(Safetensors.read(a.ticket(k)).tensors().get("3.weight").data(), Safetensors.read(b.ticket(k)).tensors().get("3.weight").data());
        }

        // a truncated run: the last round's outputs and the summary gone
        for (Path f : List.of(b.ticket(2), b.roundResult(2), b.summary())) Files.delete(f);
        var third = new Recorder();
        run(c, b, third);
        assertEquals(List.of("round 2: ticket training"), third.started.stream().map(s -> s.replaceAll(" \\(.*", "")).toList());
        assertEquals(json(a.summary()), json(b.summary()));
    }

    @Test
    void aDifferentConfigIsRefusedAndBadValuesAreRejected() {
        var c = config("imp", 1, 1, LotteryConfig.PER_ROUND_TICKET);
        var p = RunPaths.of(dir);
        run(c, p, LotteryListener.NONE);
        var other = config("imp", 2, 1, LotteryConfig.PER_ROUND_TICKET);
        var e = assertThrows(TrainingRun.ConfigMismatchException.class, () -> run(other, p, LotteryListener.NONE));
        assertTrue(e.getMessage().contains("cannot resume"), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> config("imp", 0, 1, LotteryConfig.PER_ROUND_TICKET));
        assertThrows(IllegalArgumentException.class, () -> config("lth", 1, 1, LotteryConfig.PER_ROUND_TICKET));
        assertThrows(IllegalArgumentException.class, () -> config("imp", 1, 1, LotteryConfig.IN_LOOP));
        assertThrows(IllegalArgumentException.class, () -> config("imp", 1, 1, "sometimes"));
        for (double rate : new double[] {0, 1, -0.1, Double.NaN})
            assertThrows(IllegalArgumentException.class, () -> new LotteryConfig("fashion-mnist-mini", "lenet5", "imp", 1, rate, 0, 2, 32, 0.05,
                    0.9, 5e-4, "cosine", 7, 0, 0, LotteryConfig.PER_ROUND_TICKET, false, false, "l1", 0.1, RegroupParams.defaults()));
        var ex = assertThrows(IllegalArgumentException.class, () -> new LotteryConfig("fashion-mnist-mini", "lenet5", "imp", 1, 0.2, 2, 2, 32, 0.05,
                0.9, 5e-4, "cosine", 7, 0, 0, LotteryConfig.PER_ROUND_TICKET, false, false, "l1", 0.1, RegroupParams.defaults()));
        assertTrue(ex.getMessage().contains("rewind epoch"), ex.getMessage());
        assertEquals(c, LotteryConfig.fromJson(c.toJson()));
    }

    @Test
    void everyMethodRunsOnOneSharedDensePhase() throws IOException {
        Path denseDir = dir.resolve("dense");
        for (String m : Method.keys()) {
            var c = config(m, 2, 1, LotteryConfig.PER_ROUND_TICKET);
            var p = new RunPaths(dir.resolve(m), denseDir);
            var rec = new Recorder();
            var r = run(c, p, rec);
            assertEquals(m.equals("imp"), rec.started.stream().anyMatch(s -> s.startsWith("dense")), m + ": " + rec.started);
            assertEquals(2, r.rounds().size());
            JsonNode s = json(p.summary());
            assertEquals(m, s.get("method").asText());
            for (JsonNode row : s.get("rounds")) assertTrue(row.get("ticket_test_accuracy").isNumber(), m + ": " + row);
            var t = Ticket.load(p.round(2));
            double d = t.impMask().density();
            switch (m) {
                case "structured-imp" -> {
                    assertTrue(t.mask().equals(t.impMask()));
                    assertTrue(t.mask().channelDensity() < 1, t.mask().toString());
                    for (String n : t.mask().names()) assertEquals(t.mask().channelDensity(n), t.mask().density(n), 1e-12, "whole channels in " + n);
                }
                case "omp", "imp", "random-ticket" -> {
                    assertEquals(t.mask(), t.impMask());
                    assertEquals(0.64, d, 0.01);
                }
                default -> assertEquals(0.64, d, 0.01);
            }
            if (m.equals("regroup")) {
                JsonNode layer = json(p.report(2)).get("layers").get(1);   // 16 rows >= b1: one part, one block
                assertFalse(layer.get("kept_unstructured").asBoolean(), layer.toString());
                assertEquals(1, layer.get("blocks").size());
                assertEquals(16, layer.get("blocks").get(0).get("rows").asInt());
            }
        }
        // in-loop: round 2 prunes the trained structured ticket of round 1, and no IMP ticket is trained
        var c = config("refill", 2, 1, LotteryConfig.IN_LOOP);
        var p = new RunPaths(dir.resolve("refill-in-loop"), denseDir);
        run(c, p, LotteryListener.NONE);
        JsonNode row = json(p.summary()).get("rounds").get(1);
        assertTrue(row.get("imp_test_accuracy").isNull(), row.toString());
        assertFalse(Files.exists(p.imp(1)));
        Mask r1 = Ticket.load(p.round(1)).mask(), imp2 = Ticket.load(p.round(2)).impMask();
        for (String n : r1.names()) {
            float[] a = r1.get(n), b2 = imp2.get(n);
            for (int i = 0; i < a.length; i++) assertTrue(b2[i] <= a[i], "round 2's IMP mask lies inside round 1's ticket");
        }
    }
}
