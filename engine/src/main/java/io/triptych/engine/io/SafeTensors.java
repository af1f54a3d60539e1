package io.triptych.engine.io;

import io.triptych.engine.DType;
import io.triptych.engine.Device;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors format (as written by Hugging Face's library and PyTorch users): an 8-byte little-endian header
 * length, a JSON header mapping names to dtype, shape and byte range, then the raw little-endian data.
 *
 * <p>Reading validates the whole header before any tensor byte is trusted: size limits, JSON syntax, known dtypes,
 * shapes matching byte ranges, ranges inside the file, covering the data exactly with no overlap. Writing goes to a
 * temporary file in the same folder that is moved over the target only when complete, so a failed write leaves the
 * previous file intact.
 */
public final class SafeTensors {
    /** The reference implementation's limit; a larger header is treated as corrupt rather than allocated. */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    private static final String METADATA = "__metadata__";

    private SafeTensors() {
    }

    /** Tensors (in file order) and the free-form string metadata of a file. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    private record Entry(String name, DType dtype, int[] shape, long begin, long end) {
    }

    /** Reads every tensor of {@code file} onto {@code device}, into the current scope. */
    public static Contents read(Path file, Device device) throws IOException {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("safetensors data is little-endian; this platform is not");
        }
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such safetensors file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            long size = ch.size();
            if (size < 8) {
                throw new SafeTensorsException(file, "file is " + size + " bytes, shorter than the 8-byte header length");
            }
            MemorySegment map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long headerLen = map.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            if (headerLen < 2 || headerLen > MAX_HEADER_BYTES) {
                throw new SafeTensorsException(file, "header length " + headerLen + " is outside [2, "
                        + MAX_HEADER_BYTES + "]");
            }
            if (8 + headerLen > size) {
                throw new SafeTensorsException(file, "header length " + headerLen + " exceeds the file size " + size
                        + " (truncated file?)");
            }
            byte[] headerBytes = map.asSlice(8, headerLen).toArray(ValueLayout.JAVA_BYTE);
            String header = new String(headerBytes, StandardCharsets.UTF_8);
            long dataLen = size - 8 - headerLen;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = parseHeader(file, header, dataLen, metadata);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            MemorySegment data = map.asSlice(8 + headerLen, dataLen);
            for (Entry e : entries) {
                Tensor t = Tensor.empty(device, e.dtype(), e.shape());
                long bytes = e.end() - e.begin();
                if (bytes > 0) {
                    MemorySegment src = data.asSlice(e.begin(), bytes);
                    t.backend().copyFromHost(src, t.data(), bytes);
                }
                tensors.put(e.name(), t);
            }
            return new Contents(tensors, metadata);
        }
    }

    private static List<Entry> parseHeader(Path file, String header, long dataLen, Map<String, String> metadata)
            throws SafeTensorsException {
        Object parsed;
        try {
            parsed = Json.parse(header.stripTrailing());
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsException(file, "header is not valid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> root)) {
            throw new SafeTensorsException(file, "header is not a JSON object");
        }
        List<Entry> entries = new ArrayList<>();
        for (var kv : root.entrySet()) {
            String name = (String) kv.getKey();
            if (name.equals(METADATA)) {
                if (!(kv.getValue() instanceof Map<?, ?> meta)) {
                    throw new SafeTensorsException(file, "__metadata__ is not an object");
                }
                for (var m : meta.entrySet()) {
                    if (!(m.getValue() instanceof String v)) {
                        throw new SafeTensorsException(file, "__metadata__ value of '" + m.getKey()
                                + "' is not a string");
                    }
                    metadata.put((String) m.getKey(), v);
                }
                continue;
            }
            entries.add(entry(file, name, kv.getValue(), dataLen));
        }
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : byOffset) {
            if (e.begin() != expected) {
                throw new SafeTensorsException(file, "tensor '" + e.name() + "' starts at byte " + e.begin()
                        + " but the previous one ends at " + expected + " (" + (e.begin() < expected ? "overlap" : "gap")
                        + ")");
            }
            expected = e.end();
        }
        if (expected != dataLen) {
            throw new SafeTensorsException(file, "tensors cover " + expected + " data bytes but the file has "
                    + dataLen + (expected > dataLen ? " (truncated file?)" : " (trailing bytes)"));
        }
        return entries;
    }

    private static Entry entry(Path file, String name, Object value, long dataLen) throws SafeTensorsException {
        if (!(value instanceof Map<?, ?> info)) {
            throw new SafeTensorsException(file, "entry '" + name + "' is not an object");
        }
        for (Object key : info.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new SafeTensorsException(file, "entry '" + name + "' has unknown field '" + key + "'");
            }
        }
        if (!(info.get("dtype") instanceof String dtypeName)) {
            throw new SafeTensorsException(file, "entry '" + name + "' has no dtype");
        }
        DType dtype;
        try {
            dtype = DType.fromSafetensors(dtypeName);
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsException(file, "entry '" + name + "': " + e.getMessage());
        }
        int[] shape = ints(file, name, "shape", info.get("shape"), -1);
        long[] offsets = longs(file, name, info.get("data_offsets"));
        long numel;
        try {
            numel = Shapes.numel(shape);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new SafeTensorsException(file, "entry '" + name + "' has a bad shape " + Shapes.str(shape));
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > dataLen) {
            throw new SafeTensorsException(file, "entry '" + name + "' has byte range [" + begin + ", " + end
                    + ") outside the " + dataLen + " data bytes" + (end > dataLen ? " (truncated file?)" : ""));
        }
        if (end - begin != numel * dtype.byteSize()) {
            throw new SafeTensorsException(file, "entry '" + name + "' has " + (end - begin) + " bytes but shape "
                    + Shapes.str(shape) + " of " + dtype + " needs " + numel * dtype.byteSize());
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static int[] ints(Path file, String name, String field, Object v, int length) throws SafeTensorsException {
        if (!(v instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw new SafeTensorsException(file, "entry '" + name + "' has a bad " + field);
        }
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
                throw new SafeTensorsException(file, "entry '" + name + "' has a bad " + field + " " + list);
            }
            out[i] = (int) (long) l;
        }
        return out;
    }

    private static long[] longs(Path file, String name, Object v) throws SafeTensorsException {
        if (!(v instanceof List<?> list) || list.size() != 2) {
            throw new SafeTensorsException(file, "entry '" + name + "' has bad data_offsets");
        }
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            if (!(list.get(i) instanceof Long l) || l < 0) {
                throw new SafeTensorsException(file, "entry '" + name + "' has bad data_offsets " + list);
            }
            out[i] = l;
        }
        return out;
    }

    /**
     * Writes {@code tensors} (sorted by name) and {@code metadata} to {@code file} atomically: the previous file, if
     * any, is replaced only once the new one is completely written and flushed.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        TreeMap<String, Tensor> sorted = new TreeMap<>(tensors);
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            header.put(METADATA, new TreeMap<>(metadata));
        }
        long offset = 0;
        for (var e : sorted.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name.isEmpty() || name.equals(METADATA)) {
                throw new IllegalArgumentException("safetensors: bad tensor name '" + name + "'");
            }
            t.checkAlive("safetensors write of '" + name + "'");
            long bytes = t.numel() * t.dtype().byteSize();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", t.dtype().safetensorsName());
            info.put("shape", t.shape());
            info.put("data_offsets", List.of(offset, offset + bytes));
            header.put(name, info);
            offset += bytes;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 Arena arena = Arena.ofConfined()) {
                MemorySegment head = arena.allocate(8 + padded);
                head.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, padded);
                MemorySegment.copy(MemorySegment.ofArray(json), 0, head, 8, json.length);
                head.asSlice(8 + json.length, padded - json.length).fill((byte) ' ');
                writeFully(ch, head);
                for (Tensor t : sorted.values()) {
                    long bytes = t.numel() * t.dtype().byteSize();
                    if (bytes == 0) {
                        continue;
                    }
                    try (Arena staging = Arena.ofConfined()) {
                        MemorySegment host = staging.allocate(bytes, 64);
                        t.backend().copyToHost(t.data(), host, bytes);
                        writeFully(ch, host);
                    }
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeFully(FileChannel ch, MemorySegment s) throws IOException {
        var buf = s.asByteBuffer();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
