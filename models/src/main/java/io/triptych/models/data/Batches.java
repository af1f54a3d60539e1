package io.triptych.models.data;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;

import java.util.Random;

/**
 * Train batches in shuffled epochs. Each epoch is a fresh permutation of the train split; a batch takes the next
 * {@code size} indices of it, and when fewer than {@code size} are left the rest of the epoch is skipped (PyTorch's
 * drop_last), so no batch repeats a sample. The permutations come from {@link java.util.Random}, whose algorithm the
 * JDK specifies exactly, so the same seed gives the same batches on every JVM and device.
 */
public final class Batches {
    private final Dataset dataset;
    private final Device device;
    private final Random random;
    private final int[] order;
    private int position;
    private long epoch;

    Batches(Dataset dataset, long seed, Device device) {
        if (device == null) {
            throw new IllegalArgumentException("Batches: device is null");
        }
        this.dataset = dataset;
        this.device = device;
        this.random = new Random(seed);
        this.order = new int[dataset.trainSize()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        shuffle();
    }

    private void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        position = 0;
    }

    /** The train indices of the next batch of {@code size}, starting a new epoch when this one has too few left. */
    public int[] nextIndices(int size) {
        if (size <= 0 || size > order.length) {
            throw new IllegalArgumentException("Batches of '" + dataset.name() + "': batch size " + size
                    + " outside [1, " + order.length + "] (the train split's size)");
        }
        if (position + size > order.length) {
            shuffle();
            epoch++;
        }
        int[] out = new int[size];
        System.arraycopy(order, position, out, 0, size);
        position += size;
        return out;
    }

    /** The next batch [size, sampleShape...] on this stream's device, in the current scope. */
    public Tensor batch(int size) {
        return dataset.trainTensor(device, nextIndices(size));
    }

    /** The next batch with its I32 labels [size]; the dataset must have labels. */
    public Labelled labelledBatch(int size) {
        if (!dataset.hasLabels()) {
            throw new IllegalStateException("Batches of '" + dataset.name() + "': the dataset has no labels");
        }
        int[] indices = nextIndices(size);
        return new Labelled(dataset.trainTensor(device, indices), dataset.trainLabelTensor(device, indices));
    }

    /** Samples and their labels, both in the current scope. */
    public record Labelled(Tensor samples, Tensor labels) {
    }

    /** Completed epochs: 0 until a batch has had to start a second permutation. */
    public long epoch() {
        return epoch;
    }

    public Device device() {
        return device;
    }
}
