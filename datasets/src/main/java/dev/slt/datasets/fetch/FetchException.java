package dev.slt.datasets.fetch;

/** A download that failed or did not verify; the message is one line naming the file or URL and the problem. */
public final class FetchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FetchException(String message) {
        super(message);
    }

    public FetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
