package io.triptych.models.diffusion;

import io.triptych.engine.DType;
import io.triptych.engine.Device;
import io.triptych.engine.Grad;
import io.triptych.engine.Scope;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.F;
import io.triptych.engine.random.Generator;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The diffusion process on tensors for one schedule and prediction type: noising data to given timesteps and the
 * regression target for training, and the reverse process (sampling, inpainting, image-to-image) with any denoiser and
 * sampler. Each reverse step is one model evaluation and one fused kernel (F.denoiseStep); randomness comes from a
 * Philox generator seeded per call, so a seed gives the same result on every run and backend.
 */
public final class DiffusionProcess {
    private final NoiseSchedule schedule;
    private final Prediction prediction;
    private final double clipSample;

    /** @param clipSample clamp the data prediction to [-clipSample, clipSample] while sampling; 0 = off */
    public DiffusionProcess(NoiseSchedule schedule, Prediction prediction, double clipSample) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.prediction = Objects.requireNonNull(prediction, "prediction");
        if (!(clipSample >= 0) || Double.isInfinite(clipSample)) {
            throw new IllegalArgumentException("clipSample must be finite and >= 0 (0 = off), got " + clipSample);
        }
        this.clipSample = clipSample;
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    public Prediction prediction() {
        return prediction;
    }

    // ------------------------------------------------------------------ forward process and training target

    /** q_sample: sqrt(abar_t) x0 + sqrt(1 - abar_t) noise, with timesteps[i] for sample i (diffusers' add_noise). */
    public Tensor addNoise(Tensor x0, Tensor noise, int[] timesteps) {
        checkPair("addNoise", x0, noise, timesteps);
        double[] a = new double[timesteps.length];
        double[] s = new double[timesteps.length];
        for (int i = 0; i < timesteps.length; i++) {
            a[i] = Math.sqrt(schedule.alphaBar(timesteps[i]));
            s[i] = Math.sqrt(1 - schedule.alphaBar(timesteps[i]));
        }
        return combine(x0, a, noise, s);
    }

    /** What the denoiser should output for x_t = addNoise(x0, noise, timesteps): noise, v or x0. */
    public Tensor target(Tensor x0, Tensor noise, int[] timesteps) {
        checkPair("target", x0, noise, timesteps);
        double[] cx = new double[timesteps.length];
        double[] cn = new double[timesteps.length];
        for (int i = 0; i < timesteps.length; i++) {
            double alpha = Math.sqrt(schedule.alphaBar(timesteps[i]));
            double sigma = Math.sqrt(1 - schedule.alphaBar(timesteps[i]));
            cx[i] = prediction.targetFromX0(alpha, sigma);
            cn[i] = prediction.targetFromNoise(alpha, sigma);
        }
        return combine(x0, cx, noise, cn);
    }

    private void checkPair(String op, Tensor x0, Tensor noise, int[] timesteps) {
        if (x0 == null || noise == null || timesteps == null) {
            throw new IllegalArgumentException(op + ": data, noise and timesteps are required");
        }
        if (!Arrays.equals(x0.shape(), noise.shape())) {
            throw new IllegalArgumentException(op + ": data shape " + Shapes.str(x0.shape()) + " differs from noise "
                    + "shape " + Shapes.str(noise.shape()));
        }
        if (x0.rank() < 1 || timesteps.length != x0.dim(0)) {
            throw new IllegalArgumentException(op + ": " + timesteps.length + " timesteps for data of shape "
                    + Shapes.str(x0.shape()) + " (one per sample along dim 0)");
        }
    }

    /** ca[i] * a[i] + cb[i] * b[i] per sample i (dim 0), skipping terms whose coefficients are all zero. */
    private static Tensor combine(Tensor a, double[] ca, Tensor b, double[] cb) {
        boolean useA = Arrays.stream(ca).anyMatch(c -> c != 0);
        boolean useB = Arrays.stream(cb).anyMatch(c -> c != 0);
        Tensor ta = useA ? a.mul(column(ca, a)) : null;
        Tensor tb = useB ? b.mul(column(cb, b)) : null;
        if (ta != null && tb != null) {
            return ta.add(tb);
        }
        return ta != null ? ta : tb != null ? tb : Tensor.zerosLike(a);
    }

    /** Per-sample values shaped [B, 1, ..., 1] to broadcast against {@code like}. */
    private static Tensor column(double[] values, Tensor like) {
        int[] shape = new int[like.rank()];
        Arrays.fill(shape, 1);
        shape[0] = values.length;
        float[] v = new float[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) values[i];
        }
        return Tensor.of(like.device(), v, shape);
    }

    // ------------------------------------------------------------------ reverse process

    /** {@code n} samples [n, dataShape...] from pure noise. */
    public Tensor sample(Denoiser model, int n, long seed, Sampler sampler) {
        requireCallerScope();
        checkModel(model, sampler);
        if (n < 1) {
            throw new IllegalArgumentException("sample: n must be >= 1, got " + n);
        }
        List<Sampler.Step> plan = sampler.plan(schedule, prediction, clipSample, 0);
        Generator gen = new Generator(seed);
        try (Scope work = Scope.open(); Grad.Mode off = Grad.off()) {
            Tensor x = gen.normal(model.device(), 0f, 1f, batchShape(n, model.dataShape()));
            return denoise(model, x, plan, gen, null, null).keep();
        }
    }

    /**
     * Fills the unknown pixels of {@code image} [n, dataShape...]. {@code knownMask} (same shape, or [1, dataShape...]
     * for one mask for all) is 1 where the image is kept and 0 where it is generated (RePaint's convention). Before
     * every step the known pixels are replaced by the image re-noised to that step's timestep with fresh noise; after
     * the last step, where the noise level is 0, by the image itself, so they come back unchanged.
     */
    public Tensor inpaint(Denoiser model, Tensor image, Tensor knownMask, long seed, Sampler sampler) {
        requireCallerScope();
        checkModel(model, sampler);
        checkImage("inpaint", model, image);
        checkMask(image, knownMask);
        List<Sampler.Step> plan = sampler.plan(schedule, prediction, clipSample, 0);
        Generator gen = new Generator(seed);
        try (Scope work = Scope.open(); Grad.Mode off = Grad.off()) {
            Tensor x = gen.normal(model.device(), 0f, 1f, image.shape());
            return denoise(model, x, plan, gen, image, knownMask).keep();
        }
    }

    /**
     * SDEdit (Meng et al. 2022) as diffusers' img2img pipelines: of the sampler's k timesteps, run the last
     * floor(k * strength), starting from {@code image} noised to the first of them. strength 1 starts from (almost)
     * pure noise; small strengths stay close to the image.
     */
    public Tensor imageToImage(Denoiser model, Tensor image, double strength, long seed, Sampler sampler) {
        requireCallerScope();
        checkModel(model, sampler);
        checkImage("imageToImage", model, image);
        if (!(strength > 0 && strength <= 1)) {
            throw new IllegalArgumentException("imageToImage: strength must be in (0, 1], got " + strength);
        }
        int[] ts = sampler.timesteps(schedule.trainSteps());
        int run = (int) (ts.length * strength);
        if (run < 1) {
            throw new IllegalArgumentException("imageToImage: strength " + strength + " of " + sampler.label() + " ("
                    + ts.length + " steps) leaves no step to run; raise the strength or the step count");
        }
        int start = ts.length - run;
        List<Sampler.Step> plan = sampler.plan(schedule, prediction, clipSample, start);
        Generator gen = new Generator(seed);
        try (Scope work = Scope.open(); Grad.Mode off = Grad.off()) {
            Tensor noise = gen.normal(model.device(), 0f, 1f, image.shape());
            int[] t = new int[image.dim(0)];
            Arrays.fill(t, ts[start]);
            Tensor x = addNoise(image, noise, t);
            return denoise(model, x, plan, gen, null, null).keep();
        }
    }

    /**
     * Runs {@code plan} on x in place (x lives in the caller's work scope; each step's temporaries in their own).
     * With {@code image} and {@code mask}, pastes the re-noised known pixels before every step and the image after.
     */
    private Tensor denoise(Denoiser model, Tensor x, List<Sampler.Step> plan, Generator gen, Tensor image,
                           Tensor mask) {
        Tensor prevX0 = Tensor.zerosLike(x);
        int[] t = new int[x.dim(0)];
        for (Sampler.Step step : plan) {
            try (Scope s = Scope.open()) {
                Arrays.fill(t, step.timestep());
                if (image != null) {
                    Tensor noise = gen.normal(x.device(), 0f, 1f, x.shape());
                    F.copyInto(paste(x, addNoise(image, noise, t), mask), x);
                }
                Tensor out = model.forward(x, t);
                Tensor[] next = F.denoiseStep(x, out, prevX0, step.coefficients(), gen);
                F.copyInto(next[0], x);
                F.copyInto(next[1], prevX0);
            }
        }
        if (image != null) {
            try (Scope s = Scope.open()) {
                F.copyInto(paste(x, image, mask), x);
            }
        }
        return x;
    }

    /** x where mask is 0, known where it is 1. */
    private static Tensor paste(Tensor x, Tensor known, Tensor mask) {
        return x.add(mask.mul(known.sub(x)));
    }

    private static int[] batchShape(int n, int[] dataShape) {
        int[] shape = new int[dataShape.length + 1];
        shape[0] = n;
        System.arraycopy(dataShape, 0, shape, 1, dataShape.length);
        return shape;
    }

    /** The result is handed to the caller's scope, so one must be open (Scope.current() says so if not). */
    private static void requireCallerScope() {
        Scope.current();
    }

    private void checkModel(Denoiser model, Sampler sampler) {
        if (model == null || sampler == null) {
            throw new IllegalArgumentException("a denoiser and a sampler are required");
        }
        sampler.timesteps(schedule.trainSteps());
    }

    private static void checkImage(String op, Denoiser model, Tensor image) {
        if (image == null) {
            throw new IllegalArgumentException(op + ": image is required");
        }
        int[] expected = batchShape(image.rank() > 0 ? image.dim(0) : 0, model.dataShape());
        if (image.rank() != expected.length || image.dim(0) < 1 || !Arrays.equals(image.shape(), expected)) {
            throw new IllegalArgumentException(op + ": image shape " + Shapes.str(image.shape()) + " is not "
                    + Denoiser.batchShapeText("n", model.dataShape()));
        }
        checkF32(op, "image", image, model.device());
        for (float v : image.toFloatArray()) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(op + ": image holds " + v);
            }
        }
    }

    private static void checkMask(Tensor image, Tensor mask) {
        if (mask == null) {
            throw new IllegalArgumentException("inpaint: the known-pixel mask is required");
        }
        int[] single = image.shape();
        single[0] = 1;
        if (!Arrays.equals(mask.shape(), image.shape()) && !Arrays.equals(mask.shape(), single)) {
            throw new IllegalArgumentException("inpaint: mask shape " + Shapes.str(mask.shape()) + " must equal the "
                    + "image shape " + Shapes.str(image.shape()) + " or " + Shapes.str(single));
        }
        checkF32("inpaint", "mask", mask, image.device());
        for (float v : mask.toFloatArray()) {
            if (v != 0f && v != 1f) {
                throw new IllegalArgumentException("inpaint: mask values must be 0 (generate) or 1 (keep), found " + v);
            }
        }
    }

    private static void checkF32(String op, String what, Tensor t, Device device) {
        if (t.dtype() != DType.F32 || !t.device().equals(device)) {
            throw new IllegalArgumentException(op + ": " + what + " is " + t.dtype() + " on " + t.device()
                    + "; needs F32 on " + device);
        }
    }
}
