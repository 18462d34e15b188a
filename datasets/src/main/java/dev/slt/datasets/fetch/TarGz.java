package dev.slt.datasets.fetch;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks a gzipped tar (ustar, with GNU long names) of regular files and folders: 512-byte headers
 * (name at 0, octal size at 124, type at 156, ustar prefix at 345), each file's bytes padded to 512.
 * Entries are streamed to disk (no size claimed by a header is allocated), each through a temporary
 * file renamed into place; names that would leave the target folder are refused.
 */
final class TarGz {

    private static final int BLOCK = 512;

    private TarGz() {}

    static void extract(Path archive, Path dir, String label) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (true) {
                if (in.readNBytes(header, 0, BLOCK) < BLOCK) throw new FetchException(label + ": tar archive ends inside a header (truncated)");
                if (isZero(header)) return;
                long size = octal(header, 124, 12, label);
                char type = (char) header[156];
                String name = longName != null ? longName : name(header);
                longName = null;
                if (type == 'L') {  // GNU long name: the next entry's name is this entry's data
                    if (size > 1 << 16) throw new FetchException(label + ": tar long name of " + size + " bytes");
                    longName = cString(readExactly(in, (int) size, label), 0, (int) size);
                    skip(in, padding(size), label);
                    continue;
                }
                Path target = root.resolve(name).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    if (type == '5' && target.equals(root)) continue;
                    throw new FetchException(label + ": tar entry '" + name + "' would be written outside " + root);
                }
                if (type == '5') {
                    Files.createDirectories(target);
                } else if (type == '0' || type == 0) {
                    Files.createDirectories(target.getParent());
                    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
                    try {
                        try (OutputStream out = Files.newOutputStream(tmp)) {
                            copy(in, out, size, label);
                        }
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                    skip(in, padding(size), label);
                    continue;
                }
                skip(in, size + padding(size), label);  // links, pax headers and the like: not part of any dataset
            }
        } catch (EOFException e) {
            throw new FetchException(label + ": truncated archive (gzip stream ends early)", e);
        } catch (java.util.zip.ZipException e) {
            throw new FetchException(label + ": corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int off, int len, String label) {
        long v = 0;
        for (int i = off; i < off + len && h[i] != 0 && h[i] != ' '; i++) {
            if (h[i] < '0' || h[i] > '7') throw new FetchException(label + ": corrupt tar header (size field)");
            v = v * 8 + (h[i] - '0');
        }
        return v;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static byte[] readExactly(InputStream in, int n, String label) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) throw new FetchException(label + ": tar archive truncated");
        return b;
    }

    private static void copy(InputStream in, OutputStream out, long size, String label) throws IOException {
        byte[] buf = new byte[1 << 16];
        for (long left = size; left > 0; ) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) throw new FetchException(label + ": tar archive truncated inside a file");
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long n, String label) throws IOException {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw new FetchException(label + ": tar archive truncated", e);
        }
    }
}
