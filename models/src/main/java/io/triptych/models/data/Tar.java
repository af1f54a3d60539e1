package io.triptych.models.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads the regular files of a POSIX (ustar) tar stream, as npm pack writes it: 512-byte headers with verified
 * checksums, the ustar name prefix, pax extended headers ({@code path}, {@code size}) and GNU long names. Only what
 * an npm tarball can hold is supported; anything malformed is an IOException naming the entry and the problem.
 */
final class Tar {
    private static final int BLOCK = 512;

    private Tar() {
    }

    /** The contents of every regular file whose path {@code wanted} accepts, by path, in archive order. */
    static Map<String, byte[]> read(InputStream in, Predicate<String> wanted, int maxFileBytes) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] header = new byte[BLOCK];
        String longName = null;
        Map<String, String> pax = Map.of();
        while (true) {
            int got = in.readNBytes(header, 0, BLOCK);
            if (got < BLOCK) {
                throw new EOFException("tar: archive ends " + (got == 0 ? "" : "inside a header ")
                        + "without its end-of-archive block (truncated file?)");
            }
            if (isZero(header)) {
                return files;
            }
            verifyChecksum(header);
            String name = ustarName(header);
            char type = (char) header[156];
            long size = pax.containsKey("size") ? parsePaxSize(name, pax.get("size")) : number(header, 124, 12, name);
            if (longName != null) {
                name = longName;
            }
            if (pax.containsKey("path")) {
                name = pax.get("path");
            }
            longName = null;
            pax = Map.of();
            switch (type) {
                case 'x' -> pax = parsePax(name, body(in, name, size, maxFileBytes));
                case 'L' -> longName = cString(body(in, name, size, maxFileBytes), 0, (int) size);
                case '0', '\0' -> {
                    if (wanted.test(name)) {
                        files.put(name, body(in, name, size, maxFileBytes));
                    } else {
                        skip(in, name, size);
                    }
                }
                default -> skip(in, name, size);
            }
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The checksum is the sum of the header's bytes with its own field read as spaces (old tars summed signed). */
    private static void verifyChecksum(byte[] h) throws IOException {
        long stored = number(h, 148, 8, "header");
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : h[i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw new IOException("tar: header of '" + cString(h, 0, 100) + "' has checksum " + stored
                    + " but its bytes sum to " + unsigned + " (corrupt archive)");
        }
    }

    private static String ustarName(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] b, int offset, int length) {
        int end = offset;
        while (end < offset + length && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** An octal field (NUL/space padded), or base-256 when its top bit is set (GNU's form for large values). */
    private static long number(byte[] h, int offset, int length, String entry) throws IOException {
        if ((h[offset] & 0x80) != 0) {
            long v = h[offset] & 0x3f;
            for (int i = 1; i < length; i++) {
                if (v > (Long.MAX_VALUE >> 8)) {
                    throw new IOException("tar: entry '" + entry + "' has a numeric field too large");
                }
                v = (v << 8) | (h[offset + i] & 0xff);
            }
            return v;
        }
        long v = 0;
        boolean digits = false;
        for (int i = offset; i < offset + length; i++) {
            int c = h[i];
            if (c >= '0' && c <= '7') {
                v = v * 8 + (c - '0');
                digits = true;
            } else if (c == 0 || c == ' ') {
                if (digits) {
                    break;
                }
            } else {
                throw new IOException("tar: entry '" + entry + "' has a non-octal byte " + c + " in a numeric field"
                        + " (corrupt archive)");
            }
        }
        return v;
    }

    private static byte[] body(InputStream in, String name, long size, int maxFileBytes) throws IOException {
        if (size > maxFileBytes) {
            throw new IOException("tar: entry '" + name + "' is " + size + " bytes, more than the " + maxFileBytes
                    + " allowed");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new EOFException("tar: entry '" + name + "' is cut short: " + data.length + " of " + size
                    + " bytes (truncated file?)");
        }
        skipPadding(in, name, size);
        return data;
    }

    private static void skip(InputStream in, String name, long size) throws IOException {
        try {
            in.skipNBytes(size);
        } catch (EOFException e) {
            throw new EOFException("tar: entry '" + name + "' is cut short (truncated file?)");
        }
        skipPadding(in, name, size);
    }

    private static void skipPadding(InputStream in, String name, long size) throws IOException {
        long pad = (BLOCK - size % BLOCK) % BLOCK;
        try {
            in.skipNBytes(pad);
        } catch (EOFException e) {
            throw new EOFException("tar: entry '" + name + "' is missing its padding (truncated file?)");
        }
    }

    /** Pax records: "LENGTH KEY=VALUE\n", LENGTH counting the whole record. */
    private static Map<String, String> parsePax(String name, byte[] body) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        int pos = 0;
        while (pos < body.length) {
            int space = pos;
            while (space < body.length && body[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(body, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new IOException("tar: pax header '" + name + "' has a bad record length at byte " + pos);
            }
            if (length <= space - pos + 1 || pos + length > body.length || body[pos + length - 1] != '\n') {
                throw new IOException("tar: pax header '" + name + "' has a bad record at byte " + pos);
            }
            String record = new String(body, space + 1, pos + length - space - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq <= 0) {
                throw new IOException("tar: pax header '" + name + "' has a record without key=value at byte " + pos);
            }
            out.put(record.substring(0, eq), record.substring(eq + 1));
            pos += length;
        }
        return out;
    }

    private static long parsePaxSize(String name, String value) throws IOException {
        try {
            long size = Long.parseLong(value);
            if (size >= 0) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below with the entry's name
        }
        throw new IOException("tar: pax header before '" + name + "' has a bad size '" + value + "'");
    }
}
