package dev.slt.nn.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slt.engine.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The safetensors file format for float32 tensors (see package-info for the layout). Writing adds a
 * SHA-256 of the data section to the metadata; reading checks every size, offset and that digest
 * before building a tensor, and refuses a bad file with a {@link CheckpointException}.
 */
public final class Safetensors {

    /** Metadata key holding the hex SHA-256 of the data section. */
    public static final String SHA256 = "sha256";

    /** Headers above this are refused before allocating: a state dict of thousands of tensors needs far less. */
    static final long MAX_HEADER = 100L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Tensors by name (file order) and the string metadata. */
    public record Contents(SequencedMap<String, Tensor> tensors, Map<String, String> metadata) {}

    private Safetensors() {}

    /** The file's bytes: header length, header JSON (space-padded to 8 bytes), data. */
    public static byte[] encode(SequencedMap<String, Tensor> tensors, Map<String, String> metadata) {
        long dataLen = 0;
        for (Tensor t : tensors.values()) dataLen += 4L * t.size();
        if (dataLen > Integer.MAX_VALUE - (1 << 24)) throw new IllegalArgumentException("safetensors: " + dataLen + " data bytes exceed one array");
        ByteBuffer data = ByteBuffer.allocate((int) dataLen).order(ByteOrder.LITTLE_ENDIAN);
        ObjectNode header = JSON.createObjectNode();
        ObjectNode meta = header.putObject("__metadata__");
        metadata.forEach((k, v) -> { if (!k.equals(SHA256)) meta.put(k, v); });
        for (var e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) throw new IllegalArgumentException("safetensors: '__metadata__' cannot name a tensor");
            Tensor t = e.getValue();
            long begin = data.position();
            data.asFloatBuffer().put(t.data());
            data.position(data.position() + 4 * t.size());
            ObjectNode n = header.putObject(e.getKey());
            n.put("dtype", "F32");
            var shape = n.putArray("shape");
            for (int d : t.shape().dims()) shape.add(d);
            n.putArray("data_offsets").add(begin).add(data.position());
        }
        meta.put(SHA256, sha256(data.array(), 0, data.capacity()));
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        int padded = (json.length + 7) / 8 * 8;  // keeps the data 8-byte aligned, as the reference writer does
        ByteBuffer out = ByteBuffer.allocate(8 + padded + data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) out.put((byte) ' ');
        out.put(data.array());
        return out.array();
    }

    /** Encodes and writes atomically. */
    public static void write(Path file, SequencedMap<String, Tensor> tensors, Map<String, String> metadata) {
        AtomicFiles.write(file, encode(tensors, metadata));
    }

    /** Reads and validates {@code file}. */
    public static Contents read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        return decode(file, bytes);
    }

    /** Validates and decodes a file's bytes; {@code file} only names it in errors. */
    public static Contents decode(Path file, byte[] bytes) {
        if (bytes.length < 8) throw new CheckpointException(file, "truncated: " + bytes.length + " bytes, too short for the 8-byte header length");
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || n > MAX_HEADER || n > bytes.length - 8L)
            throw new CheckpointException(file, "bad header length " + n + " (file has " + bytes.length + " bytes; truncated or not a safetensors file)");
        int dataStart = 8 + (int) n, dataLen = bytes.length - dataStart;
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "header is not valid JSON: " + e.getOriginalMessage());
        }
        if (header == null || !header.isObject()) throw new CheckpointException(file, "header is not a JSON object");

        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode meta = header.get("__metadata__");
        if (meta != null) {
            if (!meta.isObject()) throw new CheckpointException(file, "__metadata__ is not an object of strings");
            for (var it = meta.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isTextual()) throw new CheckpointException(file, "__metadata__ value of '" + e.getKey() + "' is not a string");
                metadata.put(e.getKey(), e.getValue().textValue());
            }
        }

        List<Span> spans = new ArrayList<>();
        for (var it = header.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("__metadata__")) continue;
            spans.add(span(file, e.getKey(), e.getValue(), dataLen));
        }
        // the data section must be covered exactly: no overlaps, no holes, nothing trailing
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort((a, b) -> Long.compare(a.begin(), b.begin()));
        long at = 0;
        for (Span s : sorted) {
            if (s.begin() != at) throw new CheckpointException(file, "tensor '" + s.name() + "' starts at data byte " + s.begin() + ", expected " + at + " (overlap or hole)");
            at = s.end();
        }
        if (at != dataLen) throw new CheckpointException(file, "data section has " + dataLen + " bytes but the tensors cover " + at + " (truncated or trailing bytes)");

        String want = metadata.get(SHA256);
        if (want != null) {
            String got = sha256(bytes, dataStart, dataLen);
            if (!got.equalsIgnoreCase(want)) throw new CheckpointException(file, "SHA-256 mismatch: data hashes to " + got + " but the header records " + want + " (corrupt file)");
        }

        SequencedMap<String, Tensor> tensors = new LinkedHashMap<>();
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (Span s : spans) {
            float[] v = new float[(int) ((s.end() - s.begin()) / 4)];
            buf.position(dataStart + (int) s.begin());
            buf.asFloatBuffer().get(v);
            tensors.put(s.name(), Tensor.fromArray(v, s.shape()));
        }
        return new Contents(Collections.unmodifiableSequencedMap(tensors), Collections.unmodifiableMap(metadata));
    }

    /** One tensor's entry: its shape and its byte range within the data section. */
    private record Span(String name, int[] shape, long begin, long end) {}

    private static Span span(Path file, String name, JsonNode node, long dataLen) {
        String where = "tensor '" + name + "'";
        if (!node.isObject()) throw new CheckpointException(file, where + " has no {dtype, shape, data_offsets} entry");
        JsonNode dtype = node.get("dtype"), shape = node.get("shape"), offsets = node.get("data_offsets");
        if (dtype == null || !"F32".equals(dtype.asText(null)))
            throw new CheckpointException(file, where + " has dtype " + dtype + "; only F32 is supported");
        if (shape == null || !shape.isArray()) throw new CheckpointException(file, where + " has no shape array");
        int[] dims = new int[shape.size()];
        long elements = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shape.get(i);
            if (!d.canConvertToInt() || !d.isIntegralNumber() || d.intValue() < 0)
                throw new CheckpointException(file, where + " has a bad dimension " + d + " in its shape");
            dims[i] = d.intValue();
            elements *= dims[i];
            if (elements > Integer.MAX_VALUE) throw new CheckpointException(file, where + " has too many elements");
        }
        if (offsets == null || !offsets.isArray() || offsets.size() != 2 || !offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber())
            throw new CheckpointException(file, where + " has no [begin, end] data_offsets");
        long begin = offsets.get(0).longValue(), end = offsets.get(1).longValue();
        if (begin < 0 || end < begin || end > dataLen)
            throw new CheckpointException(file, where + " has data_offsets [" + begin + ", " + end + "] outside the " + dataLen + "-byte data section (truncated file?)");
        if (end - begin != 4 * elements)
            throw new CheckpointException(file, where + " spans " + (end - begin) + " bytes but its shape needs " + 4 * elements);
        return new Span(name, dims, begin, end);
    }

    static String sha256(byte[] bytes, int offset, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, offset, length);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
