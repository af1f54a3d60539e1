package io.triptych.models.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The compact cache of MNIST digits: a header, one uint8 label and 784 uint8 pixels per digit, and a CRC-32C of
 * everything before it. Little-endian layout:
 *
 * <pre>
 * "TRIMNIST" | int32 version (1) | int32 count | int32 rows (28) | int32 cols (28)
 * count label bytes | count * rows * cols pixel bytes (row-major, value = round(255 * intensity))
 * int64 CRC-32C of all preceding bytes
 * </pre>
 *
 * Reading checks the magic, version, geometry, exact length, labels and checksum before returning anything.
 */
final class MnistCache {
    private static final byte[] MAGIC = "TRIMNIST".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int HEADER = MAGIC.length + 4 * Integer.BYTES;
    /** More digits than any MNIST variant holds: a larger count is a corrupt header, not an allocation request. */
    private static final int MAX_COUNT = 1_000_000;

    private MnistCache() {
    }

    /** Digits as uint8: {@code labels[i]} in 0..9 and {@code pixels[i * 784 ...]} row-major. */
    record Digits(byte[] labels, byte[] pixels) {
        Digits {
            if ((long) labels.length * Mnist.PIXELS != pixels.length) {
                throw new IllegalArgumentException("MNIST digits: " + labels.length + " labels but " + pixels.length
                        + " pixels (need " + Mnist.PIXELS + " per digit)");
            }
        }

        int count() {
            return labels.length;
        }

        int label(int i) {
            return labels[i];
        }
    }

    static void write(Path file, Digits digits) throws IOException {
        int count = digits.count();
        ByteBuffer buf = ByteBuffer.allocate(HEADER + count + digits.pixels().length + Long.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(VERSION).putInt(count).putInt(Mnist.SIDE).putInt(Mnist.SIDE);
        buf.put(digits.labels()).put(digits.pixels());
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putLong(crc.getValue());
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, buf.array());
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The digits in {@code file}; IOException saying what is wrong when the file is not a valid cache. */
    static Digits read(Path file) throws IOException {
        long size = Files.size(file);
        if (size < HEADER + Long.BYTES) {
            throw new IOException("it is " + size + " bytes, shorter than the " + (HEADER + Long.BYTES)
                    + "-byte header and checksum");
        }
        if (size > HEADER + (long) MAX_COUNT * (Mnist.PIXELS + 1) + Long.BYTES) {
            throw new IOException("it is " + size + " bytes, larger than any MNIST cache");
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        buf.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("it does not start with " + new String(MAGIC, StandardCharsets.US_ASCII));
        }
        int version = buf.getInt();
        int count = buf.getInt();
        int rows = buf.getInt();
        int cols = buf.getInt();
        if (version != VERSION) {
            throw new IOException("it has format version " + version + ", this build reads " + VERSION);
        }
        if (rows != Mnist.SIDE || cols != Mnist.SIDE || count <= 0 || count > MAX_COUNT) {
            throw new IOException("its header says " + count + " digits of " + rows + "x" + cols);
        }
        long expected = HEADER + (long) count * (Mnist.PIXELS + 1) + Long.BYTES;
        if (size != expected) {
            throw new IOException("it is " + size + " bytes but its header needs " + expected
                    + (size < expected ? " (truncated file?)" : " (trailing bytes)"));
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - Long.BYTES);
        long stored = buf.getLong(bytes.length - Long.BYTES);
        if (stored != crc.getValue()) {
            throw new IOException("its checksum is " + Long.toHexString(stored) + " but its bytes give "
                    + Long.toHexString(crc.getValue()));
        }
        byte[] labels = new byte[count];
        byte[] pixels = new byte[count * Mnist.PIXELS];
        buf.get(labels).get(pixels);
        for (int i = 0; i < count; i++) {
            if (labels[i] < 0 || labels[i] >= Mnist.CLASSES) {
                throw new IOException("digit " + i + " has label " + labels[i]);
            }
        }
        return new Digits(labels, pixels);
    }
}
