package io.triptych.engine.ops;

import io.triptych.bindings.triptych_h;
import io.triptych.engine.Device;
import io.triptych.engine.Tensor;
import io.triptych.engine.random.Generator;

/**
 * The ops, as functions (PyTorch's {@code torch} and {@code torch.nn.functional} in one place). Every op checks
 * shapes, dtypes and devices in Java first, runs on the inputs' device, puts its result in the current
 * {@link io.triptych.engine.Scope}, and records its gradient when grad mode is on and an input requires one.
 */
public final class F {
    private F() {
    }

    // ------------------------------------------------------------------ arithmetic

    public static Tensor add(Tensor a, Tensor b) {
        return Pointwise.binary("add", triptych_h.TRI_BINARY_ADD, a, b);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        return Pointwise.binary("sub", triptych_h.TRI_BINARY_SUB, a, b);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        return Pointwise.binary("mul", triptych_h.TRI_BINARY_MUL, a, b);
    }

    public static Tensor div(Tensor a, Tensor b) {
        return Pointwise.binary("div", triptych_h.TRI_BINARY_DIV, a, b);
    }

    /** a^b element-wise, broadcasting. */
    public static Tensor pow(Tensor a, Tensor b) {
        return Pointwise.binary("pow", triptych_h.TRI_BINARY_POW, a, b);
    }

    public static Tensor maximum(Tensor a, Tensor b) {
        return Pointwise.binary("maximum", triptych_h.TRI_BINARY_MAXIMUM, a, b);
    }

    public static Tensor minimum(Tensor a, Tensor b) {
        return Pointwise.binary("minimum", triptych_h.TRI_BINARY_MINIMUM, a, b);
    }

    /** alpha * x + beta. */
    public static Tensor affine(Tensor x, float alpha, float beta) {
        return Pointwise.unary("affine", triptych_h.TRI_UNARY_AFFINE, x, alpha, beta);
    }

    public static Tensor neg(Tensor x) {
        return Pointwise.unary("neg", triptych_h.TRI_UNARY_NEG, x, 0f, 0f);
    }

    public static Tensor exp(Tensor x) {
        return Pointwise.unary("exp", triptych_h.TRI_UNARY_EXP, x, 0f, 0f);
    }

    public static Tensor log(Tensor x) {
        return Pointwise.unary("log", triptych_h.TRI_UNARY_LOG, x, 0f, 0f);
    }

    public static Tensor sqrt(Tensor x) {
        return Pointwise.unary("sqrt", triptych_h.TRI_UNARY_SQRT, x, 0f, 0f);
    }

    public static Tensor rsqrt(Tensor x) {
        return Pointwise.unary("rsqrt", triptych_h.TRI_UNARY_RSQRT, x, 0f, 0f);
    }

    public static Tensor reciprocal(Tensor x) {
        return Pointwise.unary("reciprocal", triptych_h.TRI_UNARY_RECIPROCAL, x, 0f, 0f);
    }

    /** x^exponent element-wise. */
    public static Tensor pow(Tensor x, float exponent) {
        return Pointwise.unary("pow", triptych_h.TRI_UNARY_POW, x, exponent, 0f);
    }

    public static Tensor square(Tensor x) {
        return Pointwise.unary("square", triptych_h.TRI_UNARY_SQUARE, x, 0f, 0f);
    }

    public static Tensor abs(Tensor x) {
        return Pointwise.unary("abs", triptych_h.TRI_UNARY_ABS, x, 0f, 0f);
    }

    /** Clamps to [min, max]; pass Float.NEGATIVE_INFINITY / POSITIVE_INFINITY for a one-sided clamp. */
    public static Tensor clamp(Tensor x, float min, float max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " > max " + max);
        }
        return Pointwise.unary("clamp", triptych_h.TRI_UNARY_CLAMP, x, min, max);
    }

    // ------------------------------------------------------------------ activations

    public static Tensor relu(Tensor x) {
        return Pointwise.unary("relu", triptych_h.TRI_UNARY_RELU, x, 0f, 0f);
    }

    public static Tensor leakyRelu(Tensor x, float negativeSlope) {
        return Pointwise.unary("leaky_relu", triptych_h.TRI_UNARY_LEAKY_RELU, x, negativeSlope, 0f);
    }

    public static Tensor silu(Tensor x) {
        return Pointwise.unary("silu", triptych_h.TRI_UNARY_SILU, x, 0f, 0f);
    }

    /** GELU, exact (erf) form. */
    public static Tensor gelu(Tensor x) {
        return Pointwise.unary("gelu", triptych_h.TRI_UNARY_GELU, x, 0f, 0f);
    }

    public static Tensor tanh(Tensor x) {
        return Pointwise.unary("tanh", triptych_h.TRI_UNARY_TANH, x, 0f, 0f);
    }

    public static Tensor sigmoid(Tensor x) {
        return Pointwise.unary("sigmoid", triptych_h.TRI_UNARY_SIGMOID, x, 0f, 0f);
    }

    /** (1/beta) log(1 + exp(beta x)), linear above {@code threshold} (PyTorch's softplus). */
    public static Tensor softplus(Tensor x, float beta, float threshold) {
        if (!(beta > 0f)) {
            throw new IllegalArgumentException("softplus: beta must be > 0, got " + beta);
        }
        return Pointwise.unary("softplus", triptych_h.TRI_UNARY_SOFTPLUS, x, beta, threshold);
    }

    public static Tensor softplus(Tensor x) {
        return softplus(x, 1f, 20f);
    }

    // ------------------------------------------------------------------ linear algebra

    public static Tensor matmul(Tensor a, Tensor b) {
        return Linalg.matmul(a, b);
    }

    /** x w^T + bias; bias may be null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return Linalg.linear(x, weight, bias);
    }

    // ------------------------------------------------------------------ convolution

    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, Conv2dOptions options) {
        return Convolution.conv2d(x, weight, bias, options);
    }

    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return Convolution.conv2d(x, weight, bias, Conv2dOptions.of(stride, padding));
    }

    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, Conv2dOptions options) {
        return Convolution.convTranspose2d(x, weight, bias, options);
    }

    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return Convolution.convTranspose2d(x, weight, bias, Conv2dOptions.of(stride, padding));
    }

    // ------------------------------------------------------------------ normalisation

    /**
     * Batch normalisation of [N, C, ...]. Training uses batch statistics and updates runningMean/runningVar in place
     * (when not null); eval uses them. weight/bias may be null.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, float momentum, float eps) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    public static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias, float eps) {
        return Normalization.groupNorm(x, groups, weight, bias, eps);
    }

    /** Layer normalisation over the last dim. */
    public static Tensor layerNorm(Tensor x, Tensor weight, Tensor bias, float eps) {
        return Normalization.layerNorm(x, weight, bias, eps);
    }

    // ------------------------------------------------------------------ reductions

    /** Sum of all elements, shape []. */
    public static Tensor sum(Tensor x) {
        return Reductions.sum("sum", x, allDims(x), false, false);
    }

    public static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        return Reductions.sum("sum", x, dims, keepDim, false);
    }

    /** Mean of all elements, shape []. */
    public static Tensor mean(Tensor x) {
        return Reductions.sum("mean", x, allDims(x), false, true);
    }

    public static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        return Reductions.sum("mean", x, dims, keepDim, true);
    }

    private static int[] allDims(Tensor x) {
        int[] d = new int[x.rank()];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        return d;
    }

    /** x repeated along its size-1 (or missing leading) dims to {@code shape}. */
    public static Tensor broadcastTo(Tensor x, int... shape) {
        return Reductions.broadcastTo(x, shape);
    }

    public static Tensor softmax(Tensor x, int dim) {
        return ShapeOps.softmax(x, dim, false);
    }

    public static Tensor logSoftmax(Tensor x, int dim) {
        return ShapeOps.softmax(x, dim, true);
    }

    // ------------------------------------------------------------------ shapes

    public static Tensor reshape(Tensor x, int... shape) {
        return ShapeOps.reshape(x, shape);
    }

    public static Tensor flatten(Tensor x, int startDim) {
        return ShapeOps.flatten(x, startDim);
    }

    public static Tensor permute(Tensor x, int... dims) {
        return ShapeOps.permute(x, dims);
    }

    public static Tensor transpose(Tensor x, int dim0, int dim1) {
        return ShapeOps.transpose(x, dim0, dim1);
    }

    /** Elements [start, end) along {@code dim}. */
    public static Tensor slice(Tensor x, int dim, int start, int end) {
        return ShapeOps.slice(x, dim, start, end);
    }

    public static Tensor concat(int dim, Tensor... xs) {
        return ShapeOps.concat(dim, xs);
    }

    /** Nearest-neighbour upsampling of [N, C, H, W] by an integer factor. */
    public static Tensor upsampleNearest(Tensor x, int factor) {
        return ShapeOps.upsampleNearest(x, factor);
    }

    /** Average pooling of [N, C, H, W] with a k x k window and stride k. */
    public static Tensor avgPool2d(Tensor x, int kernel) {
        return ShapeOps.avgPool2d(x, kernel);
    }

    // ------------------------------------------------------------------ losses

    public static Tensor mseLoss(Tensor input, Tensor target) {
        return Losses.mse(input, target);
    }

    public static Tensor bceWithLogits(Tensor logits, Tensor target) {
        return Losses.bceWithLogits(logits, target);
    }

    /** Mean cross-entropy of logits [N, C] against I32 class labels [N]. */
    public static Tensor crossEntropy(Tensor logits, Tensor labels) {
        return Losses.nll(logSoftmax(logits, -1), labels);
    }

    public static Tensor nllLoss(Tensor logProbabilities, Tensor labels) {
        return Losses.nll(logProbabilities, labels);
    }

    /** KL divergence of N(mu, exp(logvar)) from N(0, I), summed and divided by the batch size. */
    public static Tensor gaussianKl(Tensor mu, Tensor logvar) {
        return Losses.gaussianKl(mu, logvar);
    }

    // ------------------------------------------------------------------ misc

    public static Tensor embedding(Tensor weight, Tensor indices) {
        return Lookup.embedding(weight, indices);
    }

    public static Tensor dropout(Tensor x, float p, boolean training, Generator gen) {
        return Transfers.dropout(x, p, training, gen);
    }

    /** The VAE's z = mu + exp(logvar / 2) * eps with eps ~ N(0, I) drawn from gen, in one kernel. */
    public static Tensor reparameterize(Tensor mu, Tensor logvar, Generator gen) {
        return Sampling.reparameterize(mu, logvar, gen);
    }

    /**
     * One fused reverse-diffusion step with sampler coefficients {@code c}; returns {x_prev, x0 prediction}.
     * prevX0 (DPM-Solver++'s previous prediction) and gen (for steps that add noise) may be null when unused.
     */
    public static Tensor[] denoiseStep(Tensor x, Tensor modelOut, Tensor prevX0, StepCoefficients c, Generator gen) {
        return Sampling.denoiseStep(x, modelOut, prevX0, c, gen);
    }

    public static Tensor to(Tensor x, Device device) {
        return Transfers.to(x, device);
    }

    public static Tensor onesLike(Tensor x) {
        return Tensor.onesLike(x);
    }

    /** Sets every element to value, in place, unrecorded. */
    public static void fill(Tensor t, float value) {
        Transfers.fill(t, value);
    }

    /** dst = src in place, unrecorded. */
    public static void copyInto(Tensor src, Tensor dst) {
        Transfers.copyInto(src, dst);
    }

    /** acc += g in place, unrecorded. */
    public static void addInto(Tensor acc, Tensor g) {
        Transfers.addInto(acc, g);
    }
}
