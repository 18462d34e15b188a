package dev.slt.pruning.lottery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slt.datasets.TrainTest;
import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.checkpoint.AtomicFiles;
import dev.slt.nn.checkpoint.Checkpoint;
import dev.slt.nn.checkpoint.Safetensors;
import dev.slt.nn.models.Models;
import dev.slt.nn.train.Callback;
import dev.slt.nn.train.History;
import dev.slt.nn.train.TrainingRun;
import dev.slt.pruning.Mask;
import dev.slt.pruning.graph.ChannelGraph;
import dev.slt.pruning.graph.TicketStats;
import dev.slt.pruning.post.PostProcessor;
import dev.slt.pruning.post.PostProcessors;
import dev.slt.pruning.post.Structured;
import dev.slt.pruning.strategy.OneShotMagnitude;
import dev.slt.pruning.strategy.Strategies;
import dev.slt.pruning.strategy.Strategy;
import dev.slt.pruning.train.RewindPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedMap;
import java.util.SplittableRandom;

/**
 * IMP with rewinding and structural tickets (METHOD.md), resumable phase by phase.
 * <ol>
 * <li>Dense: train, capturing θ_rw (the whole state) at the start of epoch e_r → θ_t
 *     ({@code rewind.safetensors}, {@code dense.safetensors}).</li>
 * <li>Per round k: prune (the method's strategy) → IMP mask M_k; post-process → ticket mask S_k
 *     ({@code masks.safetensors}, {@code report.json}); retrain M_k from θ_rw (optimiser reset, full
 *     schedule, mask enforced) → IMP ticket ({@code imp.safetensors}); retrain S_k from θ_rw (or a fresh
 *     initialisation for {@code random-ticket}) → ticket ({@code ticket.safetensors}); the round's row
 *     ({@code round.json}). Methods whose ticket is the IMP ticket train once per round.</li>
 * </ol>
 * The next round prunes from the IMP ticket ({@code per-round-ticket}) or from the structured ticket
 * ({@code in-loop}); {@code omp} always prunes the dense θ_t to density (1−p)^k. A phase whose output
 * exists is skipped; an interrupted training resumes from its end-of-epoch checkpoint. Every file is
 * written atomically with a SHA-256 of its data. The same config gives the same tickets.
 */
public final class LotteryRunner {

    private final LotteryConfig config;
    private final Method method;
    private final TrainTest data;
    private final RunPaths paths;
    private final LotteryListener listener;
    private final MaskedTraining training;
    private final int channels, imageSize, classes;
    private final Module shapeModel;
    private final ChannelGraph graph;
    private ImpChain chain;

    public LotteryRunner(LotteryConfig config, TrainTest data, RunPaths paths, LotteryListener listener) {
        this.config = config;
        this.method = config.methodValue();
        this.data = data;
        this.paths = paths;
        this.listener = listener;
        this.training = new MaskedTraining(config.trainConfig(), data);
        this.channels = data.train().channels();
        this.imageSize = data.train().height();
        this.classes = data.train().classes();
        this.shapeModel = Models.create(config.model(), channels, imageSize, classes, config.seed());
        this.graph = ChannelGraph.of(shapeModel);
    }

    /**
     * Reuses {@code chain}'s retrained IMP tickets where this run derives the same IMP mask (see
     * {@link ImpChain}); a run outside the chain ({@link ImpChain#member}) ignores it.
     */
    public LotteryRunner sharing(ImpChain chain) {
        this.chain = chain;
        return this;
    }

    /** The finished run: the dense figures and one row per round. */
    public record Result(LotteryConfig config, DenseResult dense, List<RoundResult> rounds) {}

    /**
     * Runs (or resumes) every phase. A folder holding another config's run is refused with a
     * {@link TrainingRun.ConfigMismatchException}.
     */
    public Result run() {
        checkConfig();
        Dense dense = dense();
        listener.denseFinished(dense.result);
        var rounds = new ArrayList<RoundResult>();
        Source source = new Source(config.prunableSet().initialMask(shapeModel), dense.trained);
        for (int k = 1; k <= config.rounds(); k++) {
            Round r = round(k, source, dense);
            rounds.add(r.result);
            listener.roundFinished(r.result);
            Summary.write(paths.summary(), config, dense.result, rounds);
            source = r.next;
        }
        return new Result(config, dense.result, rounds);
    }

    // ---------------------------------------------------------------- config

    private void checkConfig() {
        Path file = paths.config();
        if (Files.isRegularFile(file)) {
            LotteryConfig saved;
            try {
                saved = LotteryConfig.fromJson(Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            if (!saved.equals(config))
                throw new TrainingRun.ConfigMismatchException("cannot resume: " + paths.dir() + " holds a run with config " + saved.toJson()
                        + " but this run's is " + config.toJson());
        } else {
            AtomicFiles.write(file, config.toJson().getBytes(StandardCharsets.UTF_8));
        }
    }

    // ---------------------------------------------------------------- dense

    /** θ_t, θ_rw and the dense figures. */
    private record Dense(SequencedMap<String, Tensor> trained, SequencedMap<String, Tensor> rewind, DenseResult result) {}

    private static final String DENSE_KEY = "dense_key";

    private Dense dense() {
        if (Files.isRegularFile(paths.dense()) && Files.isRegularFile(paths.rewind())) {
            listener.phaseSkipped("dense training");
            return readDense();
        }
        listener.phaseStarted("dense training (" + config.epochs() + " epochs, rewind point at the start of epoch " + config.rewindEpoch() + ")");
        var run = new TrainingRun(config.trainConfig(), data, paths.denseCheckpoint());
        if (Files.isRegularFile(paths.denseCheckpoint())) run.resume();
        var callbacks = new ArrayList<Callback>();
        callbacks.add(new RewindSaver(run.model(), config.rewindEpoch(), paths.rewind(), meta(Map.of())));
        callbacks.addAll(listener.trainingCallbacks());
        History h = run.run(callbacks);
        if (!Files.isRegularFile(paths.rewind()))
            throw new IllegalStateException("the dense run never reached rewind epoch " + config.rewindEpoch() + ", and " + paths.rewind() + " is missing");
        Checkpoint.save(paths.dense(), run.model(), null, meta(Map.of(Ticket.HISTORY, h.toJson())));
        MaskedTraining.done(paths.denseCheckpoint());
        return readDense();
    }

    private Dense readDense() {
        var trained = Safetensors.read(paths.dense());
        var rewind = Safetensors.read(paths.rewind());
        for (var c : List.of(trained, rewind)) {
            String key = c.metadata().get(DENSE_KEY);
            if (!config.denseKey().equals(key))
                throw new TrainingRun.ConfigMismatchException("cannot reuse the dense phase in " + paths.denseDir() + ": it was trained with "
                        + key + " but this run needs " + config.denseKey());
        }
        var h = new History();
        h.loadJson(trained.metadata().get(Ticket.HISTORY));
        Accuracy a = Accuracy.of(h);
        return new Dense(state(trained.tensors()), state(rewind.tensors()),
                new DenseResult(a.testAccuracy(), a.bestValAccuracy(), a.finalTestAccuracy(), h.epochs().size()));
    }

    /** The model's state out of a file's tensors (momentum buffers left out). */
    private static SequencedMap<String, Tensor> state(Map<String, Tensor> tensors) {
        var out = new LinkedHashMap<String, Tensor>();
        tensors.forEach((n, t) -> { if (!n.startsWith(Checkpoint.MOMENTUM_PREFIX)) out.put(n, t); });
        return out;
    }

    /** Metadata every file of the run carries. */
    private Map<String, String> meta(Map<String, String> more) {
        var m = new LinkedHashMap<String, String>();
        m.put(DENSE_KEY, config.denseKey());
        m.put(Ticket.CONFIG, config.toJson());
        m.put(Ticket.METHOD, config.method());
        m.put(Ticket.IN_CHANNELS, Integer.toString(channels));
        m.put(Ticket.IMAGE_SIZE, Integer.toString(imageSize));
        m.put(Ticket.CLASSES, Integer.toString(classes));
        m.putAll(more);
        return m;
    }

    /** Writes θ_rw when epoch e_r starts, so a run resumed after e_r still has it. */
    private static final class RewindSaver implements Callback {
        private final RewindPoint point;
        private final Path file;
        private final Map<String, String> meta;

        RewindSaver(Module model, int epoch, Path file, Map<String, String> meta) {
            this.point = new RewindPoint(model, epoch);
            this.file = file;
            this.meta = meta;
        }

        @Override
        public void onEpochStart(int epoch) {
            point.onEpochStart(epoch);
            if (epoch == point.epoch()) {
                var m = new LinkedHashMap<String, String>();
                m.put(Checkpoint.FORMAT_KEY, Checkpoint.FORMAT);
                m.putAll(meta);
                m.put("epoch", Integer.toString(epoch));
                Safetensors.write(file, point.state(), m);
            }
        }
    }

    // ---------------------------------------------------------------- rounds

    /** The mask a round prunes further and the trained weights it prunes by. */
    private record Source(Mask mask, Map<String, Tensor> trained) {}

    private record Round(RoundResult result, Source next) {}

    private Round round(int k, Source source, Dense dense) {
        Path rf = paths.roundResult(k);
        Masks masks = masks(k, source, dense);
        String shared = chain != null && ImpChain.member(config) && chain.adopt(paths, method, k, masks.imp)
                ? " (the IMP ticket of " + chain.owner().dir() + ", same IMP mask)" : "";
        Map<String, Tensor> impWeights = null;
        Accuracy impAcc = null;
        if (method.separateTicket() && !config.inLoop()) {
            impWeights = trained(k, "IMP ticket", shared, paths.imp(k), paths.impCheckpoint(k), dense.rewind, masks.imp, masks.imp, rf);
            if (impWeights != null) impAcc = accuracy(paths.imp(k));
        }
        Map<String, Tensor> init = method.freshInit() ? freshInit(k) : dense.rewind;
        Map<String, Tensor> ticketWeights = trained(k, "ticket", method == Method.IMP ? shared : "", paths.ticket(k), paths.ticketCheckpoint(k), init, masks.ticket, masks.imp, rf);
        RoundResult result;
        if (Files.isRegularFile(rf)) {
            result = JsonFiles.read(rf, RoundResult.class);
        } else {
            Accuracy t = accuracy(paths.ticket(k));
            if (impAcc == null && !config.inLoop()) impAcc = t;   // the ticket is the IMP ticket
            result = result(k, masks, impAcc, t);
            JsonFiles.write(rf, result);
        }
        Source next;
        if (config.inLoop() || !method.separateTicket()) next = new Source(masks.ticket, ticketWeights);
        else next = new Source(masks.imp, impWeights);
        return new Round(result, next);
    }

    /** The round's IMP and ticket masks. */
    private record Masks(Mask imp, Mask ticket) {}

    private static final String IMP = "imp", TICKET = "ticket";

    private Masks masks(int k, Source source, Dense dense) {
        Path file = paths.masks(k);
        if (Files.isRegularFile(file) && Files.isRegularFile(paths.report(k))) {
            listener.phaseSkipped("round " + k + ": pruning and post-processing");
            var c = Safetensors.read(file);
            return new Masks(Mask.fromTensors(c.tensors(), Ticket.IMP_MASK_PREFIX), Mask.fromTensors(c.tensors(), Ticket.MASK_PREFIX));
        }
        listener.phaseStarted("round " + k + ": pruning (" + method.strategy() + ") and post-processing (" + method.postProcessor() + ")");
        long seed = seed(k, 1);
        Mask imp;
        if (method.oneShot()) {
            double density = Math.pow(1 - config.rate(), k);
            Strategy omp = Strategies.create(OneShotMagnitude.NAME, Map.of("density", Double.toString(density)));
            imp = omp.prune(config.prunableSet().initialMask(shapeModel), dense.trained, seed);
        } else {
            imp = Strategies.create(method.strategy(), Map.of("rate", Double.toString(config.rate()))).prune(source.mask, source.trained, seed);
        }
        PostProcessor post = PostProcessors.create(method.postProcessor(), config.postOptions());
        Structured s = post.apply(imp, source.trained, seed(k, 2));
        Mask ticket = s.mask();
        var report = RoundReport.of(k, config, s, imp, stats(imp), stats(ticket));
        JsonFiles.write(paths.report(k), report);
        SequencedMap<String, Tensor> all = new LinkedHashMap<>(ticket.toTensors(Ticket.MASK_PREFIX));
        all.putAll(imp.toTensors(Ticket.IMP_MASK_PREFIX));
        Safetensors.write(file, all, meta(Map.of(Ticket.ROUND, Integer.toString(k))));
        return new Masks(imp, ticket);
    }

    /**
     * The weights of a trained phase: read from {@code out} when it exists, else trained (or resumed)
     * and stored. Null when the round is finished and nothing later needs them.
     */
    private Map<String, Tensor> trained(int k, String what, String sharedNote, Path out, Path checkpoint, Map<String, Tensor> init, Mask mask, Mask impMask, Path roundFile) {
        String phase = "round " + k + ": " + what + " training";
        if (Files.isRegularFile(out)) {
            listener.phaseSkipped(phase + sharedNote);
            return state(Safetensors.read(out).tensors());
        }
        listener.phaseStarted(phase + String.format(Locale.ROOT, " (weight density %.4f, channel density %.4f)", mask.density(), mask.channelDensity()));
        TrainingRun run = training.train(checkpoint, init, mask, listener.trainingCallbacks());
        Ticket.write(out, run.model(), mask, impMask, meta(Map.of(Ticket.ROUND, Integer.toString(k),
                Ticket.PHASE, out.equals(paths.imp(k)) ? IMP : TICKET, Ticket.HISTORY, run.history().toJson())));
        MaskedTraining.done(checkpoint);
        return new LinkedHashMap<>(run.model().stateDict());
    }

    private Accuracy accuracy(Path file) {
        var h = new History();
        h.loadJson(Safetensors.read(file).metadata().get(Ticket.HISTORY));
        return Accuracy.of(h);
    }

    /** random-ticket's initialisation for round k: a fresh model from a seed of its own. */
    private Map<String, Tensor> freshInit(int k) {
        return Models.create(config.model(), channels, imageSize, classes, seed(k, 3)).stateDict();
    }

    /** A seed per (round, use), all from the run's seed. */
    private long seed(int k, int use) {
        return new SplittableRandom(config.seed() * 1_000_003L + 31L * k + use).nextLong();
    }

    private TicketStats stats(Mask m) {
        var convs = new LinkedHashMap<String, float[]>();
        for (String n : m.names()) if (graph.nodes().containsKey(n)) convs.put(n, m.get(n));
        return TicketStats.of(graph, shapeModel, convs, imageSize);
    }

    private RoundResult result(int k, Masks m, Accuracy imp, Accuracy ticket) {
        TicketStats si = stats(m.imp), st = stats(m.ticket);
        double params = shapeModel.parameterCount();
        int kept = keptUnstructured(k);
        return new RoundResult(k, m.imp.density(), m.imp.channelDensity(), si.flopDensity(), (m.imp.size() - m.imp.nnz()) / params,
                imp == null ? null : finite(imp.bestValAccuracy()), imp == null ? null : finite(imp.testAccuracy()),
                imp == null ? null : finite(imp.finalTestAccuracy()),
                m.ticket.density(), m.ticket.channelDensity(), st.flopDensity(), (m.ticket.size() - m.ticket.nnz()) / params,
                finite(ticket.bestValAccuracy()), finite(ticket.testAccuracy()), finite(ticket.finalTestAccuracy()), kept);
    }

    private int keptUnstructured(int k) {
        var report = JsonFiles.read(paths.report(k), JsonNode.class);
        int n = 0;
        for (var l : report.get("layers")) if (l.get("kept_unstructured").asBoolean()) n++;
        return n;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
