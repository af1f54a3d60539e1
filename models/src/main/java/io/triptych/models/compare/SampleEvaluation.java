package io.triptych.models.compare;

import io.triptych.engine.Device;
import io.triptych.engine.Grad;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.models.data.Mnist;
import io.triptych.models.data.Npy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code triptych evaluate}: the metrics {@code compare} reports, for samples made elsewhere (a PyTorch model, an
 * older checkpoint), against the same references: for 2-D mixtures the mode metrics and PRDC against the test split;
 * for MNIST the LeNet-feature precision, recall, density, coverage and Fréchet distance against the test split, with
 * the same LeNet and the floor. Sample counts are the caller's; compare draws 2,500 points or 500 (quick) / 2,000
 * (full) images, and the Fréchet distance depends on the count (the MNIST floor is computed on as many real digits).
 */
public final class SampleEvaluation {
    /** Precision and recall need more than k = 3 neighbours, density and coverage more than k = 5. */
    static final int MIN_SAMPLES = 6;

    private SampleEvaluation() {
    }

    /**
     * Measures {@code samples}: points [n, 2] for ring8 and grid25; images [n, 1, 28, 28], [n, 28, 28] or [n, 784]
     * for mnist, as float pixels in [0, 1] or uint8 0..255.
     *
     * @throws IllegalArgumentException when the samples do not fit the data set (shape, range, NaN), naming the first
     *                                  offending value
     */
    public static Map<String, Object> evaluate(String data, Npy samples, Device device, Progress progress)
            throws IOException {
        CompareOptions options = new CompareOptions(data, "quick", 1, 0, Path.of("."), device,
                CompareOptions.FAMILIES);
        int[] shape = samples.shape();
        int n = shape.length == 0 ? 0 : shape[0];
        boolean fits = options.images() ? imageShape(shape) : shape.length == 2 && shape[1] == 2;
        if (!fits || n < MIN_SAMPLES) {
            throw new IllegalArgumentException("samples of shape " + Arrays.toString(shape) + " do not fit " + data
                    + ": need " + (options.images() ? "[n, 1, 28, 28], [n, 28, 28] or [n, 784]" : "[n, 2]")
                    + " with n >= " + MIN_SAMPLES);
        }
        float[] values = options.images() ? pixels(samples) : finite(samples.values());
        Budget budget = Budget.of(options);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", data);
        out.put("samples", n);
        try (Comparison.Data d = Comparison.loadData(options, budget, progress)) {
            progress.phase("measuring " + n + " samples", 1);
            if (d.mixture != null) {
                out.putAll(new PointEvaluation(d.mixture, d.dataset, budget, device, 0, null).quality(values));
            } else {
                ImageEvaluation evaluation = new ImageEvaluation(d.dataset, budget, device, 0, null, d.lenet,
                        d.testFeatures);
                out.put("lenet_test_accuracy", FamilyRun.round(d.lenetAccuracy));
                out.put("floor", evaluation.floor(n));
                try (Scope s = Scope.open(); Grad.Mode off = Grad.off()) {
                    out.putAll(evaluation.quality(Tensor.of(device, values, n, 1, Mnist.SIDE, Mnist.SIDE)));
                }
            }
            progress.advance(1);
        }
        return out;
    }

    private static boolean imageShape(int[] s) {
        int side = Mnist.SIDE;
        return s.length == 4 && s[1] == 1 && s[2] == side && s[3] == side
                || s.length == 3 && s[1] == side && s[2] == side
                || s.length == 2 && s[1] == Mnist.PIXELS;
    }

    /** Pixels in [0, 1]: uint8 are divided by 255, floats must already be in range. */
    private static float[] pixels(Npy samples) {
        float[] v = samples.values().clone();
        if (samples.dtype().equals("uint8")) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= 255f;
            }
            return v;
        }
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0f && v[i] <= 1f)) {
                throw new IllegalArgumentException("sample pixel " + i + " is " + v[i] + "; float images must be in [0,"
                        + " 1] (save uint8 0..255 to have them scaled)");
            }
        }
        return v;
    }

    private static float[] finite(float[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException("sample value " + i + " (point " + i / 2 + ") is " + v[i]);
            }
        }
        return v;
    }
}
