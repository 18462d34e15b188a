package dev.slt.pruning.lottery;

/**
 * The dense phase's figures: test accuracy at the best-validation epoch (METHOD.md's rule), that
 * validation accuracy, and the test accuracy after the last epoch (the stored θ_t's).
 */
public record DenseResult(double testAccuracy, double bestValAccuracy, double finalTestAccuracy, int epochs) {}
