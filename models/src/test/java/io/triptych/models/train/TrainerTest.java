package io.triptych.models.train;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;
import io.triptych.models.GenerativeModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    @TempDir
    Path dir;

    /** A model whose loss is its step count and that diverges at a chosen step; it records saves and loads. */
    private static final class Scripted implements GenerativeModel {
        final int divergeAt;
        int steps;
        final List<String> events = new ArrayList<>();
        final List<Double> scales = new ArrayList<>();

        Scripted(int divergeAt) {
            this.divergeAt = divergeAt;
        }

        @Override
        public String family() {
            return "scripted";
        }

        @Override
        public Device device() {
            return Device.cpu();
        }

        @Override
        public int[] dataShape() {
            return new int[] {2};
        }

        @Override
        public Map<String, Double> trainStep(Tensor batch) {
            if (steps == divergeAt) {
                throw new ArithmeticException("loss is NaN");
            }
            steps++;
            return Map.of("loss", (double) steps);
        }

        @Override
        public void learningRateScale(double scale) {
            scales.add(scale);
        }

        @Override
        public Tensor sample(int n, long seed) {
            return Tensor.zeros(n, 2);
        }

        @Override
        public long parameterCount() {
            return 0;
        }

        @Override
        public void save(Path file) throws IOException {
            Files.writeString(file, Integer.toString(steps));
            events.add("save " + steps);
        }

        @Override
        public void load(Path file) throws IOException {
            steps = Integer.parseInt(Files.readString(file));
            events.add("load " + steps);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void lossCurvesAverageEachWindowAndCheckpointsArePeriodic() {
        Scripted m = new Scripted(-1);
        Path ckpt = dir.resolve("m.ckpt");
        List<Integer> seen = new ArrayList<>();
        Trainer.Result r = Trainer.train(m, step -> Tensor.zeros(4, 2), new Trainer.Options(10, 4, 5, ckpt, false),
                (done, total) -> seen.add(done));
        assertEquals(10, r.stepsDone());
        assertFalse(r.diverged());
        assertArrayEquals(new int[] {4, 8, 10}, r.curveSteps());
        assertArrayEquals(new double[] {2.5, 6.5, 9.5}, r.curves().get("loss"), 1e-12);
        assertEquals(List.of("save 5", "save 10"), m.events);
        assertEquals(10, seen.size());
    }

    @Test
    void divergenceStopsAndRestoresTheLastGoodCheckpoint() {
        Scripted m = new Scripted(7);
        Path ckpt = dir.resolve("m.ckpt");
        Trainer.Result r = Trainer.train(m, step -> Tensor.zeros(4, 2), new Trainer.Options(20, 1, 3, ckpt, false), null);
        assertTrue(r.diverged());
        assertEquals(7, r.stepsDone());
        assertTrue(r.divergence().contains("diverged at step 7: loss is NaN"), r.divergence());
        assertTrue(r.divergence().contains("restored the checkpoint of step 6"), r.divergence());
        assertEquals(List.of("save 3", "save 6", "load 6"), m.events);
        assertEquals(6, m.steps);
    }

    @Test
    void divergenceBeforeAnyCheckpointSaysSo() {
        Scripted m = new Scripted(1);
        Trainer.Result r = Trainer.train(m, step -> Tensor.zeros(4, 2), new Trainer.Options(5, 1, 0, null, false), null);
        assertTrue(r.divergence().contains("no checkpoint had been written yet"), r.divergence());
    }

    @Test
    void cosineDecayScalesTheLearningRateFromOneTowardsZero() {
        Scripted m = new Scripted(-1);
        Trainer.train(m, step -> Tensor.zeros(4, 2), new Trainer.Options(4, 1, 0, null, true), null);
        assertEquals(4, m.scales.size());
        assertEquals(1.0, m.scales.get(0), 1e-12);
        assertEquals(0.5 * (1 + Math.cos(Math.PI / 4)), m.scales.get(1), 1e-12);
        assertEquals(0.5, m.scales.get(2), 1e-12);
        Scripted constant = new Scripted(-1);
        Trainer.train(constant, step -> Tensor.zeros(4, 2), new Trainer.Options(4, 1, 0, null, false), null);
        assertTrue(constant.scales.isEmpty());
    }

    @Test
    void badOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Trainer.Options(-1, 1, 0, null, false));
        assertThrows(IllegalArgumentException.class, () -> new Trainer.Options(5, 0, 0, null, false));
        assertThrows(IllegalArgumentException.class, () -> new Trainer.Options(5, 1, 2, null, false));
    }
}
