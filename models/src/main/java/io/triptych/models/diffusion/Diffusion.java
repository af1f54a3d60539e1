package io.triptych.models.diffusion;

import io.triptych.engine.DType;
import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;
import io.triptych.engine.io.Json;
import io.triptych.engine.io.SafeTensors;
import io.triptych.engine.nn.Parameter;
import io.triptych.engine.ops.F;
import io.triptych.engine.optim.Adam;
import io.triptych.engine.optim.Ema;
import io.triptych.engine.optim.GradClip;
import io.triptych.engine.random.Generator;
import io.triptych.models.GenerativeModel;
import io.triptych.models.GenerativeModels;
import io.triptych.models.LearningRates;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A denoising diffusion model: a denoiser trained by regression (MSE on the noise, v or x_0 at uniform timesteps)
 * with Adam, optional gradient clipping and an EMA of the weights, which is what samples, inpaints and edits. Sampling
 * works with any {@link Sampler} (DDPM, DDIM, DPM-Solver++) at any step count, one fused kernel per step.
 *
 * <p>Checkpoints are safetensors with the denoiser's PyTorch-style names ("down_0.conv1.weight"), the EMA weights
 * under "ema." + name, and the config (JSON) and training step in the metadata.
 */
public final class Diffusion implements GenerativeModel {
    public static final String FAMILY = "diffusion";
    static final String CONFIG_KEY = GenerativeModels.configKey(FAMILY);
    static final String STEP_KEY = "triptych.diffusion.step";
    static final String EMA_PREFIX = "ema.";

    private final DiffusionConfig config;
    private final Device device;
    private final DiffusionProcess process;
    private final Denoiser model;
    private final Denoiser averaged;
    private final List<Parameter> params;
    private final Adam optimizer;
    private final Ema ema;
    private final Generator gen;
    private long step;
    private boolean averagedStale;
    private boolean closed;

    public Diffusion(DiffusionConfig config, Device device) {
        if (config == null || device == null) {
            throw new IllegalArgumentException("Diffusion needs a config and a device");
        }
        this.config = config;
        this.device = device;
        this.process = new DiffusionProcess(config.noiseSchedule(), config.prediction(), config.clipSample());
        this.gen = new Generator(config.seed());
        List<AutoCloseable> made = new ArrayList<>();
        try {
            this.model = track(made, config.denoiser().build(config.dataShape(), device, gen));
            // same seed, same initial weights: the average starts where the model does
            this.averaged = track(made, config.denoiser().build(config.dataShape(), device,
                    new Generator(config.seed())));
            this.params = model.parameters();
            this.optimizer = track(made, new Adam(params, (float) config.learningRate(), 0.9f, 0.999f, 1e-8f, 0f,
                    false));
            this.ema = track(made, new Ema(params, (float) config.emaDecay()));
        } catch (RuntimeException e) {
            for (AutoCloseable c : made) {
                closeQuietly(c, e);
            }
            throw e;
        }
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> made, T resource) {
        made.add(resource);
        return resource;
    }

    private static void closeQuietly(AutoCloseable c, RuntimeException cause) {
        try {
            c.close();
        } catch (Exception suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    /** Rebuilds the model a checkpoint was saved from (its config is in the metadata) and loads its weights. */
    public static Diffusion open(Path file, Device device) throws IOException {
        try (Scope s = Scope.open()) {
            SafeTensors.Contents contents = SafeTensors.read(file, device);
            return GenerativeModels.loadOrClose(new Diffusion(configOf(file, contents.metadata()), device),
                    d -> d.apply(file, contents));
        }
    }

    public DiffusionConfig config() {
        return config;
    }

    public DiffusionProcess process() {
        return process;
    }

    public NoiseSchedule schedule() {
        return process.schedule();
    }

    /** The network being trained (live weights). */
    public Denoiser denoiser() {
        return model;
    }

    /** Optimisation steps taken (restored by load). */
    public long steps() {
        return step;
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public int[] dataShape() {
        return config.dataShape();
    }

    @Override
    public long parameterCount() {
        return model.parameterCount();
    }

    // ------------------------------------------------------------------ training

    /** Changes Adam's learning rate from the next step on, for learning-rate schedules driven by the caller. */
    public void learningRate(double lr) {
        checkOpen();
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        }
        optimizer.lr((float) lr);
    }

    @Override
    public void learningRateScale(double scale) {
        learningRate(config.learningRate() * LearningRates.checkScale(scale));
    }

    /** One Adam step on the MSE of the prediction at uniform timesteps; returns "loss" (and "grad_norm" if clipping). */
    @Override
    public Map<String, Double> trainStep(Tensor batch) {
        checkOpen();
        checkBatch(batch);
        int n = batch.dim(0);
        int trainSteps = schedule().trainSteps();
        Map<String, Double> out = new LinkedHashMap<>();
        try (Scope s = Scope.open()) {
            float[] u = gen.uniform(Device.cpu(), 0f, 1f, n).toFloatArray();
            int[] t = new int[n];
            for (int i = 0; i < n; i++) {
                t[i] = Math.min((int) (u[i] * trainSteps), trainSteps - 1);
            }
            Tensor noise = gen.normal(device, 0f, 1f, batch.shape());
            Tensor prediction = model.forward(process.addNoise(batch, noise, t), t);
            Tensor loss = F.mseLoss(prediction, process.target(batch, noise, t));
            double value = loss.item();
            if (!Double.isFinite(value)) {
                throw new ArithmeticException("diffusion training step " + step + ": the MSE loss (" + config
                        .prediction().id() + " target) is " + value + "; training has diverged or the batch holds "
                        + "NaN/Inf");
            }
            out.put("loss", value);
            optimizer.zeroGrad();
            loss.backward();
            if (config.gradClipNorm() > 0) {
                double norm = GradClip.clipNorm(params, config.gradClipNorm());
                if (!Double.isFinite(norm)) {
                    throw new ArithmeticException("diffusion training step " + step + ": the gradient norm is " + norm
                            + " (loss " + value + ")");
                }
                out.put("grad_norm", norm);
            }
            optimizer.step();
            // Warm-up as diffusers' EMAModel: with a fixed 0.999 a short run would sample from mostly initial weights.
            ema.update((float) Math.min(config.emaDecay(), (1.0 + step) / (10.0 + step)));
        }
        step++;
        averagedStale = true;
        return out;
    }

    private void checkBatch(Tensor batch) {
        if (batch == null) {
            throw new IllegalArgumentException("trainStep: batch is required");
        }
        int[] shape = batch.shape();
        int[] data = config.dataShape();
        if (shape.length != data.length + 1 || shape[0] < 1
                || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), data)) {
            throw new IllegalArgumentException("trainStep: batch shape " + Shapes.str(shape) + " is not "
                    + Denoiser.batchShapeText("batch", data));
        }
        if (batch.dtype() != DType.F32 || !batch.device().equals(device)) {
            throw new IllegalArgumentException("trainStep: batch is " + batch.dtype() + " on " + batch.device()
                    + "; the model needs F32 on " + device);
        }
    }

    // ------------------------------------------------------------------ sampling (EMA weights)

    /** {@code n} samples with the config's sampler. */
    @Override
    public Tensor sample(int n, long seed) {
        return sample(n, seed, config.sampler());
    }

    /** {@code n} samples [n, dataShape...] with {@code sampler}; the same seed gives the same samples. */
    public Tensor sample(int n, long seed, Sampler sampler) {
        checkOpen();
        return process.sample(sampling(), n, seed, sampler);
    }

    /** Inpainting with the config's sampler; see {@link DiffusionProcess#inpaint}. */
    public Tensor inpaint(Tensor image, Tensor knownMask, long seed) {
        return inpaint(image, knownMask, seed, config.sampler());
    }

    /** Fills the pixels where {@code knownMask} is 0, keeping those where it is 1; see {@link DiffusionProcess#inpaint}. */
    public Tensor inpaint(Tensor image, Tensor knownMask, long seed, Sampler sampler) {
        checkOpen();
        return process.inpaint(sampling(), image, knownMask, seed, sampler);
    }

    /** SDEdit with the config's sampler; see {@link DiffusionProcess#imageToImage}. */
    public Tensor imageToImage(Tensor image, double strength, long seed) {
        return imageToImage(image, strength, seed, config.sampler());
    }

    /** Noises {@code image} to strength * T on the sampler's grid and denoises from there (SDEdit). */
    public Tensor imageToImage(Tensor image, double strength, long seed, Sampler sampler) {
        checkOpen();
        return process.imageToImage(sampling(), image, strength, seed, sampler);
    }

    /** The denoiser holding the EMA weights, refreshed after training steps. */
    private Denoiser sampling() {
        if (averagedStale) {
            ema.copyTo(averaged.parameters());
            averagedStale = false;
        }
        return averaged;
    }

    // ------------------------------------------------------------------ checkpoints

    @Override
    public void save(Path file) throws IOException {
        checkOpen();
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.stateDict());
        List<String> names = new ArrayList<>(model.namedParameters().keySet());
        for (int i = 0; i < names.size(); i++) {
            tensors.put(EMA_PREFIX + names.get(i), ema.average(i));
        }
        Map<String, String> metadata = GenerativeModels.checkpointMetadata(FAMILY, config.toJson());
        metadata.put(STEP_KEY, Long.toString(step));
        SafeTensors.write(file, tensors, metadata);
    }

    /** Loads weights, EMA weights and step count; the checkpoint's model config must match (data, network, schedule). */
    @Override
    public void load(Path file) throws IOException {
        checkOpen();
        try (Scope s = Scope.open()) {
            SafeTensors.Contents contents = SafeTensors.read(file, device);
            List<String> mismatches = config.modelMismatches(configOf(file, contents.metadata()));
            if (!mismatches.isEmpty()) {
                throw new IllegalArgumentException(file + " holds another diffusion model: "
                        + String.join("; ", mismatches));
            }
            apply(file, contents);
        }
    }

    private static DiffusionConfig configOf(Path file, Map<String, String> metadata) {
        String json = metadata.get(CONFIG_KEY);
        if (json == null) {
            throw new IllegalArgumentException(file + " is not a Triptych diffusion checkpoint: its metadata has no '"
                    + CONFIG_KEY + "' (keys " + metadata.keySet() + ")");
        }
        try {
            if (!(Json.parse(json) instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("the config is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) map;
            return DiffusionConfig.fromJson(fields);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": bad diffusion config in metadata: " + e.getMessage(), e);
        }
    }

    /** Checks the EMA tensors, then loads the weights (all or nothing), then the EMA and the step count. */
    private void apply(Path file, SafeTensors.Contents contents) {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        Map<String, Tensor> averages = new LinkedHashMap<>();
        for (var e : contents.tensors().entrySet()) {
            if (e.getKey().startsWith(EMA_PREFIX)) {
                averages.put(e.getKey().substring(EMA_PREFIX.length()), e.getValue());
            } else {
                weights.put(e.getKey(), e.getValue());
            }
        }
        Map<String, Parameter> named = model.namedParameters();
        List<String> problems = new ArrayList<>();
        if (!averages.keySet().equals(named.keySet())) {
            TreeSet<String> missing = new TreeSet<>(named.keySet());
            missing.removeAll(averages.keySet());
            TreeSet<String> unexpected = new TreeSet<>(averages.keySet());
            unexpected.removeAll(named.keySet());
            problems.add("EMA weights: missing " + missing + ", unexpected " + unexpected);
        } else {
            for (var e : named.entrySet()) {
                Tensor src = averages.get(e.getKey());
                if (!Arrays.equals(src.shape(), e.getValue().shape()) || src.dtype() != DType.F32) {
                    problems.add(EMA_PREFIX + e.getKey() + ": checkpoint has " + Shapes.str(src.shape()) + " "
                            + src.dtype() + ", model has " + Shapes.str(e.getValue().shape()) + " F32");
                }
            }
        }
        String stepText = contents.metadata().getOrDefault(STEP_KEY, "0");
        long loadedStep;
        try {
            loadedStep = Long.parseLong(stepText);
        } catch (NumberFormatException ex) {
            loadedStep = -1;
        }
        if (loadedStep < 0) {
            problems.add("metadata " + STEP_KEY + " = '" + stepText + "' is not a step count");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(file + " does not fit this model: " + String.join("; ", problems));
        }
        model.loadStateDict(weights);
        int i = 0;
        for (String name : named.keySet()) {
            F.copyInto(averages.get(name), ema.average(i++));
        }
        step = loadedStep;
        averagedStale = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this diffusion model is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            ema.close();
            optimizer.close();
            averaged.close();
            model.close();
        }
    }
}
