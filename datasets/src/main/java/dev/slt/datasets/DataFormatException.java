package dev.slt.datasets;

import java.nio.file.Path;

/** A data file that cannot be read as what it claims to be; the message names the file and the problem. */
public final class DataFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public DataFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
