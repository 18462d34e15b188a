/**
 * Training: {@link dev.slt.nn.train.Trainer}, a plain loop (forward, cross-entropy, backward, SGD
 * step at the schedule's rate; a NaN/Inf loss stops it with {@link dev.slt.nn.train.NonFiniteLossException}
 * naming epoch and step), and {@link dev.slt.nn.train.Callback}s for everything else:
 * {@link dev.slt.nn.train.EvaluationCallback} (validation and test loss/accuracy per epoch),
 * {@link dev.slt.nn.train.History} (every epoch's {@link dev.slt.nn.train.EpochLog}; the best epoch by
 * validation accuracy), {@link dev.slt.nn.train.CheckpointCallback} (whole state at each epoch's end).
 * {@link dev.slt.nn.train.TrainingRun} wires them from a {@link dev.slt.nn.train.TrainConfig}.
 *
 * <p>Determinism: the model's initial weights come from the config's seed, and the order and
 * augmentation of epoch {@code e} from (seed, e) in {@code datasets.Loader}; the checkpoint holds
 * weights, buffers, momentum and history; so a run resumed after epoch {@code k} ends bit-identical to
 * an uninterrupted one (same thread count and backend). No registered model uses {@code Dropout},
 * whose generator state is not checkpointed: a model with dropout would resume with other masks.
 *
 * <p>How to add a callback: implement the hooks you need, read or add metrics through the
 * {@code EpochLog}, and pass it in {@code TrainingRun.run(extra)} (extras run after evaluation,
 * history and checkpoint, so they see the finished epoch).
 */
package dev.slt.nn.train;
