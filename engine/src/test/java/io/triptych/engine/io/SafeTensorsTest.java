package io.triptych.engine.io;

import io.triptych.engine.DType;
import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeTensorsTest {
    @TempDir
    Path dir;

    @Test
    void writtenTensorsReadBackExactlyWithMetadata() throws IOException {
        Path f = dir.resolve("model.safetensors");
        try (Scope s = Scope.open()) {
            Map<String, Tensor> m = new LinkedHashMap<>();
            m.put("w", Tensor.of(new float[] {1.5f, -2f, 3.25f, 0f, Float.MIN_VALUE, 7f}, 2, 3));
            m.put("labels", Tensor.ofInts(new int[] {3, -1, Integer.MAX_VALUE}, 3));
            m.put("count", Tensor.ofLongs(Device.cpu(), new long[] {Long.MIN_VALUE}));
            m.put("empty", Tensor.zeros(0, 4));
            SafeTensors.write(f, m, Map.of("format", "pt", "note", "é \"quoted\""));
            SafeTensors.Contents c = SafeTensors.read(f, Device.cpu());
            assertEquals(Map.of("format", "pt", "note", "é \"quoted\""), c.metadata());
            assertArrayEquals(m.get("w").toFloatArray(), c.tensors().get("w").toFloatArray());
            assertArrayEquals(new int[] {2, 3}, c.tensors().get("w").shape());
            assertEquals(DType.I32, c.tensors().get("labels").dtype());
            assertArrayEquals(new int[] {3, -1, Integer.MAX_VALUE}, c.tensors().get("labels").toIntArray());
            assertArrayEquals(new long[] {Long.MIN_VALUE}, c.tensors().get("count").toLongArray());
            assertArrayEquals(new int[0], c.tensors().get("count").shape());
            assertArrayEquals(new int[] {0, 4}, c.tensors().get("empty").shape());
        }
    }

    @Test
    void headerIsPaddedToEightBytesAndTensorsAreSortedByName() throws IOException {
        Path f = dir.resolve("a.safetensors");
        try (Scope s = Scope.open()) {
            SafeTensors.write(f, Map.of("b", Tensor.ones(1), "a", Tensor.zeros(2)), Map.of());
        }
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8).strip();
        assertTrue(header.indexOf("\"a\"") < header.indexOf("\"b\""), header);
        assertEquals(8 + n + 12, bytes.length);
    }

    @Test
    void readsAGoldenFileWrittenByPython() throws Exception {
        Path golden = Path.of(getClass().getClassLoader().getResource("golden/loss.safetensors").toURI());
        try (Scope s = Scope.open()) {
            SafeTensors.Contents c = SafeTensors.read(golden, Device.cpu());
            assertTrue(c.metadata().values().stream().anyMatch(v -> v.contains("cross_entropy")));
            Tensor labels = c.tensors().entrySet().stream().filter(e -> e.getKey().endsWith(".in.labels"))
                    .findFirst().orElseThrow().getValue();
            assertEquals(DType.I32, labels.dtype());
        }
    }

    private Path withHeader(String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = Files.createTempFile(dir, "bad", ".safetensors");
        Files.write(f, b.array());
        return f;
    }

    private void assertRejected(Path f, String expectedWords) {
        try (Scope s = Scope.open()) {
            SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(f, Device.cpu()));
            assertTrue(e.getMessage().contains(expectedWords), e.getMessage());
            assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        }
    }

    @Test
    void truncatedDataIsRejected() throws IOException {
        Path f = dir.resolve("t.safetensors");
        try (Scope s = Scope.open()) {
            SafeTensors.write(f, Map.of("x", Tensor.ones(100)), Map.of());
        }
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 10));
        assertRejected(f, "truncated");
    }

    @Test
    void truncatedHeaderIsRejected() throws IOException {
        Path f = dir.resolve("t.safetensors");
        try (Scope s = Scope.open()) {
            SafeTensors.write(f, Map.of("x", Tensor.ones(100)), Map.of());
        }
        Files.write(f, Arrays.copyOf(Files.readAllBytes(f), 20));
        assertRejected(f, "exceeds the file size");
        Files.write(f, new byte[] {1, 2, 3});
        assertRejected(f, "shorter than the 8-byte header length");
    }

    @Test
    void oversizedHeaderLengthIsRejectedWithoutAllocatingIt() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(Long.MAX_VALUE - 5).putLong(0);
        Path f = dir.resolve("huge.safetensors");
        Files.write(f, b.array());
        assertRejected(f, "header length");
        b.clear();
        b.putLong(SafeTensors.MAX_HEADER_BYTES + 1).putLong(0);
        Files.write(f, b.array());
        assertRejected(f, "outside");
    }

    @Test
    void malformedHeadersAreRejectedNamingTheProblem() throws IOException {
        assertRejected(withHeader("{not json", 0), "not valid JSON");
        assertRejected(withHeader("[1, 2]", 0), "not a JSON object");
        assertRejected(withHeader("{\"x\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1),
                "unsupported safetensors dtype");
        assertRejected(withHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8),
                "needs 12");
        assertRejected(withHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4),
                "bad shape");
        assertRejected(withHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"y\":1}}", 4),
                "unknown field");
        assertRejected(withHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "overlap");
        assertRejected(withHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "gap");
        assertRejected(withHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 12),
                "trailing bytes");
        assertRejected(withHeader("{\"__metadata__\":{\"k\":1}}", 0), "not a string");
        assertRejected(withHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "duplicate key");
    }

    @Test
    void missingFileIsAClearError() {
        try (Scope s = Scope.open()) {
            assertThrows(NoSuchFileException.class, () -> SafeTensors.read(dir.resolve("nope.safetensors"),
                    Device.cpu()));
        }
    }

    /** A tensor whose memory cannot be read: the write fails after the header went out. */
    private static final class Unreadable extends Tensor {
        Unreadable(Tensor t) {
            super(t);
        }

        @Override
        public MemorySegment data() {
            throw new IllegalStateException("simulated device read failure");
        }
    }

    @Test
    void aFailedWriteLeavesThePreviousFileIntactAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("ckpt.safetensors");
        try (Scope s = Scope.open()) {
            SafeTensors.write(f, Map.of("x", Tensor.of(new float[] {1, 2, 3}, 3)), Map.of("step", "1"));
            byte[] before = Files.readAllBytes(f);
            Tensor bad = new Unreadable(Tensor.ones(1000));
            assertThrows(IllegalStateException.class, () -> SafeTensors.write(f,
                    Map.of("a", Tensor.ones(5), "b", bad), Map.of("step", "2")));
            assertArrayEquals(before, Files.readAllBytes(f));
            try (var listing = Files.list(dir)) {
                assertEquals(1, listing.count(), "no temporary file is left behind");
            }
        }
    }
}
