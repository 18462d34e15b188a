package dev.slt.datasets;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads a whole data file, gunzipping it when it starts with the gzip magic, with a size cap. */
final class FileBytes {

    /** Largest decompressed file we accept; the biggest real one (CIFAR-100 train) is ~150 MB. */
    static final long MAX_BYTES = 1L << 30;

    private FileBytes() {}

    static byte[] read(Path file) {
        if (!Files.isRegularFile(file)) throw new DataFormatException(file, "no such file");
        try (InputStream in = Files.newInputStream(file)) {
            return read(file, in);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, "no such file", e);
        } catch (IOException e) {
            throw new DataFormatException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Reads a stream to the end, gunzipping it if needed; {@code file} names it in errors. */
    static byte[] read(Path file, InputStream stream) {
        try (InputStream raw = new BufferedInputStream(stream)) {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
                byte[] data = in.readNBytes((int) Math.min(MAX_BYTES + 1, Integer.MAX_VALUE - 8));
                if (data.length > MAX_BYTES)
                    throw new DataFormatException(file, "larger than " + (MAX_BYTES >> 20) + " MiB once decompressed; not a dataset file");
                return data;
            }
        } catch (EOFException e) {
            throw new DataFormatException(file, "truncated gzip stream (the download or copy was cut short)", e);
        } catch (ZipException e) {
            throw new DataFormatException(file, "corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, "no such file", e);
        } catch (IOException e) {
            throw new DataFormatException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }
}
