package dev.slt.datasets.fetch;

import java.net.URI;

/** What a {@link Fetcher} reports while it works (the CLI draws progress from it). */
public interface FetchListener {

    /** {@code file} is already there and verified; nothing is downloaded. */
    default void present(String file) {}

    /** A download starts; {@code totalBytes} is -1 when the server does not say. */
    default void started(String file, URI url, long totalBytes) {}

    /** {@code bytes} of {@code file} received after {@code nanos}; called often, the listener throttles. */
    default void progress(String file, long bytes, long totalBytes, long nanos) {}

    /** {@code file} is complete and its checksum matches. */
    default void verified(String file, long bytes, long nanos) {}

    /** An archive is being unpacked. */
    default void extracting(String file) {}

    /** A listener that ignores everything. */
    FetchListener NONE = new FetchListener() {};
}
