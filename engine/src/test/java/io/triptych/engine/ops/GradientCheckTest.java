package io.triptych.engine.ops;

import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.random.Generator;
import io.triptych.engine.testing.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

/**
 * Every op's backward against central finite differences (GradCheck: directional derivatives of sum(f(x) * r)).
 * Inputs are random but at least {@link #KINK_MARGIN} away from kinks (relu, abs, clamp, maximum) and inside the
 * domain (log, sqrt), so the finite difference, whose step moves an element by a few hundredths, never crosses one.
 */
class GradientCheckTest {
    private static final double STEP = 1e-2;
    /** The default bound on the relative error of a directional derivative. */
    private static final double TOL = 1e-2;
    /** The bound for checks whose error stays below 2e-4 on these inputs (5x margin or more). */
    private static final double TIGHT = 1e-3;
    private static final float KINK_MARGIN = 0.1f;

    private final Random rnd = new Random(20250611);

    // ------------------------------------------------------------------ arithmetic

    @Test
    void add() {
        try (Scope s = Scope.open()) {
            check("add same shape", TIGHT, t -> F.add(t[0], t[1]), normal(3, 4), normal(3, 4));
            check("add [2,3,4] + [3,1]", TIGHT, t -> F.add(t[0], t[1]), normal(2, 3, 4), normal(3, 1));
            check("add [2,1,4] + [3,1]", TIGHT, t -> F.add(t[0], t[1]), normal(2, 1, 4), normal(3, 1));
        }
    }

    @Test
    void sub() {
        try (Scope s = Scope.open()) {
            check("sub [2,3,4] - [4]", TIGHT, t -> F.sub(t[0], t[1]), normal(2, 3, 4), normal(4));
            check("sub [2,1,4] - [3,1]", TIGHT, t -> F.sub(t[0], t[1]), normal(2, 1, 4), normal(3, 1));
        }
    }

    @Test
    void mul() {
        try (Scope s = Scope.open()) {
            check("mul same shape", TIGHT, t -> F.mul(t[0], t[1]), normal(3, 4), normal(3, 4));
            check("mul [2,3,4] * [3,1]", TIGHT, t -> F.mul(t[0], t[1]), normal(2, 3, 4), normal(3, 1));
            check("mul [2,1,4] * [3,1]", TIGHT, t -> F.mul(t[0], t[1]), normal(2, 1, 4), normal(3, 1));
        }
    }

    @Test
    void div() {
        try (Scope s = Scope.open()) {
            check("div [2,3,4] / [4]", TOL, t -> F.div(t[0], t[1]), normal(2, 3, 4), awayFromZero(0.5f, 1.5f, 4));
            check("div [2,1,4] / [3,1]", TIGHT, t -> F.div(t[0], t[1]), normal(2, 1, 4),
                    awayFromZero(0.5f, 1.5f, 3, 1));
        }
    }

    @Test
    void powScalar() {
        try (Scope s = Scope.open()) {
            check("pow x^2.5", TIGHT, t -> F.pow(t[0], 2.5f), uniform(0.5f, 2f, 3, 4));
            check("pow x^-1.5", TIGHT, t -> F.pow(t[0], -1.5f), uniform(0.5f, 2f, 3, 4));
            check("pow x^3 (negative base)", TIGHT, t -> F.pow(t[0], 3f), normal(3, 4));
        }
    }

    @Test
    void powTensor() {
        try (Scope s = Scope.open()) {
            check("pow a^b same shape", TIGHT, t -> F.pow(t[0], t[1]), uniform(0.5f, 2f, 3, 4),
                    uniform(-1.5f, 1.5f, 3, 4));
            check("pow a^b [2,3,4] ^ [4]", TIGHT, t -> F.pow(t[0], t[1]), uniform(0.5f, 2f, 2, 3, 4),
                    uniform(-1.5f, 1.5f, 4));
        }
    }

    @Test
    void maximum() {
        try (Scope s = Scope.open()) {
            Tensor b = normal(4);
            check("maximum [2,3,4], [4]", TIGHT, t -> F.maximum(t[0], t[1]), apartFrom(b, 2, 3, 4), b);
            Tensor c = normal(3, 4);
            check("maximum same shape", TIGHT, t -> F.maximum(t[0], t[1]), c, apartFrom(c, 3, 4));
        }
    }

    @Test
    void minimum() {
        try (Scope s = Scope.open()) {
            Tensor b = normal(4);
            check("minimum [2,3,4], [4]", TIGHT, t -> F.minimum(t[0], t[1]), apartFrom(b, 2, 3, 4), b);
            Tensor c = normal(3, 4);
            check("minimum same shape", TIGHT, t -> F.minimum(t[0], t[1]), c, apartFrom(c, 3, 4));
        }
    }

    @Test
    void affine() {
        try (Scope s = Scope.open()) {
            check("affine 1.7x - 0.3", TIGHT, t -> F.affine(t[0], 1.7f, -0.3f), normal(3, 5));
        }
    }

    @Test
    void unaryMath() {
        try (Scope s = Scope.open()) {
            check("neg", TIGHT, t -> F.neg(t[0]), normal(3, 5));
            check("exp", TIGHT, t -> F.exp(t[0]), normal(3, 5));
            check("log", TIGHT, t -> F.log(t[0]), uniform(0.5f, 2f, 3, 5));
            check("sqrt", TIGHT, t -> F.sqrt(t[0]), uniform(0.5f, 2f, 3, 5));
            check("rsqrt", TIGHT, t -> F.rsqrt(t[0]), uniform(0.5f, 2f, 3, 5));
            check("reciprocal", TIGHT, t -> F.reciprocal(t[0]), awayFromZero(0.5f, 2f, 3, 5));
            check("square", TIGHT, t -> F.square(t[0]), normal(3, 5));
            check("abs", TIGHT, t -> F.abs(t[0]), awayFromZero(KINK_MARGIN, 2f, 3, 5));
        }
    }

    @Test
    void clamp() {
        try (Scope s = Scope.open()) {
            check("clamp [-0.5, 0.5]", TIGHT, t -> F.clamp(t[0], -0.5f, 0.5f),
                    avoiding(-1.5f, 1.5f, new float[] {-0.5f, 0.5f}, 3, 5));
            check("clamp [0.1, inf)", TIGHT, t -> F.clamp(t[0], 0.1f, Float.POSITIVE_INFINITY),
                    avoiding(-1.5f, 1.5f, new float[] {0.1f}, 3, 5));
            check("clamp (-inf, -0.2]", TIGHT, t -> F.clamp(t[0], Float.NEGATIVE_INFINITY, -0.2f),
                    avoiding(-1.5f, 1.5f, new float[] {-0.2f}, 3, 5));
        }
    }

    // ------------------------------------------------------------------ activations

    @Test
    void activations() {
        try (Scope s = Scope.open()) {
            check("relu", TIGHT, t -> F.relu(t[0]), awayFromZero(KINK_MARGIN, 2f, 3, 5));
            check("leakyRelu 0.2", TIGHT, t -> F.leakyRelu(t[0], 0.2f), awayFromZero(KINK_MARGIN, 2f, 3, 5));
            check("silu", TIGHT, t -> F.silu(t[0]), normal(3, 5));
            check("gelu", TIGHT, t -> F.gelu(t[0]), normal(3, 5));
            check("tanh", TOL, t -> F.tanh(t[0]), normal(3, 5));
            check("sigmoid", TOL, t -> F.sigmoid(t[0]), normal(3, 5));
            check("softplus", TIGHT, t -> F.softplus(t[0]), normal(3, 5));
            // beta * x stays below the threshold 5, where softplus switches to the identity.
            check("softplus beta 2 threshold 5", TIGHT, t -> F.softplus(t[0], 2f, 5f), uniform(-2f, 2f, 3, 5));
            check("softplus in the linear region", TIGHT, t -> F.softplus(t[0], 2f, 5f), uniform(3f, 4f, 3, 5));
        }
    }

    // ------------------------------------------------------------------ linear algebra

    @Test
    void matmul() {
        try (Scope s = Scope.open()) {
            check("matmul 2-D", TIGHT, t -> F.matmul(t[0], t[1]), normal(3, 4), normal(4, 5));
            check("matmul batched", TIGHT, t -> F.matmul(t[0], t[1]), normal(2, 3, 4), normal(2, 4, 5));
            check("matmul shared right", TIGHT, t -> F.matmul(t[0], t[1]), normal(2, 3, 4), normal(4, 5));
            check("matmul shared left", TIGHT, t -> F.matmul(t[0], t[1]), normal(3, 4), normal(2, 4, 5));
            check("matmul broadcast batch", TIGHT, t -> F.matmul(t[0], t[1]), normal(1, 3, 4), normal(2, 4, 5));
        }
    }

    @Test
    void linear() {
        try (Scope s = Scope.open()) {
            check("linear", TIGHT, t -> F.linear(t[0], t[1], t[2]), normal(5, 4), normal(3, 4), normal(3));
            check("linear without bias", TOL, t -> F.linear(t[0], t[1], null), normal(5, 4), normal(3, 4));
            check("linear 3-D input", TIGHT, t -> F.linear(t[0], t[1], t[2]), normal(2, 5, 4), normal(3, 4), normal(3));
        }
    }

    // ------------------------------------------------------------------ convolution

    @Test
    void conv2d() {
        try (Scope s = Scope.open()) {
            check("conv2d stride 2 padding 1", TIGHT, t -> F.conv2d(t[0], t[1], t[2], 2, 1), normal(2, 3, 7, 6),
                    normal(4, 3, 3, 3), normal(4));
            check("conv2d dilation 2", TIGHT, t -> F.conv2d(t[0], t[1], t[2],
                    new Conv2dOptions(1, 1, 2, 2, 2, 2, 1, 0, 0)), normal(2, 3, 7, 6), normal(4, 3, 3, 3), normal(4));
            check("conv2d groups 2", TIGHT, t -> F.conv2d(t[0], t[1], t[2], Conv2dOptions.of(1, 1).withGroups(2)),
                    normal(2, 4, 5, 4), normal(6, 2, 3, 3), normal(6));
            check("conv2d stride (2,1) padding (1,0) kernel 3x2", TIGHT, t -> F.conv2d(t[0], t[1], t[2],
                    new Conv2dOptions(2, 1, 1, 0, 1, 1, 1, 0, 0)), normal(2, 3, 7, 6), normal(4, 3, 3, 2), normal(4));
            check("conv2d 1x1 without bias", TIGHT, t -> F.conv2d(t[0], t[1], null, 1, 0), normal(2, 5, 4, 3),
                    normal(3, 5, 1, 1));
        }
    }

    @Test
    void convTranspose2d() {
        try (Scope s = Scope.open()) {
            check("convTranspose2d stride 2 padding 1", TIGHT, t -> F.convTranspose2d(t[0], t[1], t[2], 2, 1),
                    normal(2, 4, 4, 3), normal(4, 3, 4, 4), normal(3));
            check("convTranspose2d output padding 1", TIGHT, t -> F.convTranspose2d(t[0], t[1], t[2],
                    Conv2dOptions.of(2, 1).withOutputPadding(1, 1)), normal(2, 3, 4, 3), normal(3, 4, 3, 3),
                    normal(4));
            check("convTranspose2d groups 2", TIGHT, t -> F.convTranspose2d(t[0], t[1], t[2],
                    Conv2dOptions.of(1, 1).withGroups(2)), normal(2, 4, 4, 3), normal(4, 3, 3, 3), normal(6));
            check("convTranspose2d without bias", TIGHT, t -> F.convTranspose2d(t[0], t[1], null, 2, 1),
                    normal(1, 4, 3, 3), normal(4, 2, 4, 4));
        }
    }

    // ------------------------------------------------------------------ normalisation

    @Test
    void batchNorm() {
        try (Scope s = Scope.open()) {
            Tensor mean = normal(4);
            Tensor var = uniform(0.5f, 2f, 4);
            // Training reads only batch statistics (it writes the running ones), so they are fixed inputs.
            check("batchNorm training", TIGHT, t -> F.batchNorm(t[0], t[3], t[4], t[1], t[2], true, 0.1f, 1e-5f),
                    new Tensor[] {normal(3, 4, 2, 3), uniform(0.5f, 1.5f, 4), normal(4), copy(mean), copy(var)},
                    true, true, true, false, false);
            check("batchNorm training without affine", TIGHT, t -> F.batchNorm(t[0], null, null, null, null, true, 0.1f,
                    1e-5f), normal(3, 4, 2, 3));
            check("batchNorm eval", TIGHT, t -> F.batchNorm(t[0], t[3], t[4], t[1], t[2], false, 0.1f, 1e-5f),
                    new Tensor[] {normal(3, 4, 2, 3), uniform(0.5f, 1.5f, 4), normal(4), mean, var},
                    true, true, true, false, false);
            check("batchNorm eval without affine", TIGHT, t -> F.batchNorm(t[0], t[1], t[2], null, null, false, 0.1f,
                    1e-5f), new Tensor[] {normal(2, 4, 3, 3), mean, var}, true, false, false);
        }
    }

    @Test
    void groupNorm() {
        try (Scope s = Scope.open()) {
            check("groupNorm 3 groups", TIGHT, t -> F.groupNorm(t[0], 3, t[1], t[2], 1e-5f), normal(2, 6, 3, 2),
                    uniform(0.5f, 1.5f, 6), normal(6));
            check("groupNorm without affine", TIGHT, t -> F.groupNorm(t[0], 2, null, null, 1e-5f), normal(2, 4, 3, 3));
        }
    }

    @Test
    void layerNorm() {
        try (Scope s = Scope.open()) {
            check("layerNorm", TIGHT, t -> F.layerNorm(t[0], t[1], t[2], 1e-5f), normal(3, 2, 7),
                    uniform(0.5f, 1.5f, 7), normal(7));
            check("layerNorm without affine", TIGHT, t -> F.layerNorm(t[0], null, null, 1e-5f), normal(4, 9));
        }
    }

    // ------------------------------------------------------------------ reductions

    @Test
    void sumAndMean() {
        try (Scope s = Scope.open()) {
            check("sum all", TIGHT, t -> F.sum(t[0]), normal(3, 4, 5));
            check("sum dims {0, 2}", TIGHT, t -> F.sum(t[0], new int[] {0, 2}, false), normal(3, 4, 5));
            check("sum dim -1 keepDim", TIGHT, t -> F.sum(t[0], new int[] {-1}, true), normal(3, 4, 5));
            check("mean all", TIGHT, t -> F.mean(t[0]), normal(3, 4, 5));
            check("mean dim 1 keepDim", TIGHT, t -> F.mean(t[0], new int[] {1}, true), normal(3, 4, 5));
            check("mean dims {0, 1}", TIGHT, t -> F.mean(t[0], new int[] {0, 1}, false), normal(3, 4, 5));
        }
    }

    @Test
    void broadcastTo() {
        try (Scope s = Scope.open()) {
            check("broadcastTo [3,1] -> [2,3,4]", TIGHT, t -> F.broadcastTo(t[0], 2, 3, 4), normal(3, 1));
            check("broadcastTo [4] -> [3,4]", TIGHT, t -> F.broadcastTo(t[0], 3, 4), normal(4));
        }
    }

    @Test
    void softmax() {
        try (Scope s = Scope.open()) {
            check("softmax last dim", TIGHT, t -> F.softmax(t[0], -1), normal(3, 6));
            check("softmax dim 1 of 3", TIGHT, t -> F.softmax(t[0], 1), normal(2, 4, 3));
            check("logSoftmax last dim", TIGHT, t -> F.logSoftmax(t[0], -1), normal(3, 6));
            check("logSoftmax dim 0 of 3", TIGHT, t -> F.logSoftmax(t[0], 0), normal(3, 2, 4));
        }
    }

    // ------------------------------------------------------------------ shapes

    @Test
    void shapeOps() {
        try (Scope s = Scope.open()) {
            check("reshape", TIGHT, t -> F.reshape(t[0], 4, -1), normal(2, 3, 4));
            check("flatten", TIGHT, t -> F.flatten(t[0], 1), normal(2, 3, 2, 2));
            check("permute", TIGHT, t -> F.permute(t[0], 2, 0, 1), normal(2, 3, 4));
            check("transpose", TIGHT, t -> F.transpose(t[0], 0, 2), normal(2, 3, 4));
            check("slice dim 1", TIGHT, t -> F.slice(t[0], 1, 1, 3), normal(2, 4, 3));
            check("slice dim 0", TIGHT, t -> F.slice(t[0], 0, 2, 5), normal(5, 3));
            check("concat dim 1", TIGHT, t -> F.concat(1, t[0], t[1], t[2]), normal(2, 1, 3), normal(2, 3, 3),
                    normal(2, 2, 3));
            check("concat dim 0", TIGHT, t -> F.concat(0, t[0], t[1]), normal(2, 3), normal(1, 3));
        }
    }

    @Test
    void upsampleAndPool() {
        try (Scope s = Scope.open()) {
            check("upsampleNearest x2", TIGHT, t -> F.upsampleNearest(t[0], 2), normal(2, 3, 3, 2));
            check("upsampleNearest x3", TIGHT, t -> F.upsampleNearest(t[0], 3), normal(1, 2, 2, 2));
            check("avgPool2d 2", TIGHT, t -> F.avgPool2d(t[0], 2), normal(2, 3, 4, 6));
            check("avgPool2d 2 on odd sizes", TIGHT, t -> F.avgPool2d(t[0], 2), normal(1, 2, 5, 7));
        }
    }

    // ------------------------------------------------------------------ losses

    @Test
    void losses() {
        try (Scope s = Scope.open()) {
            check("mseLoss", TIGHT, t -> F.mseLoss(t[0], t[1]), normal(4, 5), normal(4, 5));
            // The engine does not differentiate the target of bce_with_logits.
            check("bceWithLogits", TIGHT, t -> F.bceWithLogits(t[0], t[1]),
                    new Tensor[] {normal(4, 5), uniform(0f, 1f, 4, 5)}, true, false);
            check("crossEntropy", TIGHT, t -> F.crossEntropy(t[0], t[1]),
                    new Tensor[] {normal(5, 7), Tensor.ofInts(new int[] {0, 6, 3, 3, 1}, 5)}, true, false);
            check("gaussianKl", TIGHT, t -> F.gaussianKl(t[0], t[1]), normal(4, 6), normal(4, 6));
        }
    }

    // ------------------------------------------------------------------ misc

    @Test
    void embedding() {
        try (Scope s = Scope.open()) {
            check("embedding with a repeated index", TIGHT, t -> F.embedding(t[0], t[1]),
                    new Tensor[] {normal(6, 3), Tensor.ofInts(new int[] {1, 4, 4, 0, 5, 1, 1, 2}, 2, 4)}, true, false);
        }
    }

    @Test
    void dropout() {
        try (Scope s = Scope.open()) {
            // A new generator per call gives every evaluation of the finite difference the same mask.
            check("dropout p 0.3", TIGHT, t -> F.dropout(t[0], 0.3f, true, new Generator(7)), normal(4, 5));
        }
    }

    @Test
    void toDevice() {
        try (Scope s = Scope.open()) {
            check("to cpu", TIGHT, t -> F.to(t[0], Device.cpu()), normal(3, 4));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void check(String what, double tol, Function<Tensor[], Tensor> f, Tensor... inputs) {
        boolean[] all = new boolean[inputs.length];
        Arrays.fill(all, true);
        GradCheck.check(what, f, inputs, all, STEP, tol);
    }

    private static void check(String what, double tol, Function<Tensor[], Tensor> f, Tensor[] inputs,
                              boolean... differentiable) {
        GradCheck.check(what, f, inputs, differentiable, STEP, tol);
    }

    private Tensor normal(int... shape) {
        float[] v = new float[size(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return Tensor.of(v, shape);
    }

    private Tensor uniform(float lo, float hi, int... shape) {
        float[] v = new float[size(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * rnd.nextFloat();
        }
        return Tensor.of(v, shape);
    }

    /** Magnitudes uniform in [lo, hi], signs random. */
    private Tensor awayFromZero(float lo, float hi, int... shape) {
        float[] v = uniform(lo, hi, shape).toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextBoolean() ? v[i] : -v[i];
        }
        return Tensor.of(v, shape);
    }

    /** Uniform in [lo, hi] and at least KINK_MARGIN from every kink. */
    private Tensor avoiding(float lo, float hi, float[] kinks, int... shape) {
        float[] v = new float[size(shape)];
        for (int i = 0; i < v.length; i++) {
            float x;
            do {
                x = lo + (hi - lo) * rnd.nextFloat();
            } while (near(x, kinks));
            v[i] = x;
        }
        return Tensor.of(v, shape);
    }

    private static boolean near(float x, float[] kinks) {
        for (float k : kinks) {
            if (Math.abs(x - k) < KINK_MARGIN) {
                return true;
            }
        }
        return false;
    }

    /** A tensor of {@code shape} whose every element differs from {@code other} broadcast to it by >= KINK_MARGIN. */
    private Tensor apartFrom(Tensor other, int... shape) {
        float[] o = other.toFloatArray();
        float[] v = awayFromZero(KINK_MARGIN, 1f, shape).toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] += o[i % o.length];
        }
        return Tensor.of(v, shape);
    }

    private static Tensor copy(Tensor t) {
        return Tensor.of(t.toFloatArray(), t.shape());
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
