package dev.slt.cli;

import static dev.slt.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.slt.cli.CliTest.Result;
import dev.slt.datasets.Datasets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slt data fetch} and {@code slt data info}: exit codes and what they print. */
class DataCommandTest {

    @TempDir
    Path dir;

    @Test
    void unknownNameIsAUsageErrorListingTheValidNames() {
        Result r = run("data", "fetch", "imagenet", "--dir", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown dataset 'imagenet'") && r.err().contains("cifar100") && r.err().contains("mnist"), r.err());
        assertEquals(2, run("data", "fetch", "mnist", "--base-url", "ftp://x/").code());
        assertEquals(2, run("data", "fetch").code());
    }

    @Test
    void embeddedSetNeedsNoFetch() {
        Result r = run("data", "fetch", "fashion-mnist-mini");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("embedded"), r.out());
    }

    @Test
    void corruptDownloadExitsOneWithOneLineAndCachesNothing() throws IOException {
        byte[] notTheRealFile = ByteBuffer.allocate(8).putInt(0x00000801).putInt(0).array();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(200, notTheRealFile.length);
            try (var out = ex.getResponseBody()) {
                out.write(notTheRealFile);
            }
        });
        server.start();
        try {
            Path target = dir.resolve("mnist");
            Result r = run("data", "fetch", "mnist", "--dir", target.toString(), "--base-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/m/");
            assertEquals(1, r.code(), r.err());
            String last = r.err().strip().lines().reduce((a, b) -> b).orElseThrow();
            assertTrue(last.startsWith("slt data fetch: error: train-images-idx3-ubyte.gz: SHA-256 mismatch, expected 440fcabf"), last);
            assertTrue(r.err().contains("downloading http://127.0.0.1:"), r.err());  // progress lines before the error
            try (Stream<Path> files = Files.list(target)) {
                assertEquals(0, files.count(), "nothing may be cached");
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void unreachableServerExitsOneWithOneLine() throws IOException {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Result r = run("data", "fetch", "cifar10", "--dir", dir.toString(), "--base-url", "http://127.0.0.1:" + port + "/");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("slt data fetch: error: cannot connect to 127.0.0.1:" + port), r.err());
        assertTrue(r.err().lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace: " + r.err());
    }

    @Test
    void infoListsEveryNameWithPlaceRuleAndCounts() throws IOException {
        var gz = (java.util.function.Function<byte[], byte[]>) raw -> {
            try (var bos = new java.io.ByteArrayOutputStream(); var z = new java.util.zip.GZIPOutputStream(bos)) {
                z.write(raw);
                z.finish();
                return bos.toByteArray();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gz.apply(idx(0x803, 7, 28, 28)));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gz.apply(idx(0x801, 7)));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), gz.apply(idx(0x803, 3, 28, 28)));
        Result r = run("data", "info", "--data", dir.toString());
        assertEquals(0, r.code(), r.err());
        for (String name : Datasets.NAMES) assertTrue(r.out().contains("\n" + name + " "), name + " missing from:\n" + r.out());
        String fm = r.out().lines().filter(l -> l.startsWith("fashion-mnist ")).findFirst().orElseThrow();
        assertTrue(fm.contains("incomplete") && fm.contains(dir.toString()) && fm.contains("(--data)"), fm);
        assertTrue(r.out().contains("missing: t10k-labels-idx1-ubyte.gz"), r.out());
        assertTrue(r.out().contains("get it: ./slt data fetch fashion-mnist"), r.out());
        String mini = r.out().lines().filter(l -> l.startsWith("fashion-mnist-mini")).findFirst().orElseThrow();
        assertTrue(mini.contains("embedded") && mini.contains("8000") && mini.contains("2000"), mini);

        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gz.apply(idx(0x801, 3)));
        String full = run("data", "info", "--data", dir.toString()).out().lines().filter(l -> l.startsWith("fashion-mnist ")).findFirst().orElseThrow();
        assertTrue(full.matches("fashion-mnist +complete +7 +3 .*"), full);
    }

    /** An IDX file with the given magic and sizes; pixels and labels zero. */
    private static byte[] idx(int magic, int... dims) {
        long body = 1;
        for (int d : dims) body *= d;
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + (int) body).putInt(magic);
        for (int d : dims) b.putInt(d);
        return b.array();
    }
}
