package io.triptych.models.diffusion;

import io.triptych.engine.io.Json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that defines a diffusion model besides its weights: the data shape, the denoiser, the noise schedule
 * and prediction type (diffusers' names in JSON), the training hyperparameters and the default sampler. Written into
 * every checkpoint, so a checkpoint rebuilds its model.
 *
 * @param clipSample   clamp the data prediction to [-clipSample, clipSample] while sampling; 0 = no clamping
 * @param emaDecay     weight EMA decay in [0, 1); sampling uses the averaged weights (0: the live weights)
 * @param gradClipNorm clip the gradients' global L2 norm to this; 0 = no clipping
 * @param seed         initial weights, and then training timesteps and noise, come from Philox with this seed
 * @param sampler      what {@link Diffusion#sample(int, long)} uses
 */
public record DiffusionConfig(int[] dataShape, DenoiserSpec denoiser, String schedule, int trainSteps,
                              double betaStart, double betaEnd, Prediction prediction, double clipSample,
                              double learningRate, double emaDecay, double gradClipNorm, long seed, Sampler sampler) {
    public DiffusionConfig {
        Objects.requireNonNull(dataShape, "dataShape");
        Objects.requireNonNull(denoiser, "denoiser");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(sampler, "sampler");
        dataShape = dataShape.clone();
        if (dataShape.length == 0 || Arrays.stream(dataShape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("data shape must have positive dims, got " + Arrays.toString(dataShape));
        }
        NoiseSchedule.of(schedule, trainSteps, betaStart, betaEnd);
        if (!(clipSample >= 0) || Double.isInfinite(clipSample)) {
            throw new IllegalArgumentException("clipSample must be finite and >= 0 (0 = off), got " + clipSample);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + emaDecay);
        }
        if (!(gradClipNorm >= 0) || Double.isInfinite(gradClipNorm)) {
            throw new IllegalArgumentException("gradient clip norm must be finite and >= 0 (0 = off), got "
                    + gradClipNorm);
        }
        sampler.timesteps(trainSteps);
    }

    /**
     * 2-D (or d-dimensional) points: MLP 128 wide, 3 residual blocks; linear schedule over 1000 steps; epsilon
     * prediction without clamping (point sets need not lie in [-1, 1]); Adam 1e-3; EMA 0.999; clip norm 1; DDPM-1000.
     */
    public static DiffusionConfig points(int dim) {
        return new DiffusionConfig(new int[] {dim}, new DenoiserSpec.Mlp(128, 3, 32), NoiseSchedule.LINEAR, 1000,
                1e-4, 0.02, Prediction.EPSILON, 0, 1e-3, 0.999, 1.0, 0, Sampler.ddpm(1000));
    }

    /**
     * Images [C, H, W] scaled to [-1, 1]: UNet with widths 32/64/64, 8 groups, attention at the lowest resolution;
     * linear schedule over 1000 steps; epsilon prediction clamped to [-1, 1]; Adam 2e-4 (DDPM's); EMA 0.999; clip norm
     * 1; DDIM-50, since a CPU takes minutes for the 1000 UNet passes of DDPM.
     */
    public static DiffusionConfig images(int channels, int height, int width) {
        return new DiffusionConfig(new int[] {channels, height, width},
                new DenoiserSpec.Unet(new int[] {32, 64, 64}, 8, true), NoiseSchedule.LINEAR, 1000, 1e-4, 0.02,
                Prediction.EPSILON, 1.0, 2e-4, 0.999, 1.0, 0, Sampler.ddim(50));
    }

    @Override
    public int[] dataShape() {
        return dataShape.clone();
    }

    public NoiseSchedule noiseSchedule() {
        return NoiseSchedule.of(schedule, trainSteps, betaStart, betaEnd);
    }

    public DiffusionConfig withDenoiser(DenoiserSpec value) {
        return new DiffusionConfig(dataShape, value, schedule, trainSteps, betaStart, betaEnd, prediction, clipSample,
                learningRate, emaDecay, gradClipNorm, seed, sampler);
    }

    /** A schedule by diffusers' name ({@code linear}, {@code squaredcos_cap_v2}) over {@code steps} timesteps. */
    public DiffusionConfig withSchedule(String name, int steps) {
        return new DiffusionConfig(dataShape, denoiser, name, steps, betaStart, betaEnd, prediction, clipSample,
                learningRate, emaDecay, gradClipNorm, seed, sampler);
    }

    public DiffusionConfig withPrediction(Prediction value) {
        return new DiffusionConfig(dataShape, denoiser, schedule, trainSteps, betaStart, betaEnd, value, clipSample,
                learningRate, emaDecay, gradClipNorm, seed, sampler);
    }

    public DiffusionConfig withClipSample(double value) {
        return new DiffusionConfig(dataShape, denoiser, schedule, trainSteps, betaStart, betaEnd, prediction, value,
                learningRate, emaDecay, gradClipNorm, seed, sampler);
    }

    public DiffusionConfig withLearningRate(double value) {
        return new DiffusionConfig(dataShape, denoiser, schedule, trainSteps, betaStart, betaEnd, prediction, clipSample,
                value, emaDecay, gradClipNorm, seed, sampler);
    }

    public DiffusionConfig withEmaDecay(double value) {
        return new DiffusionConfig(dataShape, denoiser, schedule, trainSteps, betaStart, betaEnd, prediction, clipSample,
                learningRate, value, gradClipNorm, seed, sampler);
    }

    public DiffusionConfig withGradClipNorm(double value) {
        return new DiffusionConfig(dataShape, denoiser, schedule, trainSteps, betaStart, betaEnd, prediction, clipSample,
                learningRate, emaDecay, value, seed, sampler);
    }

    public DiffusionConfig withSeed(long value) {
        return new DiffusionConfig(dataShape, denoiser, schedule, trainSteps, betaStart, betaEnd, prediction, clipSample,
                learningRate, emaDecay, gradClipNorm, value, sampler);
    }

    public DiffusionConfig withSampler(Sampler value) {
        return new DiffusionConfig(dataShape, denoiser, schedule, trainSteps, betaStart, betaEnd, prediction, clipSample,
                learningRate, emaDecay, gradClipNorm, seed, value);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data_shape", Arrays.stream(dataShape).mapToObj(d -> (Object) (long) d).toList());
        m.put("denoiser", denoiser.toJson());
        m.put("beta_schedule", schedule);
        m.put("num_train_timesteps", (long) trainSteps);
        m.put("beta_start", betaStart);
        m.put("beta_end", betaEnd);
        m.put("prediction_type", prediction.id());
        m.put("clip_sample_range", clipSample);
        m.put("learning_rate", learningRate);
        m.put("ema_decay", emaDecay);
        m.put("grad_clip_norm", gradClipNorm);
        m.put("seed", seed);
        m.put("sampler", sampler.toJson());
        return m;
    }

    public static DiffusionConfig fromJson(Map<String, Object> json) {
        return new DiffusionConfig(JsonFields.ints(json, "data_shape"),
                DenoiserSpec.fromJson(JsonFields.object(json, "denoiser")), JsonFields.string(json, "beta_schedule"),
                JsonFields.int32(json, "num_train_timesteps"), JsonFields.number(json, "beta_start"),
                JsonFields.number(json, "beta_end"), Prediction.of(JsonFields.string(json, "prediction_type")),
                JsonFields.number(json, "clip_sample_range"), JsonFields.number(json, "learning_rate"),
                JsonFields.number(json, "ema_decay"), JsonFields.number(json, "grad_clip_norm"),
                JsonFields.integer(json, "seed"), Sampler.fromJson(JsonFields.object(json, "sampler")));
    }

    /**
     * The differences that make weights trained under {@code other} wrong for this config: data shape, network,
     * schedule and prediction type (training hyperparameters and the sampler may differ). Empty when compatible.
     */
    public List<String> modelMismatches(DiffusionConfig other) {
        Map<String, Object> mine = toJson();
        Map<String, Object> theirs = other.toJson();
        List<String> out = new ArrayList<>();
        for (String key : List.of("data_shape", "denoiser", "beta_schedule", "num_train_timesteps", "beta_start",
                "beta_end", "prediction_type")) {
            if (!mine.get(key).equals(theirs.get(key))) {
                out.add(key + ": model has " + mine.get(key) + ", checkpoint has " + theirs.get(key));
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiffusionConfig c && c.toJson().equals(toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "DiffusionConfig" + Json.write(toJson());
    }
}
