package io.triptych.engine.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PngTest {
    @TempDir
    Path dir;

    @Test
    void grayAndRgbImagesDecodeToTheWrittenPixels() throws IOException {
        byte[] gray = new byte[7 * 5];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = (byte) (i * 7);
        }
        Path g = dir.resolve("g.png");
        Png.write(g, 7, 5, 1, gray);
        BufferedImage img = ImageIO.read(g.toFile());
        assertEquals(7, img.getWidth());
        assertEquals(5, img.getHeight());
        assertEquals(gray[3 * 7 + 4] & 0xff, img.getRaster().getSample(4, 3, 0));

        byte[] rgb = new byte[4 * 2 * 3];
        rgb[(1 * 4 + 2) * 3] = (byte) 200;
        rgb[(1 * 4 + 2) * 3 + 2] = (byte) 17;
        Path c = dir.resolve("c.png");
        Png.write(c, 4, 2, 3, rgb);
        int argb = ImageIO.read(c.toFile()).getRGB(2, 1);
        assertEquals(200, (argb >> 16) & 0xff);
        assertEquals(0, (argb >> 8) & 0xff);
        assertEquals(17, argb & 0xff);
    }

    @Test
    void wrongPixelCountIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Png.write(dir.resolve("x.png"), 2, 2, 1, new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> Png.write(dir.resolve("x.png"), 2, 2, 4, new byte[16]));
    }
}
