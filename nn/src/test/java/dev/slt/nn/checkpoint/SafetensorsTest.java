package dev.slt.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.slt.engine.Tensor;
import dev.slt.nn.Module;
import dev.slt.nn.models.Models;
import dev.slt.nn.optim.Sgd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors layout round-trips, and every kind of damage is refused with the file named. */
class SafetensorsTest {

    @TempDir
    Path dir;

    private static SequencedMap<String, Tensor> sample() {
        SequencedMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("a.weight", Tensor.fromArray(new float[] {1, -2.5f, 3, Float.MIN_VALUE, -0f, 6}, 2, 3));
        m.put("a.bias", Tensor.of(0.1f, 0.2f));
        m.put("scalar", Tensor.scalar(7f));
        return m;
    }

    @Test
    void roundTripKeepsNamesShapesBitsAndMetadata() {
        Path f = dir.resolve("x.safetensors");
        Safetensors.write(f, sample(), Map.of("config", "{\"k\":1}", "epoch", "3"));
        var c = Safetensors.read(f);
        assertEquals(sample().keySet().stream().toList(), c.tensors().keySet().stream().toList());
        sample().forEach((n, t) -> {
            assertEquals(t.shape(), c.tensors().get(n).shape());
            assertArrayEquals(t.data(), c.tensors().get(n).data());
        });
        assertEquals("{\"k\":1}", c.metadata().get("config"));
        assertEquals("3", c.metadata().get("epoch"));
        assertEquals(64, c.metadata().get(Safetensors.SHA256).length());
    }

    @Test
    void layoutIsTheReferenceOne() throws Exception {
        byte[] b = Safetensors.encode(sample(), Map.of());
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.contains("\"a.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}"), header);
        assertTrue(header.contains("\"scalar\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[32,36]}"), header);
        assertEquals(8 + n + 36, b.length);
        assertEquals(-2.5f, ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getFloat(8 + (int) n + 4));
    }

    private Path damaged(UnaryOperator<byte[]> damage) throws Exception {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, damage.apply(Safetensors.encode(sample(), Map.of())));
        return f;
    }

    private void refused(String expect, UnaryOperator<byte[]> damage) throws Exception {
        Path f = damaged(damage);
        var e = assertThrows(CheckpointException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expect), e.getMessage());
    }

    private static long headerLength(byte[] b) {
        return ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** Replaces {@code from} by {@code to} (same length) inside the header. */
    private static byte[] editHeader(byte[] b, String from, String to) {
        int n = (int) headerLength(b);
        String h = new String(b, 8, n, StandardCharsets.UTF_8);
        assertTrue(h.contains(from), h);
        byte[] nh = h.replace(from, to).getBytes(StandardCharsets.UTF_8);
        assertEquals(n, nh.length);
        byte[] out = b.clone();
        System.arraycopy(nh, 0, out, 8, n);
        return out;
    }

    @Test
    void tooShortFile() throws Exception {
        refused("truncated", b -> new byte[] {1, 2, 3});
    }

    @Test
    void badHeaderLength() throws Exception {
        refused("bad header length", b -> {
            byte[] out = b.clone();
            ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
            return out;
        });
    }

    @Test
    void headerCutShort() throws Exception {
        refused("bad header length", b -> java.util.Arrays.copyOf(b, 20));
    }

    @Test
    void badJson() throws Exception {
        refused("not valid JSON", b -> editHeader(b, "{\"__metadata__\"", "[\"__metadata__\""));
    }

    @Test
    void offsetsOutOfRange() throws Exception {
        refused("outside", b -> editHeader(b, "[32,36]", "[32,96]"));
    }

    @Test
    void offsetsDisagreeWithShape() throws Exception {
        refused("needs", b -> editHeader(b, "\"shape\":[2,3]", "\"shape\":[2,2]"));
    }

    @Test
    void truncatedData() throws Exception {
        refused("truncated", b -> java.util.Arrays.copyOf(b, b.length - 4));
    }

    @Test
    void flippedDataBitFailsTheDigest() throws Exception {
        refused("SHA-256 mismatch", b -> {
            byte[] out = b.clone();
            out[out.length - 5] ^= 0x10;
            return out;
        });
    }

    @Test
    void unsupportedDtype() throws Exception {
        refused("only F32", b -> editHeader(b, "\"dtype\":\"F32\"", "\"dtype\":\"F64\""));
    }

    @Test
    void checkpointRestoresModelAndMomentumAndNamesAMissingTensor() throws Exception {
        Module a = Models.create("lenet5", 1, 10, 1), b = Models.create("lenet5", 1, 10, 2);
        var sgdA = new Sgd(a.namedParameters(), 0.9f, 0f, false);
        a.namedParameters().values().forEach(p -> p.requiresGrad(true));
        var first = a.namedParameters().firstEntry();
        var mom = new LinkedHashMap<String, Tensor>();
        mom.put(first.getKey(), Tensor.full(0.5f, first.getValue().shape().dims()));
        sgdA.loadState(mom);
        Path f = dir.resolve("ck.safetensors");
        Checkpoint.save(f, a, sgdA, Map.of("epoch", "1"));
        var sgdB = new Sgd(b.namedParameters(), 0.9f, 0f, false);
        assertEquals("1", Checkpoint.load(f, b, sgdB).get("epoch"));
        a.stateDict().forEach((n, t) -> assertArrayEquals(t.data(), b.stateDict().get(n).data(), n));
        assertArrayEquals(mom.get(first.getKey()).data(), sgdB.state().get(first.getKey()).data());

        // a checkpoint lacking one of the model's tensors is refused by name
        var partial = new LinkedHashMap<>(a.stateDict());
        String dropped = partial.lastEntry().getKey();
        partial.remove(dropped);
        Path g = dir.resolve("partial.safetensors");
        Safetensors.write(g, partial, Map.of(Checkpoint.FORMAT_KEY, Checkpoint.FORMAT));
        var e = assertThrows(CheckpointException.class, () -> Checkpoint.load(g, b, null));
        assertTrue(e.getMessage().contains(g.toString()) && e.getMessage().contains("missing tensor '" + dropped + "'"), e.getMessage());
    }
}
