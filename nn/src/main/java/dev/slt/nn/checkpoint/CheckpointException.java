package dev.slt.nn.checkpoint;

import java.nio.file.Path;

/** A checkpoint file that cannot be used; the message names the file and what is wrong with it. */
public final class CheckpointException extends RuntimeException {

    private final transient Path file;

    public CheckpointException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
