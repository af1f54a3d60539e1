package io.triptych.models.data;

import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.random.Generator;

import java.util.Locale;

/**
 * The 2-D Gaussian mixtures of the PacGAN protocol: equally weighted isotropic Gaussians of one sigma at fixed modes.
 * ring8 has 8 modes evenly on the unit circle with sigma 0.01; grid25 has 25 at {-4,-2,0,2,4}^2 with sigma 0.05.
 */
public final class Mixture {
    /** Sizes and seeds of the fixed split every run shares. */
    public static final int TRAIN_SIZE = 50_000;
    public static final int TEST_SIZE = 10_000;
    static final long TRAIN_SEED = 20_240_801L;
    static final long TEST_SEED = 20_240_802L;

    private final String name;
    private final float[][] modes;
    private final float sigma;

    private Mixture(String name, float[][] modes, float sigma) {
        this.name = name;
        this.modes = modes;
        this.sigma = sigma;
    }

    public static Mixture ring8() {
        float[][] modes = new float[8][];
        for (int i = 0; i < 8; i++) {
            double angle = 2 * Math.PI * i / 8;
            modes[i] = new float[] {(float) Math.cos(angle), (float) Math.sin(angle)};
        }
        return new Mixture("ring8", modes, 0.01f);
    }

    public static Mixture grid25() {
        float[][] modes = new float[25][];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                modes[i * 5 + j] = new float[] {-4f + 2f * i, -4f + 2f * j};
            }
        }
        return new Mixture("grid25", modes, 0.05f);
    }

    /** "ring8" or "grid25" (case-insensitive). */
    public static Mixture named(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "ring8" -> ring8();
            case "grid25" -> grid25();
            default -> throw new IllegalArgumentException("unknown mixture '" + name + "': expected ring8 or grid25");
        };
    }

    public String name() {
        return name;
    }

    public int modeCount() {
        return modes.length;
    }

    /** A copy of the modes, [modeCount][2]. */
    public float[][] modes() {
        float[][] out = new float[modes.length][];
        for (int i = 0; i < modes.length; i++) {
            out[i] = modes[i].clone();
        }
        return out;
    }

    public float sigma() {
        return sigma;
    }

    /** {@code n} points [n * 2] row-major from {@code gen}; {@code modeOut}, when not null, gets each one's mode. */
    public float[] samplePoints(int n, Generator gen, int[] modeOut) {
        if (n < 0) {
            throw new IllegalArgumentException(name + ": cannot sample " + n + " points");
        }
        if (modeOut != null && modeOut.length != n) {
            throw new IllegalArgumentException(name + ": mode array has " + modeOut.length + " slots for " + n
                    + " points");
        }
        float[] u;
        float[] noise;
        // Drawn on the CPU: Philox gives the same numbers on every backend, so the points are the same everywhere.
        try (Scope s = Scope.open()) {
            u = gen.uniform(Device.cpu(), 0f, 1f, n).toFloatArray();
            noise = gen.normal(Device.cpu(), 0f, 1f, n, 2).toFloatArray();
        }
        float[] points = new float[2 * n];
        for (int i = 0; i < n; i++) {
            int m = Math.min((int) (u[i] * modes.length), modes.length - 1);
            points[2 * i] = modes[m][0] + sigma * noise[2 * i];
            points[2 * i + 1] = modes[m][1] + sigma * noise[2 * i + 1];
            if (modeOut != null) {
                modeOut[i] = m;
            }
        }
        return points;
    }

    /** {@code n} points [n, 2] on {@code device}, in the current scope. */
    public Tensor sample(int n, Generator gen, Device device) {
        return Tensor.of(device, samplePoints(n, gen, null), n, 2);
    }

    /**
     * The fixed split: {@link #TRAIN_SIZE} train and {@link #TEST_SIZE} test points from fixed seeds, each labelled
     * with the mode it was drawn from.
     */
    public Dataset dataset() {
        int[] trainModes = new int[TRAIN_SIZE];
        int[] testModes = new int[TEST_SIZE];
        float[] train = samplePoints(TRAIN_SIZE, new Generator(TRAIN_SEED), trainModes);
        float[] test = samplePoints(TEST_SIZE, new Generator(TEST_SEED), testModes);
        return new Dataset(name, new int[] {2}, train, trainModes, test, testModes);
    }

    @Override
    public String toString() {
        return name + " (" + modes.length + " modes, sigma " + sigma + ")";
    }
}
