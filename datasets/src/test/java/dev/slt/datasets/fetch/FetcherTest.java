package dev.slt.datasets.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.datasets.IdxFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against a local HTTP server serving generated files. */
class FetcherTest {

    @TempDir
    Path dir;

    /** Four generated IDX files in the real layout, gzipped, by their official names. */
    static Map<String, byte[]> idxFiles() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("train-images-idx3-ubyte.gz", IdxFiles.gzip(IdxFiles.images(20, 28, 28, 1)));
        m.put("train-labels-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labels(20, 10, 2)));
        m.put("t10k-images-idx3-ubyte.gz", IdxFiles.gzip(IdxFiles.images(5, 28, 28, 3)));
        m.put("t10k-labels-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labels(5, 10, 4)));
        return m;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A source listing {@code files} with their true SHA-256. */
    static Catalog.Source source(String baseUrl, Map<String, byte[]> files) {
        var list = files.entrySet().stream()
                .map(e -> new Catalog.RemoteFile(e.getKey(), new Catalog.Checksum("SHA-256", sha256(e.getValue())), List.of())).toList();
        return new Catalog.Source("test-set", baseUrl, list, "generated");
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).toList();
        }
    }

    @Test
    void downloadsVerifiesAndThenDownloadsNothingTheSecondTime() throws IOException {
        var files = idxFiles();
        try (var server = new LocalServer()) {
            files.forEach(server::serve);
            var src = source(server.baseUrl(), files);
            var first = new Fetcher(FetchListener.NONE).fetch(src, dir.resolve("set"));
            assertEquals(List.copyOf(files.keySet()), first.downloaded());
            for (var e : files.entrySet()) assertArrayEquals(e.getValue(), Files.readAllBytes(dir.resolve("set").resolve(e.getKey())));
            int requests = server.requests.get();
            assertEquals(4, requests);

            var second = new Fetcher(FetchListener.NONE).fetch(src, dir.resolve("set"));
            assertEquals(List.of(), second.downloaded());
            assertEquals(List.copyOf(files.keySet()), second.alreadyPresent());
            assertEquals(requests, server.requests.get(), "a verified file must not be requested again");
        }
        assertEquals(List.of(), leftovers());
    }

    @Test
    void corruptDownloadIsRejectedNamingFileAndHashesAndIsNotCached() throws IOException {
        var files = idxFiles();
        try (var server = new LocalServer()) {
            files.forEach(server::serve);
            var src = source(server.baseUrl(), files);
            byte[] bad = files.get("t10k-images-idx3-ubyte.gz").clone();
            bad[bad.length / 2] ^= 1;
            server.serve("t10k-images-idx3-ubyte.gz", bad);
            var e = assertThrows(FetchException.class, () -> new Fetcher(FetchListener.NONE).fetch(src, dir));
            String expected = sha256(files.get("t10k-images-idx3-ubyte.gz")), actual = sha256(bad);
            assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz") && e.getMessage().contains(expected)
                    && e.getMessage().contains(actual) && e.getMessage().contains("SHA-256"), e.getMessage());
            assertFalse(Files.exists(dir.resolve("t10k-images-idx3-ubyte.gz")));
            assertTrue(Files.exists(dir.resolve("train-images-idx3-ubyte.gz")), "files before the bad one are kept");
        }
        assertEquals(List.of(), leftovers());
    }

    @Test
    void presentFileWithWrongContentIsDownloadedAgain() throws IOException {
        var files = idxFiles();
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), new byte[] {1, 2, 3});
        try (var server = new LocalServer()) {
            files.forEach(server::serve);
            var report = new Fetcher(FetchListener.NONE).fetch(source(server.baseUrl(), files), dir);
            assertEquals(4, report.downloaded().size());
            assertArrayEquals(files.get("train-labels-idx1-ubyte.gz"), Files.readAllBytes(dir.resolve("train-labels-idx1-ubyte.gz")));
        }
    }

    @Test
    void notFoundIsOneLineNamingTheStatusAndUrl() throws IOException {
        var files = idxFiles();
        try (var server = new LocalServer()) {
            server.serve("train-images-idx3-ubyte.gz", files.get("train-images-idx3-ubyte.gz"));
            var e = assertThrows(FetchException.class, () -> new Fetcher(FetchListener.NONE).fetch(source(server.baseUrl(), files), dir));
            assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains(server.baseUrl() + "train-labels-idx1-ubyte.gz"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
            assertFalse(Files.exists(dir.resolve("train-labels-idx1-ubyte.gz")));
        }
        assertEquals(List.of(), leftovers());
    }

    @Test
    void truncatedResponseIsRejectedAndNotCached() throws IOException {
        var files = idxFiles();
        String base = LocalServer.truncating(files.get("train-images-idx3-ubyte.gz"), 100);
        var e = assertThrows(FetchException.class, () -> new Fetcher(FetchListener.NONE).fetch(source(base, files), dir));
        assertTrue(e.getMessage().startsWith("train-images-idx3-ubyte.gz") && e.getMessage().contains("not kept"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("train-images-idx3-ubyte.gz")));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void stalledDownloadGivesUpAndIsNotCached() throws IOException {
        var files = idxFiles();
        try (var server = new LocalServer()) {
            files.forEach(server::serve);
            server.stall("train-images-idx3-ubyte.gz", 100);
            var e = assertThrows(FetchException.class,
                    () -> new Fetcher(FetchListener.NONE, java.time.Duration.ofMillis(300)).fetch(source(server.baseUrl(), files), dir));
            assertTrue(e.getMessage().startsWith("train-images-idx3-ubyte.gz") && e.getMessage().contains("stalled"), e.getMessage());
            assertFalse(Files.exists(dir.resolve("train-images-idx3-ubyte.gz")));
        }
        assertEquals(List.of(), leftovers());
    }

    @Test
    void unreachableServerIsOneClearLine() throws IOException {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();  // free, and closed again: nothing listens there
        }
        var src = source("http://127.0.0.1:" + port + "/", idxFiles());
        var e = assertThrows(FetchException.class, () -> new Fetcher(FetchListener.NONE).fetch(src, dir));
        assertTrue(e.getMessage().contains("cannot connect to 127.0.0.1:" + port), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void archiveIsVerifiedUnpackedAndDeletedAndThenNotFetchedAgain() throws IOException {
        byte[] batch = new byte[2 * 3073], test = new byte[3073];
        batch[3073] = 7;
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("cifar-10-batches-bin/data_batch_1.bin", batch);
        entries.put("cifar-10-batches-bin/test_batch.bin", test);
        entries.put("cifar-10-batches-bin/readme.html", "<p>hi</p>".getBytes());
        byte[] archive = IdxFiles.gzip(TarFiles.tar(entries));
        try (var server = new LocalServer()) {
            server.serve("c.tar.gz", archive);
            var file = new Catalog.RemoteFile("c.tar.gz", new Catalog.Checksum("SHA-256", sha256(archive)),
                    List.of(new Catalog.Extracted("cifar-10-batches-bin/data_batch_1.bin", batch.length),
                            new Catalog.Extracted("cifar-10-batches-bin/test_batch.bin", test.length)));
            var src = new Catalog.Source("c", server.baseUrl(), List.of(file), "generated");
            assertEquals(List.of("c.tar.gz"), new Fetcher(FetchListener.NONE).fetch(src, dir).downloaded());
            assertArrayEquals(batch, Files.readAllBytes(dir.resolve("cifar-10-batches-bin/data_batch_1.bin")));
            assertFalse(Files.exists(dir.resolve("c.tar.gz")));
            assertEquals(List.of("c.tar.gz"), new Fetcher(FetchListener.NONE).fetch(src, dir).alreadyPresent());
            assertEquals(1, server.requests.get());
        }
        assertEquals(List.of(), leftovers());
    }

    @Test
    void archiveEntryLeavingTheFolderIsRefused() throws IOException {
        byte[] archive = IdxFiles.gzip(TarFiles.tar(Map.of("../evil.bin", new byte[] {1})));
        Path a = Files.write(dir.resolve("a.tar.gz"), archive);
        var e = assertThrows(FetchException.class, () -> TarGz.extract(a, dir.resolve("out"), "a.tar.gz"));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("evil.bin")));
    }

    @Test
    void officialCatalogHasEveryFileDatasetWithSha256() {
        assertEquals(List.of("fashion-mnist", "mnist", "cifar10", "cifar100"), List.copyOf(Catalog.OFFICIAL.sources().keySet()));
        for (var s : Catalog.OFFICIAL.sources().values())
            for (var f : s.files()) {
                assertEquals("SHA-256", f.checksum().algorithm(), f.name());
                assertTrue(f.checksum().hex().matches("[0-9a-f]{64}"), f.name());
            }
        var e = assertThrows(IllegalArgumentException.class, () -> Catalog.OFFICIAL.source("imagenet"));
        assertTrue(e.getMessage().contains("cifar100"), e.getMessage());
    }
}
