package dev.slt.pruning.lottery;

/**
 * One round's row of {@code summary.json} (snake_case keys there: {@code weight_density},
 * {@code imp_test_accuracy}, ...). Densities of the IMP mask first, then of the ticket; accuracies as
 * in {@link Accuracy}. The IMP accuracies are null in {@code in-loop} mode (no IMP ticket is trained).
 *
 * @param weightDensity      IMP mask non-zeros over prunable weights
 * @param channelDensity     IMP mask: prunable output channels with any kept weight, over all of them
 * @param flopDensity        IMP mask: multiply-adds needed over the dense model's (METHOD.md's count)
 * @param parameterSparsity  IMP mask: pruned weights over all trainable parameters
 * @param layersKeptUnstructured layers whose ticket mask kept the unstructured IMP mask (regroup found no block)
 */
public record RoundResult(int round, double weightDensity, double channelDensity, double flopDensity, double parameterSparsity,
                          Double impBestValAccuracy, Double impTestAccuracy, Double impFinalTestAccuracy,
                          double ticketWeightDensity, double ticketChannelDensity, double ticketFlopDensity,
                          double ticketParameterSparsity, Double ticketBestValAccuracy, Double ticketTestAccuracy,
                          Double ticketFinalTestAccuracy, int layersKeptUnstructured) {}
