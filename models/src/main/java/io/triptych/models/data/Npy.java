package io.triptych.models.data;

import io.triptych.models.report.Report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An array in NumPy's .npy format, the usual way to move samples between Python and Triptych: C-order
 * little-endian float32, float64 or uint8 (values kept as numbers, uint8 not rescaled). Reading checks the magic,
 * version, header, dtype, order and exact data length before returning anything; writing produces float32 version 1.0
 * files atomically.
 *
 * @param shape      the array's shape (empty for a scalar)
 * @param values     its elements in C order, as float
 * @param dtype      the stored dtype: "float32", "float64" or "uint8"
 */
public record Npy(int[] shape, float[] values, String dtype) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    public Npy {
        long n = elements(shape);
        if (n != values.length) {
            throw new IllegalArgumentException("Npy: shape " + Arrays.toString(shape) + " holds " + n
                    + " elements but " + values.length + " values were given");
        }
    }

    /** The element count of {@code shape}; IllegalArgumentException for a negative dimension. */
    private static long elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Npy: negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        return n;
    }

    public static Npy read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < MAGIC.length + 4 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new IOException(file + " is not a .npy file (no \\x93NUMPY magic at its start)");
        }
        buf.position(MAGIC.length);
        int major = buf.get();
        buf.get();
        long headerLength;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(buf.getShort());
        } else if (major == 2 || major == 3) {
            if (buf.remaining() < 4) {
                throw new IOException(file + ": .npy header is cut short");
            }
            headerLength = Integer.toUnsignedLong(buf.getInt());
        } else {
            throw new IOException(file + ": .npy format version " + major + " is not supported (1, 2 or 3)");
        }
        if (headerLength > buf.remaining()) {
            throw new IOException(file + ": .npy header says " + headerLength + " bytes but the file has "
                    + buf.remaining() + " left");
        }
        String header = new String(bytes, buf.position(), (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int dataStart = buf.position() + (int) headerLength;
        String descr = field(file, header, DESCR, "descr");
        if (field(file, header, FORTRAN, "fortran_order").equals("True")) {
            throw new IOException(file + " is stored in Fortran order; save it in C order (np.ascontiguousarray)");
        }
        int[] shape = shape(file, field(file, header, SHAPE, "shape"));
        String dtype = switch (descr) {
            case "<f4" -> "float32";
            case "<f8" -> "float64";
            case "|u1", "<u1", "u1" -> "uint8";
            default -> throw new IOException(file + " holds dtype '" + descr + "'; supported are little-endian float32"
                    + " ('<f4'), float64 ('<f8') and uint8 ('|u1')");
        };
        int itemSize = dtype.equals("float32") ? 4 : dtype.equals("float64") ? 8 : 1;
        long n = elements(shape);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IOException(file + ": shape " + Arrays.toString(shape) + " has " + n + " elements, more than a"
                    + " Java array holds");
        }
        long dataLength = bytes.length - (long) dataStart;
        if (dataLength != n * itemSize) {
            throw new IOException(file + ": shape " + Arrays.toString(shape) + " of " + dtype + " needs " + n * itemSize
                    + " data bytes but the file has " + dataLength + " (truncated or not a single array)");
        }
        float[] values = new float[(int) n];
        buf.position(dataStart);
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (dtype) {
                case "float32" -> buf.getFloat();
                case "float64" -> (float) buf.getDouble();
                default -> Byte.toUnsignedInt(buf.get());
            };
        }
        return new Npy(shape, values, dtype);
    }

    private static String field(Path file, String header, Pattern p, String name) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": .npy header has no '" + name + "' entry: " + header.strip());
        }
        return m.group(1);
    }

    private static int[] shape(Path file, String tuple) throws IOException {
        String[] parts = tuple.split(",");
        int count = 0;
        int[] dims = new int[parts.length];
        for (String part : parts) {
            String t = part.strip();
            if (t.isEmpty()) {
                continue;
            }
            try {
                dims[count++] = Integer.parseInt(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
            } catch (NumberFormatException e) {
                throw new IOException(file + ": .npy shape (" + tuple + ") is not a tuple of sizes");
            }
            if (dims[count - 1] < 0) {
                throw new IOException(file + ": .npy shape (" + tuple + ") has a negative size");
            }
        }
        return Arrays.copyOf(dims, count);
    }

    /** Writes {@code values} with {@code shape} as a float32 .npy (version 1.0), atomically. */
    public static void write(Path file, int[] shape, float[] values) throws IOException {
        if (elements(shape) != values.length) {
            throw new IllegalArgumentException("Npy.write " + file + ": shape " + Arrays.toString(shape) + " does not"
                    + " hold " + values.length + " values");
        }
        String tuple = shape.length == 1 ? shape[0] + ","
                : Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + tuple + "), }";
        // The header, padded with spaces and ended by a newline, makes the data start 64-byte aligned, as NumPy does.
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + 4 * values.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (float v : values) {
            buf.putFloat(v);
        }
        Report.writeAtomically(file, buf.array());
    }
}
