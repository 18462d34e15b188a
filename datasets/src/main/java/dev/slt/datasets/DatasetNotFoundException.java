package dev.slt.datasets;

/** A dataset that is in none of the places SLT looks; the message lists them and how to get it. */
public final class DatasetNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatasetNotFoundException(String message) {
        super(message);
    }
}
