package io.triptych.models.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against files NumPy wrote (np.save, src/test/resources/npy). */
class NpyTest {
    @TempDir
    Path dir;

    private Path resource(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = NpyTest.class.getResourceAsStream("/npy/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void readsFloat32Float64AndUint8AsNumPyWroteThem() throws IOException {
        Npy f4 = Npy.read(resource("f4_2x3.npy"));
        assertArrayEquals(new int[] {2, 3}, f4.shape());
        assertArrayEquals(new float[] {0f, 0.25f, 0.5f, 0.75f, 1f, -2.5f}, f4.values());
        assertEquals("float32", f4.dtype());
        Npy f8 = Npy.read(resource("f8_3.npy"));
        assertArrayEquals(new int[] {3}, f8.shape());
        assertArrayEquals(new float[] {1.5f, -3f, 1e-3f}, f8.values());
        Npy u1 = Npy.read(resource("u1_2x2.npy"));
        assertEquals("uint8", u1.dtype());
        assertArrayEquals(new float[] {0, 1, 128, 255}, u1.values());
    }

    @Test
    void writesTheBytesNumPyWrites() throws IOException {
        Path mine = dir.resolve("mine.npy");
        Npy.write(mine, new int[] {2, 3}, new float[] {0f, 0.25f, 0.5f, 0.75f, 1f, -2.5f});
        assertArrayEquals(Files.readAllBytes(resource("f4_2x3.npy")), Files.readAllBytes(mine));
        Npy.write(mine, new int[] {4, 1, 2}, new float[] {1, 2, 3, 4, 5, 6, 7, 8});
        Npy back = Npy.read(mine);
        assertArrayEquals(new int[] {4, 1, 2}, back.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, back.values());
        assertThrows(IllegalArgumentException.class, () -> Npy.write(mine, new int[] {3}, new float[2]));
    }

    @Test
    void rejectsFortranOrderOtherDtypesAndForeignFiles() throws IOException {
        assertMessage(resource("f4_fortran.npy"), "Fortran order");
        assertMessage(resource("i8_2.npy"), "dtype '<i8'");
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "0.5, 0.25\n");
        assertMessage(text, "not a .npy file");
    }

    @Test
    void rejectsTruncatedAndOverlongData() throws IOException {
        byte[] good = Files.readAllBytes(resource("f4_2x3.npy"));
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, Arrays.copyOf(good, good.length - 3));
        assertMessage(cut, "needs 24 data bytes but the file has 21");
        Path longer = dir.resolve("long.npy");
        Files.write(longer, Arrays.copyOf(good, good.length + 4));
        assertMessage(longer, "needs 24 data bytes but the file has 28");
        Path header = dir.resolve("header.npy");
        Files.write(header, Arrays.copyOf(good, 40));
        assertMessage(header, "header says 118 bytes");
    }

    private static void assertMessage(Path file, String part) {
        IOException e = assertThrows(IOException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
