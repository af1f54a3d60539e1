package io.triptych.cli;

import io.triptych.engine.Device;
import io.triptych.engine.Grad;
import io.triptych.engine.Scope;
import io.triptych.models.data.Npy;
import io.triptych.models.diffusion.Diffusion;
import io.triptych.models.diffusion.DiffusionConfig;
import io.triptych.models.diffusion.Sampler;
import io.triptych.models.gan.Gan;
import io.triptych.models.gan.GanConfig;
import io.triptych.models.vae.Vae;
import io.triptych.models.vae.VaeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleCommandTest {
    @TempDir
    Path dir;

    private int run(String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(sink, true, StandardCharsets.UTF_8);
        return Main.run(args, p, p);
    }

    private String err(String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(sink, true, StandardCharsets.UTF_8);
        Main.run(args, p, p);
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void diffusionSamplesAreWhatTheModelDrawsWithTheNamedSampler() throws IOException {
        Path ckpt = dir.resolve("diffusion.safetensors");
        float[] expected;
        try (Scope s = Scope.open(); Grad.Mode off = Grad.off();
             Diffusion d = new Diffusion(DiffusionConfig.points(2).withSeed(3), Device.cpu())) {
            d.save(ckpt);
            expected = d.sample(16, 7, Sampler.ddim(5)).toFloatArray();
        }
        Path out = dir.resolve("points.npy");
        assertEquals(Main.OK, run("sample", "--checkpoint", ckpt.toString(), "--n", "16", "--seed", "7",
                "--sampler", "ddim-5", "--out", out.toString()));
        Npy npy = Npy.read(out);
        assertArrayEquals(new int[] {16, 2}, npy.shape());
        assertArrayEquals(expected, npy.values());
    }

    @Test
    void ganSamplesRepeatWithTheSeedAndHonourTruncation() throws IOException {
        Path ckpt = dir.resolve("gan.safetensors");
        float[] expected;
        try (Scope s = Scope.open(); Grad.Mode off = Grad.off(); Gan g = new Gan(GanConfig.mlp(2), Device.cpu())) {
            g.save(ckpt);
            expected = g.sample(8, 5, 0.5).toFloatArray();
        }
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        assertEquals(Main.OK, run("sample", "--checkpoint", ckpt.toString(), "--n", "8", "--seed", "5", "--psi", "0.5",
                "--out", a.toString()));
        assertEquals(Main.OK, run("sample", "--checkpoint", ckpt.toString(), "--n", "8", "--seed", "5", "--psi", "0.5",
                "--out", b.toString()));
        assertArrayEquals(expected, Npy.read(a).values());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertTrue(err("sample", "--checkpoint", ckpt.toString(), "--n", "8", "--sampler", "ddim-5", "--out",
                a.toString()).contains("--sampler applies to diffusion checkpoints; this one is a gan's"));
        assertTrue(err("sample", "--checkpoint", ckpt.toString(), "--n", "8", "--out", dir.resolve("g.png")
                .toString()).contains("write them as .npy"));
    }

    @Test
    void vaeImagesBecomeAPngGridOrPixelsInTheUnitRange() throws IOException {
        Path ckpt = dir.resolve("vae.safetensors");
        try (Vae v = new Vae(VaeConfig.conv(), Device.cpu())) {
            v.save(ckpt);
        }
        Path png = dir.resolve("grid.png");
        assertEquals(Main.OK, run("sample", "--checkpoint", ckpt.toString(), "--n", "4", "--out", png.toString()));
        byte[] head = Files.readAllBytes(png);
        assertEquals((byte) 0x89, head[0]);
        assertEquals('P', head[1]);
        Path npy = dir.resolve("pixels.npy");
        assertEquals(Main.OK, run("sample", "--checkpoint", ckpt.toString(), "--n", "4", "--out", npy.toString()));
        Npy pixels = Npy.read(npy);
        assertArrayEquals(new int[] {4, 1, 28, 28}, pixels.shape());
        for (float v : pixels.values()) {
            assertTrue(v >= 0f && v <= 1f, "pixel " + v);
        }
    }

    @Test
    void badArgumentsAndForeignFilesAreNamed() throws IOException {
        Path notModel = dir.resolve("x.safetensors");
        Files.write(notModel, new byte[] {1, 2, 3});
        String e = err("sample", "--checkpoint", notModel.toString(), "--n", "4", "--out", dir.resolve("o.npy")
                .toString());
        assertTrue(e.contains(notModel.toString()), e);
        assertEquals(Main.USAGE, run("sample", "--checkpoint", notModel.toString(), "--n", "0", "--out", "o.npy"));
        assertEquals(Main.USAGE, run("sample", "--checkpoint", notModel.toString(), "--n", "4", "--out", "o.txt"));
        assertEquals(Main.USAGE, run("sample", "--n", "4", "--out", "o.npy"));
    }
}
