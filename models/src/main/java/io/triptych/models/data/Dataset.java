package io.triptych.models.data;

import io.triptych.engine.Device;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;

import java.util.Arrays;

/**
 * A named in-memory dataset with a fixed train/test split: row-major float samples of one shape, and optionally an
 * int label per sample. The arrays are held on the Java heap (not in native memory), so a dataset needs no scope;
 * tensors are made from it on demand, in the caller's current scope.
 */
public final class Dataset {
    private final String name;
    private final int[] sampleShape;
    private final int sampleSize;
    private final float[] train;
    private final float[] test;
    private final int[] trainLabels;
    private final int[] testLabels;

    /**
     * Takes ownership of the arrays (callers must not change them afterwards). {@code train} and {@code test} hold
     * whole samples of {@code sampleShape}; the label arrays are both null or both hold one label per sample.
     */
    public Dataset(String name, int[] sampleShape, float[] train, int[] trainLabels, float[] test, int[] testLabels) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Dataset: name is empty");
        }
        if (sampleShape == null || sampleShape.length == 0) {
            throw new IllegalArgumentException("Dataset '" + name + "': sample shape must have at least one dim");
        }
        long size = Shapes.numel(sampleShape);
        if (size == 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Dataset '" + name + "': bad sample shape " + Shapes.str(sampleShape));
        }
        this.name = name;
        this.sampleShape = sampleShape.clone();
        this.sampleSize = (int) size;
        this.train = checkSplit("train", train);
        this.test = checkSplit("test", test);
        if ((trainLabels == null) != (testLabels == null)) {
            throw new IllegalArgumentException("Dataset '" + name + "': labels given for only one split");
        }
        if (trainLabels != null) {
            checkLabels("train", trainLabels, trainSize());
            checkLabels("test", testLabels, testSize());
        }
        this.trainLabels = trainLabels;
        this.testLabels = testLabels;
    }

    private float[] checkSplit(String split, float[] data) {
        if (data == null || data.length == 0 || data.length % sampleSize != 0) {
            throw new IllegalArgumentException("Dataset '" + name + "': " + split + " split has "
                    + (data == null ? "no array" : data.length + " values")
                    + ", not a positive whole number of samples of shape " + Shapes.str(sampleShape));
        }
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new IllegalArgumentException("Dataset '" + name + "': " + split + " value " + i + " (sample "
                        + i / sampleSize + ") is " + data[i]);
            }
        }
        return data;
    }

    private void checkLabels(String split, int[] labels, int count) {
        if (labels.length != count) {
            throw new IllegalArgumentException("Dataset '" + name + "': " + labels.length + " " + split + " labels for "
                    + count + " samples");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("Dataset '" + name + "': " + split + " label " + i + " is "
                        + labels[i] + ", labels must be >= 0");
            }
        }
    }

    public String name() {
        return name;
    }

    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** Values per sample (the product of the sample shape). */
    public int sampleSize() {
        return sampleSize;
    }

    public int trainSize() {
        return train.length / sampleSize;
    }

    public int testSize() {
        return test.length / sampleSize;
    }

    public boolean hasLabels() {
        return trainLabels != null;
    }

    /** A copy of the train split, [trainSize * sampleSize] row-major. */
    public float[] trainData() {
        return train.clone();
    }

    /** A copy of the test split, [testSize * sampleSize] row-major. */
    public float[] testData() {
        return test.clone();
    }

    /** A copy of the train labels; IllegalStateException when the dataset has none. */
    public int[] trainLabels() {
        return requireLabels(trainLabels).clone();
    }

    public int[] testLabels() {
        return requireLabels(testLabels).clone();
    }

    private int[] requireLabels(int[] labels) {
        if (labels == null) {
            throw new IllegalStateException("Dataset '" + name + "' has no labels");
        }
        return labels;
    }

    /** The whole train split [trainSize, sampleShape...] on {@code device}. */
    public Tensor trainTensor(Device device) {
        return Tensor.of(device, train, batchShape(trainSize()));
    }

    /** The whole test split [testSize, sampleShape...] on {@code device}. */
    public Tensor testTensor(Device device) {
        return Tensor.of(device, test, batchShape(testSize()));
    }

    /** Train samples at {@code indices}, in that order, as [indices.length, sampleShape...] on {@code device}. */
    public Tensor trainTensor(Device device, int[] indices) {
        return Tensor.of(device, gather(train, trainSize(), indices, "train"), batchShape(indices.length));
    }

    /** The train labels at {@code indices} as an I32 tensor [indices.length]; the dataset must have labels. */
    public Tensor trainLabelTensor(Device device, int[] indices) {
        int[] labels = requireLabels(trainLabels);
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = labels[checkIndex(indices[i], trainSize(), "train")];
        }
        return Tensor.ofInts(device, out, indices.length);
    }

    private float[] gather(float[] data, int count, int[] indices, String split) {
        float[] out = new float[Math.multiplyExact(indices.length, sampleSize)];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(data, checkIndex(indices[i], count, split) * sampleSize, out, i * sampleSize, sampleSize);
        }
        return out;
    }

    private int checkIndex(int index, int count, String split) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("Dataset '" + name + "': " + split + " index " + index
                    + " outside [0, " + count + ")");
        }
        return index;
    }

    /** [n, sampleShape...]. */
    public int[] batchShape(int n) {
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = n;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return shape;
    }

    /** A shuffled, seeded stream of train batches on {@code device}. */
    public Batches batches(long seed, Device device) {
        return new Batches(this, seed, device);
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ", sample " + Arrays.toString(sampleShape) + ", " + trainSize() + " train / "
                + testSize() + " test" + (hasLabels() ? ", labelled" : "") + "]";
    }
}
