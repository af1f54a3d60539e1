package io.triptych.engine.io;

import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Files cross between Triptych and PyTorch both ways: Python (tools/golden/safetensors_io.py with Debian's torch)
 * reads what Java wrote, and Java reads what Python wrote. Needs /usr/bin/python3 with torch, which .ci/run
 * installs; elsewhere the test is skipped and says why.
 */
class SafeTensorsPythonInteropTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @BeforeAll
    static void needsPythonWithTorch() throws Exception {
        boolean ok = Files.isExecutable(Path.of(PYTHON)) && run(List.of(PYTHON, "-c", "import torch")).exit == 0;
        assumeTrue(ok, "skipped: " + PYTHON + " with torch is not installed (apt-get install python3-torch)");
    }

    private record Result(int exit, String out) {
    }

    private static Result run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out");
        }
        return new Result(p.exitValue(), out);
    }

    private static String tools() {
        String t = System.getProperty("triptych.tools.dir");
        assumeTrue(t != null && Files.isDirectory(Path.of(t)), "triptych.tools.dir is not set");
        return t;
    }

    @Test
    void pythonReadsWhatJavaWrote() throws Exception {
        Path f = dir.resolve("from_java.safetensors");
        try (Scope s = Scope.open()) {
            SafeTensors.write(f, Map.of("w", Tensor.of(new float[] {0.5f, -1.25f, 3e-8f, 1e30f}, 2, 2),
                    "idx", Tensor.ofInts(new int[] {7, -3}, 2), "n", Tensor.ofLongs(Device.cpu(), new long[] {42L})),
                    Map.of("source", "triptych"));
        }
        String script = "import sys, json; sys.path.insert(0, sys.argv[1]); import safetensors_io as st\n"
                + "t, m = st.load(sys.argv[2])\n"
                + "print(json.dumps({'meta': m, 'w': [str(t['w'].dtype), list(t['w'].shape), t['w'].tolist()],"
                + " 'idx': [str(t['idx'].dtype), t['idx'].tolist()], 'n': [str(t['n'].dtype), list(t['n'].shape),"
                + " t['n'].item()]}))\n";
        Result r = run(List.of(PYTHON, "-c", script, tools(), f.toString()));
        assertEquals(0, r.exit, r.out);
        Map<?, ?> got = (Map<?, ?>) Json.parse(r.out.strip());
        assertEquals(Map.of("source", "triptych"), got.get("meta"));
        List<?> w = (List<?>) got.get("w");
        assertEquals("torch.float32", w.get(0));
        assertEquals(List.of(2L, 2L), w.get(1));
        List<?> rows = (List<?>) w.get(2);
        assertEquals(-1.25, ((Number) ((List<?>) rows.get(0)).get(1)).doubleValue());
        assertEquals(3e-8f, ((Number) ((List<?>) rows.get(1)).get(0)).floatValue());
        assertEquals(List.of("torch.int32", List.of(7L, -3L)), got.get("idx"));
        assertEquals(List.of("torch.int64", List.of(), 42L), got.get("n"));
    }

    @Test
    void javaReadsWhatPythonWrote() throws Exception {
        Path f = dir.resolve("from_python.safetensors");
        String script = "import sys, torch; sys.path.insert(0, sys.argv[1]); import safetensors_io as st\n"
                + "g = torch.Generator().manual_seed(3)\n"
                + "st.save({'a': torch.randn(3, 4, generator=g), 'b': torch.arange(5, dtype=torch.int32),"
                + " 'c': torch.tensor([2**40], dtype=torch.int64)}, sys.argv[2], {'made_by': 'torch'})\n"
                + "t, _ = st.load(sys.argv[2]); print(' '.join(repr(float(v)) for v in t['a'].flatten()))\n";
        Result r = run(List.of(PYTHON, "-c", script, tools(), f.toString()));
        assertEquals(0, r.exit, r.out);
        String[] parts = r.out.strip().split(" ");
        float[] expected = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            expected[i] = Float.parseFloat(parts[i]);
        }
        try (Scope s = Scope.open()) {
            SafeTensors.Contents c = SafeTensors.read(f, Device.cpu());
            assertEquals(Map.of("made_by", "torch"), c.metadata());
            assertArrayEquals(new int[] {3, 4}, c.tensors().get("a").shape());
            assertArrayEquals(expected, c.tensors().get("a").toFloatArray());
            assertArrayEquals(new int[] {0, 1, 2, 3, 4}, c.tensors().get("b").toIntArray());
            assertArrayEquals(new long[] {1L << 40}, c.tensors().get("c").toLongArray());
        }
    }
}
