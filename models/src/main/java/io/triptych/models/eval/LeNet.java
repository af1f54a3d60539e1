package io.triptych.models.eval;

import io.triptych.engine.Device;
import io.triptych.engine.Grad;
import io.triptych.engine.Scope;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;
import io.triptych.engine.io.SafeTensors;
import io.triptych.engine.nn.Conv2d;
import io.triptych.engine.nn.Linear;
import io.triptych.engine.nn.Module;
import io.triptych.engine.ops.F;
import io.triptych.engine.random.Generator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A LeNet-style MNIST classifier whose penultimate activations are the feature space of the image metrics (FD,
 * precision/recall, density/coverage): conv 5x5 (16) -> ReLU -> avg-pool 2 -> conv 5x5 (32) -> ReLU -> avg-pool 2
 * -> linear (128) -> ReLU -> linear (10). Input is [N, 1, 28, 28] with values in [0, 1] (MNIST's range; callers
 * rescale model samples to it), standardised inside with MNIST's mean and deviation. State-dict names are PyTorch's
 * ("conv1.weight", "fc2.bias", ...), so weights saved here load into the same network in PyTorch.
 */
public final class LeNet extends Module {
    public static final int FEATURES = 128;
    public static final int CLASSES = 10;
    /** Images per forward pass when a method walks a whole set. */
    public static final int EVAL_BATCH = 500;
    private static final float MNIST_MEAN = 0.1307f;
    private static final float MNIST_STD = 0.3081f;
    private static final String FORMAT_KEY = "format";
    private static final String FORMAT = "triptych-lenet-1";

    private final Conv2d conv1;
    private final Conv2d conv2;
    private final Linear fc1;
    private final Linear fc2;

    /** A freshly initialised network (PyTorch's default initialisation from {@code seed}). */
    public LeNet(Device device, long seed) {
        super(device);
        Generator gen = new Generator(seed);
        this.conv1 = child("conv1", new Conv2d(1, 16, 5, 1, 2, device, gen));
        this.conv2 = child("conv2", new Conv2d(16, 32, 5, 1, 2, device, gen));
        this.fc1 = child("fc1", new Linear(32 * 7 * 7, FEATURES, true, device, gen));
        this.fc2 = child("fc2", new Linear(FEATURES, CLASSES, true, device, gen));
    }

    /** Class logits [N, 10]. */
    @Override
    public Tensor forward(Tensor images) {
        return fc2.forward(features(images));
    }

    /** Penultimate activations [N, {@value #FEATURES}] (after the ReLU). */
    public Tensor features(Tensor images) {
        checkImages(images);
        Tensor x = F.affine(images, 1f / MNIST_STD, -MNIST_MEAN / MNIST_STD);
        x = F.avgPool2d(F.relu(conv1.forward(x)), 2);
        x = F.avgPool2d(F.relu(conv2.forward(x)), 2);
        return F.relu(fc1.forward(F.flatten(x, 1)));
    }

    private void checkImages(Tensor images) {
        int[] s = images.shape();
        if (s.length != 4 || s[1] != 1 || s[2] != 28 || s[3] != 28) {
            throw new IllegalArgumentException("LeNet: images must be [N, 1, 28, 28], got " + Shapes.str(s));
        }
        if (!images.device().equals(device())) {
            throw new IllegalArgumentException("LeNet: images are on " + images.device() + ", the network on "
                    + device());
        }
    }

    /** Features of every image, [N * {@value #FEATURES}] row-major, computed in batches without autograd. */
    public float[] featureArray(Tensor images) {
        checkImages(images);
        int n = images.dim(0);
        float[] out = new float[Math.multiplyExact(n, FEATURES)];
        try (Grad.Mode g = Grad.off()) {
            for (int start = 0; start < n; start += EVAL_BATCH) {
                int end = Math.min(n, start + EVAL_BATCH);
                try (Scope s = Scope.open()) {
                    float[] f = features(images.slice(0, start, end)).toFloatArray();
                    System.arraycopy(f, 0, out, start * FEATURES, f.length);
                }
            }
        }
        return out;
    }

    /** Predicted classes of every image, in batches without autograd. */
    public int[] predict(Tensor images) {
        checkImages(images);
        int n = images.dim(0);
        int[] out = new int[n];
        try (Grad.Mode g = Grad.off()) {
            for (int start = 0; start < n; start += EVAL_BATCH) {
                int end = Math.min(n, start + EVAL_BATCH);
                try (Scope s = Scope.open()) {
                    float[] logits = forward(images.slice(0, start, end)).toFloatArray();
                    for (int i = 0; i < end - start; i++) {
                        int best = 0;
                        for (int c = 1; c < CLASSES; c++) {
                            if (logits[i * CLASSES + c] > logits[i * CLASSES + best]) {
                                best = c;
                            }
                        }
                        out[start + i] = best;
                    }
                }
            }
        }
        return out;
    }

    /** Share of {@code images} whose predicted class is their label. */
    public double accuracy(Tensor images, int[] labels) {
        int[] predicted = predict(images);
        if (labels.length != predicted.length) {
            throw new IllegalArgumentException("LeNet.accuracy: " + labels.length + " labels for " + predicted.length
                    + " images");
        }
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }

    /** Writes the weights and {@code metadata} (free-form strings, e.g. how it was trained) atomically. */
    public void save(Path file, Map<String, String> metadata) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(FORMAT_KEY, FORMAT);
        SafeTensors.write(file, stateDict(), meta);
    }

    /** A network on {@code device} with the weights {@link #save} wrote; the file's metadata is in {@code metaOut}. */
    public static LeNet load(Path file, Device device, Map<String, String> metaOut) throws IOException {
        LeNet net = new LeNet(device, 0);
        try (Scope s = Scope.open()) {
            SafeTensors.Contents c = SafeTensors.read(file, device);
            if (!FORMAT.equals(c.metadata().get(FORMAT_KEY))) {
                throw new IOException(file + " is not a LeNet checkpoint (metadata " + FORMAT_KEY + " is "
                        + c.metadata().get(FORMAT_KEY) + ", expected " + FORMAT + ")");
            }
            net.loadStateDict(c.tensors());
            if (metaOut != null) {
                metaOut.putAll(c.metadata());
            }
            return net;
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "LeNet(16, 32, " + FEATURES + ", " + CLASSES + ") on " + device();
    }
}
