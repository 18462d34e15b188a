package dev.slt.engine;

/** A NaN or infinity found by {@link Debug#checkNaN(boolean)}; {@link #op()} names the op that produced it. */
public final class NonFiniteException extends ArithmeticException {

    private final String op;

    NonFiniteException(String op, String message) {
        super(message);
        this.op = op;
    }

    public String op() {
        return op;
    }
}
