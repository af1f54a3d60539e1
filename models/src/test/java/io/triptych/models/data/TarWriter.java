package io.triptych.models.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds small ustar archives byte by byte, so tests can make well-formed and broken tarballs. */
final class TarWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Adds a regular file named {@code name} (split into ustar prefix and name when {@code prefix} is not empty). */
    TarWriter file(String prefix, String name, byte[] body) {
        return entry(prefix, name, '0', body);
    }

    TarWriter file(String name, String body) {
        return file("", name, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds an entry of any type (e.g. 'x' for a pax header, 'L' for a GNU long name, '5' for a folder). */
    TarWriter entry(String prefix, String name, char type, byte[] body) {
        out.writeBytes(header(prefix, name, type, body.length));
        out.writeBytes(body);
        out.writeBytes(new byte[(512 - body.length % 512) % 512]);
        return this;
    }

    /** Adds raw bytes, e.g. a header corrupted by the caller. */
    TarWriter raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** The archive with its two zero end blocks. */
    byte[] finish() {
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    static byte[] header(String prefix, String name, char type, long size) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        put(h, 345, prefix);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        return h;
    }

    private static void put(byte[] h, int offset, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, offset, b.length);
    }

    static void writeGzip(Path file, byte[] tar) throws IOException {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
            o.write(tar);
        }
    }
}
