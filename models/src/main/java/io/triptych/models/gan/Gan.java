package io.triptych.models.gan;

import io.triptych.engine.Device;
import io.triptych.engine.Grad;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.io.SafeTensors;
import io.triptych.engine.nn.Module;
import io.triptych.engine.nn.Parameter;
import io.triptych.engine.ops.F;
import io.triptych.engine.optim.Adam;
import io.triptych.engine.random.Generator;
import io.triptych.models.GenerativeModel;
import io.triptych.models.GenerativeModels;
import io.triptych.models.LearningRates;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generative adversarial network trained with the non-saturating loss: the discriminator D minimises
 * BCE(D(x), 1) + BCE(D(G(z)), 0) and the generator G minimises BCE(D(G(z)), 1), each with its own Adam.
 *
 * <p>Image models take and return pixels in [0, 1]; inside, data live in [-1, 1], the range of the generator's
 * tanh. Sampling runs the generator in eval mode (BatchNorm uses its running statistics), so a sample does not
 * depend on the others drawn with it, and the same seed gives the same samples whatever n.
 */
public final class Gan implements GenerativeModel {
    private static final String FAMILY = "gan";

    private final GanConfig config;
    private final Device device;
    private final Generator gen;
    private final GanNetworks nets;
    private final Adam generatorOptimizer;
    private final Adam discriminatorOptimizer;
    private long trainSteps;

    /** A new model with weights drawn from {@code config.seed()}; training noise continues that stream. */
    public Gan(GanConfig config, Device device) {
        if (config == null || device == null) {
            throw new IllegalArgumentException("Gan: config and device must not be null, got " + config + ", "
                    + device);
        }
        this.config = config;
        this.device = device;
        this.gen = new Generator(config.seed());
        this.nets = new GanNetworks(config.architecture(), device, gen);
        this.generatorOptimizer = adam(nets.generator().parameters());
        this.discriminatorOptimizer = adam(nets.discriminator().parameters());
    }

    private Adam adam(List<Parameter> params) {
        return new Adam(params, config.learningRate(), config.beta1(), config.beta2(), 1e-8f, 0f, false);
    }

    /** Rebuilds the model a checkpoint was saved from (its config is in the file) and loads its weights. */
    public static Gan fromCheckpoint(Path file, Device device) throws IOException {
        try (Scope s = Scope.open()) {
            SafeTensors.Contents contents = SafeTensors.read(file, device);
            GanConfig saved = GenerativeModels.requireConfig(file, FAMILY, "Gan", savedConfig(file, contents));
            return GenerativeModels.loadOrClose(new Gan(saved, device),
                    gan -> gan.nets.loadStateDict(contents.tensors()));
        }
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
        return config.architecture().dataShape();
    }

    public GanConfig config() {
        return config;
    }

    public Module generator() {
        return nets.generator();
    }

    public Module discriminator() {
        return nets.discriminator();
    }

    /** One discriminator step, then one generator step on the same fakes; returns d_loss, d_real, d_fake, g_loss. */
    @Override
    public Map<String, Double> trainStep(Tensor batch) {
        checkData("Gan.trainStep", "batch", batch);
        try (Scope s = Scope.open()) {
            Tensor z = gen.normal(device, 0f, 1f, latentBatch(batch.dim(0)));
            Tensor fake = nets.generator().forward(z);
            Map<String, Double> out = updateDiscriminator(toModelSpace(batch), fake.detach());
            out.put("g_loss", updateGenerator(fake));
            trainSteps++;
            return out;
        }
    }

    /**
     * One discriminator step on given real and fake data (both as callers see data, e.g. fakes from
     * {@link #sample}); returns d_loss, d_real and d_fake measured before the step.
     */
    public Map<String, Double> discriminatorStep(Tensor real, Tensor fake) {
        checkData("Gan.discriminatorStep", "real batch", real);
        checkData("Gan.discriminatorStep", "fake batch", fake);
        try (Scope s = Scope.open()) {
            return updateDiscriminator(toModelSpace(real), toModelSpace(fake));
        }
    }

    /** d_loss, then d_real and d_fake: the mean probabilities D gives real and fake data. */
    private Map<String, Double> updateDiscriminator(Tensor real, Tensor fake) {
        Module d = nets.discriminator();
        Tensor realLogits = d.forward(real);
        Tensor fakeLogits = d.forward(fake);
        Tensor loss = F.add(F.bceWithLogits(realLogits, Tensor.onesLike(realLogits)),
                F.bceWithLogits(fakeLogits, Tensor.zerosLike(fakeLogits)));
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("d_loss", finite("d_loss", loss.item()));
        try (Grad.Mode off = Grad.off()) {
            out.put("d_real", (double) F.mean(F.sigmoid(realLogits)).item());
            out.put("d_fake", (double) F.mean(F.sigmoid(fakeLogits)).item());
        }
        discriminatorOptimizer.zeroGrad();
        loss.backward();
        discriminatorOptimizer.step();
        return out;
    }

    /** The non-saturating generator step: minimise BCE(D(fake), 1). Returns g_loss. */
    private double updateGenerator(Tensor fake) {
        // Frozen so that the backward pass skips the discriminator's weight gradients, which this step does not use.
        List<Parameter> frozen = nets.discriminator().parameters();
        frozen.forEach(p -> p.requiresGrad(false));
        try {
            Tensor logits = nets.discriminator().forward(fake);
            Tensor loss = F.bceWithLogits(logits, Tensor.onesLike(logits));
            double value = finite("g_loss", loss.item());
            generatorOptimizer.zeroGrad();
            loss.backward();
            generatorOptimizer.step();
            return value;
        } finally {
            frozen.forEach(p -> p.requiresGrad(true));
        }
    }

    private double finite(String loss, double value) {
        if (!Double.isFinite(value)) {
            throw new ArithmeticException("GAN " + loss + " is " + value + " at training step " + trainSteps
                    + ": training diverged (try a lower learning rate) or the batch holds NaN/Inf; the network whose "
                    + "loss this is was not updated");
        }
        return value;
    }

    /** {@code n} samples from untruncated latents z ~ N(0, I). */
    @Override
    public void learningRateScale(double scale) {
        float lr = (float) (config.learningRate() * LearningRates.checkScale(scale));
        generatorOptimizer.lr(lr);
        discriminatorOptimizer.lr(lr);
    }

    @Override
    public Tensor sample(int n, long seed) {
        return sample(n, seed, Double.POSITIVE_INFINITY);
    }

    /**
     * {@code n} samples from latents truncated to [-psi, psi] (the truncation trick: smaller psi trades diversity for
     * fidelity); see {@link TruncatedNormal}. The same seed gives the same samples; psi = +infinity gives
     * {@link #sample(int, long)}.
     */
    public Tensor sample(int n, long seed, double psi) {
        if (n < 1) {
            throw new IllegalArgumentException("Gan.sample: n must be >= 1, got " + n);
        }
        if (!(psi > 0)) {
            throw new IllegalArgumentException("Gan.sample: truncation psi must be > 0 (the threshold on |z|), got "
                    + psi);
        }
        Scope.current(); // fails now, with advice, when the caller has no scope to hold the samples
        Module g = nets.generator();
        boolean training = g.isTraining();
        g.eval();
        try (Grad.Mode off = Grad.off(); Scope s = Scope.open()) {
            Tensor z = TruncatedNormal.sample(new Generator(seed), psi, device, latentBatch(n));
            return toDataSpace(g.forward(z)).keep();
        } finally {
            g.train(training);
        }
    }

    @Override
    public long parameterCount() {
        return nets.parameterCount();
    }

    /** Writes both networks ("generator.*", "discriminator.*") with the config as metadata, atomically. */
    @Override
    public void save(Path file) throws IOException {
        SafeTensors.write(file, nets.stateDict(), GenerativeModels.checkpointMetadata(FAMILY, config.toJson()));
    }

    @Override
    public void load(Path file) throws IOException {
        try (Scope s = Scope.open()) {
            SafeTensors.Contents contents = SafeTensors.read(file, device);
            GanConfig saved = savedConfig(file, contents);
            if (saved != null && !saved.architecture().equals(config.architecture())) {
                throw new IllegalArgumentException(file + " was saved from " + saved.architecture()
                        + " but this model is " + config.architecture());
            }
            nets.loadStateDict(contents.tensors());
        }
    }

    /** The config a checkpoint was saved with, or null when it has none (e.g. a file written by PyTorch). */
    private static GanConfig savedConfig(Path file, SafeTensors.Contents contents) {
        return GenerativeModels.savedConfig(file, contents.metadata(), FAMILY, "GAN", GanConfig::fromJson);
    }

    @Override
    public void close() {
        generatorOptimizer.close();
        discriminatorOptimizer.close();
        nets.close();
    }

    private int[] latentBatch(int n) {
        int[] latent = config.architecture().latentShape();
        int[] shape = new int[latent.length + 1];
        shape[0] = n;
        System.arraycopy(latent, 0, shape, 1, latent.length);
        return shape;
    }

    private Tensor toModelSpace(Tensor data) {
        return config.architecture().images() ? F.affine(data, 2f, -1f) : data;
    }

    private Tensor toDataSpace(Tensor generated) {
        return config.architecture().images() ? F.affine(generated, 0.5f, 0.5f) : generated;
    }

    /** A batch [B >= 1, dataShape...] of F32 on this model's device; images must be pixels in [0, 1]. */
    private void checkData(String call, String what, Tensor x) {
        GenerativeModels.checkBatch(call, what, x, dataShape(), device);
        if (config.architecture().images()) {
            for (float v : x.toFloatArray()) {
                if (!(v >= 0f && v <= 1f)) {
                    throw new IllegalArgumentException(call + ": " + what + " holds " + v + "; images must be pixels"
                            + " in [0, 1] (the model rescales them to [-1, 1] itself)");
                }
            }
        }
    }
}
