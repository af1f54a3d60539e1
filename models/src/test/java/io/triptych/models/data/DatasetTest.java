package io.triptych.models.data;

import io.triptych.engine.DType;
import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {
    /** {@code n} samples of shape [2, 3] where sample i holds 100 * i + (0..5); label i % 3. */
    private static Dataset numbered(int trainN, int testN) {
        return new Dataset("numbered", new int[] {2, 3}, values(trainN, 0), labels(trainN), values(testN, 10_000),
                labels(testN));
    }

    private static float[] values(int n, int base) {
        float[] v = new float[n * 6];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 6; k++) {
                v[i * 6 + k] = base + 100 * i + k;
            }
        }
        return v;
    }

    private static int[] labels(int n) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = i % 3;
        }
        return l;
    }

    @Test
    void splitsBecomeTensorsOfTheSampleShape() {
        Dataset d = numbered(5, 2);
        assertEquals(5, d.trainSize());
        assertEquals(2, d.testSize());
        assertEquals(6, d.sampleSize());
        try (Scope s = Scope.open()) {
            Tensor train = d.trainTensor(Device.cpu());
            assertArrayEquals(new int[] {5, 2, 3}, train.shape());
            assertArrayEquals(values(5, 0), train.toFloatArray());
            Tensor test = d.testTensor(Device.cpu());
            assertArrayEquals(new int[] {2, 2, 3}, test.shape());
            assertEquals(10_105f, test.toFloatArray()[11]);
            Tensor picked = d.trainTensor(Device.cpu(), new int[] {4, 0, 4});
            assertArrayEquals(new int[] {3, 2, 3}, picked.shape());
            float[] p = picked.toFloatArray();
            assertEquals(400f, p[0]);
            assertEquals(5f, p[11]);
            assertEquals(405f, p[17]);
            Tensor labels = d.trainLabelTensor(Device.cpu(), new int[] {4, 0, 2});
            assertEquals(DType.I32, labels.dtype());
            assertArrayEquals(new int[] {1, 0, 2}, labels.toIntArray());
        }
    }

    @Test
    void accessorsReturnCopies() {
        Dataset d = numbered(3, 1);
        d.trainData()[0] = -1;
        d.trainLabels()[0] = 7;
        d.sampleShape()[0] = 9;
        assertEquals(0f, d.trainData()[0]);
        assertEquals(0, d.trainLabels()[0]);
        assertArrayEquals(new int[] {2, 3}, d.sampleShape());
        assertArrayEquals(new int[] {4, 2, 3}, d.batchShape(4));
    }

    @Test
    void inconsistentArraysAreRejectedNamingTheProblem() {
        float[] two = new float[12];
        IllegalArgumentException partial = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("d", new int[] {2, 3}, new float[13], null, two, null));
        assertTrue(partial.getMessage().contains("train split has 13 values"), partial.getMessage());
        IllegalArgumentException oneSided = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("d", new int[] {2, 3}, two, new int[2], two, null));
        assertTrue(oneSided.getMessage().contains("only one split"), oneSided.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("d", new int[] {2, 3}, two, new int[3], two, new int[2]));
        assertTrue(count.getMessage().contains("3 train labels for 2 samples"), count.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("d", new int[] {2, 3}, two, new int[] {0, -1}, two, new int[2]));
        assertTrue(negative.getMessage().contains("train label 1 is -1"), negative.getMessage());
        float[] nan = new float[12];
        nan[7] = Float.NaN;
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("d", new int[] {2, 3}, two, null, nan, null));
        assertTrue(bad.getMessage().contains("test value 7 (sample 1) is NaN"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dataset("d", new int[0], two, null, two, null));
        assertThrows(IllegalArgumentException.class, () -> new Dataset("d", new int[] {0}, two, null, two, null));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(" ", new int[] {2}, two, null, two, null));
        assertThrows(IllegalArgumentException.class, () -> new Dataset("d", new int[] {2}, new float[0], null, two,
                null));
    }

    @Test
    void labelsAndIndicesAreChecked() {
        Dataset unlabelled = new Dataset("u", new int[] {1}, new float[] {1, 2}, null, new float[] {3}, null);
        assertFalse(unlabelled.hasLabels());
        IllegalStateException e = assertThrows(IllegalStateException.class, unlabelled::trainLabels);
        assertTrue(e.getMessage().contains("'u' has no labels"), e.getMessage());
        try (Scope s = Scope.open()) {
            IndexOutOfBoundsException out = assertThrows(IndexOutOfBoundsException.class,
                    () -> unlabelled.trainTensor(Device.cpu(), new int[] {2}));
            assertTrue(out.getMessage().contains("train index 2 outside [0, 2)"), out.getMessage());
        }
    }

    @Test
    void batchesRepeatForTheSameSeedAndDifferForAnother() {
        Dataset d = numbered(50, 1);
        Batches a = d.batches(7, Device.cpu());
        Batches b = d.batches(7, Device.cpu());
        Batches c = d.batches(8, Device.cpu());
        boolean differ = false;
        for (int i = 0; i < 20; i++) {
            int[] ia = a.nextIndices(16);
            assertArrayEquals(ia, b.nextIndices(16), "batch " + i);
            differ |= !Arrays.equals(ia, c.nextIndices(16));
        }
        assertTrue(differ, "seed 8 gives other batches than seed 7");
        assertEquals(a.epoch(), b.epoch());
    }

    @Test
    void eachEpochIsAPermutationAndAShortRemainderIsDropped() {
        Dataset d = numbered(10, 1);
        Batches b = d.batches(3, Device.cpu());
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            for (int idx : b.nextIndices(2)) {
                assertTrue(seen.add(idx), "index " + idx + " repeats within an epoch");
            }
        }
        assertEquals(10, seen.size());
        assertEquals(0, b.epoch());
        Batches c = d.batches(3, Device.cpu());
        int[] first = c.nextIndices(4);
        int[] second = c.nextIndices(4);
        assertEquals(0, c.epoch());
        int[] third = c.nextIndices(4);
        assertEquals(1, c.epoch(), "two samples were left: a new epoch starts");
        Set<Integer> distinct = new HashSet<>();
        for (int[] batch : new int[][] {first, second}) {
            for (int i : batch) {
                distinct.add(i);
            }
        }
        assertEquals(8, distinct.size());
        assertEquals(4, Arrays.stream(third).distinct().count());
    }

    @Test
    void batchTensorsHoldTheSamplesAndLabelsOfTheirIndices() {
        Dataset d = numbered(12, 1);
        try (Scope s = Scope.open()) {
            int[] indices = d.batches(5, Device.cpu()).nextIndices(4);
            Tensor batch = d.batches(5, Device.cpu()).batch(4);
            assertArrayEquals(new int[] {4, 2, 3}, batch.shape());
            float[] v = batch.toFloatArray();
            for (int i = 0; i < 4; i++) {
                assertEquals(100f * indices[i], v[i * 6], "sample " + i);
            }
            Batches.Labelled l = d.batches(5, Device.cpu()).labelledBatch(4);
            assertArrayEquals(v, l.samples().toFloatArray());
            int[] labels = l.labels().toIntArray();
            for (int i = 0; i < 4; i++) {
                assertEquals(indices[i] % 3, labels[i]);
            }
        }
    }

    @Test
    void badBatchSizesAndUnlabelledBatchesAreRejected() {
        Batches b = numbered(10, 1).batches(1, Device.cpu());
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> b.nextIndices(11));
        assertTrue(big.getMessage().contains("batch size 11 outside [1, 10]"), big.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.nextIndices(0));
        Dataset u = new Dataset("u", new int[] {1}, new float[] {1, 2}, null, new float[] {3}, null);
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> u.batches(1, Device.cpu()).labelledBatch(1));
        assertTrue(none.getMessage().contains("no labels"), none.getMessage());
    }
}
