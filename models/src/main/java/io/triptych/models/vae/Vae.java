package io.triptych.models.vae;

import io.triptych.engine.Device;
import io.triptych.engine.Grad;
import io.triptych.engine.Scope;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;
import io.triptych.engine.io.SafeTensors;
import io.triptych.engine.nn.Module;
import io.triptych.engine.ops.F;
import io.triptych.engine.optim.Adam;
import io.triptych.engine.random.Generator;
import io.triptych.models.GenerativeModel;
import io.triptych.models.GenerativeModels;
import io.triptych.models.LearningRates;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A variational autoencoder: q(z | x) = N(mu(x), diag(exp(logvar(x)))), prior p(z) = N(0, I), and the decoder's
 * {@link Likelihood} p(x | z). Training minimises recon + beta * KL per sample, with z drawn by reparameterisation;
 * evaluation gives the ELBO and the importance-sampled negative log-likelihood per sample, in nats.
 *
 * <p>Methods other than {@link #trainStep} record no gradients; the tensors they return live in the caller's scope.
 * Every estimate that draws noise takes a seed, and draws it as the first normals of {@code new Generator(seed)}.
 */
public final class Vae implements GenerativeModel {
    private static final String FAMILY = "vae";

    private final VaeConfig config;
    private final Device device;
    private final Generator gen;
    private final VaeNetwork net;
    private final Adam optimizer;
    private long trainSteps;

    /** A new model with weights drawn from {@code config.seed()}; training noise continues that stream. */
    public Vae(VaeConfig config, Device device) {
        if (config == null || device == null) {
            throw new IllegalArgumentException("Vae: config and device must not be null, got " + config + ", "
                    + device);
        }
        this.config = config;
        this.device = device;
        this.gen = new Generator(config.seed());
        this.net = new VaeNetwork(config.architecture(), config.likelihood().learnsVariance(), device, gen);
        this.optimizer = Adam.adam(net.parameters(), config.learningRate());
    }

    /** Rebuilds the model a checkpoint was saved from (its config is in the file) and loads its weights. */
    public static Vae fromCheckpoint(Path file, Device device) throws IOException {
        try (Scope s = Scope.open()) {
            SafeTensors.Contents contents = SafeTensors.read(file, device);
            VaeConfig saved = GenerativeModels.requireConfig(file, FAMILY, "Vae", savedConfig(file, contents));
            return GenerativeModels.loadOrClose(new Vae(saved, device),
                    vae -> vae.net.loadStateDict(contents.tensors()));
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

    public int latentDim() {
        return config.architecture().latentDim();
    }

    public VaeConfig config() {
        return config;
    }

    /** All weights, with the state-dict names of {@link #save}. */
    public Module network() {
        return net;
    }

    /**
     * One Adam step on recon + beta * KL. Returns "loss" (recon + kl: the negative ELBO per sample, whatever beta),
     * "recon" (-log p(x | z) per sample, z from q) and "kl" (KL(q(z | x) || p(z)) per sample), in nats.
     */
    @Override
    public Map<String, Double> trainStep(Tensor batch) {
        checkData("Vae.trainStep", "batch", batch);
        try (Scope s = Scope.open()) {
            Tensor[] q = net.encode(batch);
            Tensor z = F.reparameterize(q[0], q[1], gen);
            Tensor recon = config.likelihood().negLogLikelihood(batch, net.decode(z), net.outputLogvar());
            Tensor kl = F.gaussianKl(q[0], q[1]);
            double r = finite("recon", recon.item());
            double k = finite("kl", kl.item());
            Tensor objective = F.add(recon, F.affine(kl, config.beta(), 0f));
            optimizer.zeroGrad();
            objective.backward();
            optimizer.step();
            trainSteps++;
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("loss", r + k);
            out.put("recon", r);
            out.put("kl", k);
            return out;
        }
    }

    private double finite(String loss, double value) {
        if (!Double.isFinite(value)) {
            throw new ArithmeticException("VAE " + loss + " is " + value + " at training step " + trainSteps
                    + ": training diverged (try a lower learning rate) or the batch holds NaN/Inf; the step was not "
                    + "applied");
        }
        return value;
    }

    /** {mu, logvar} of q(z | x), each [B, latentDim]. */
    public Tensor[] encode(Tensor x) {
        checkData("Vae.encode", "x", x);
        try (Grad.Mode off = Grad.off(); Scope s = Scope.open()) {
            Tensor[] q = net.encode(x);
            return new Tensor[] {q[0].keep(), q[1].keep()};
        }
    }

    /** The mean of p(x | z) for latents z [B, latentDim] (for Bernoulli pixels: the sigmoid of the logits). */
    public Tensor decode(Tensor z) {
        checkLatents("Vae.decode", z);
        try (Grad.Mode off = Grad.off(); Scope s = Scope.open()) {
            return config.likelihood().mean(net.decode(z)).keep();
        }
    }

    /** The decoder's raw output for latents z: Bernoulli logits, or Gaussian means. */
    public Tensor decoderOutput(Tensor z) {
        checkLatents("Vae.decoderOutput", z);
        try (Grad.Mode off = Grad.off(); Scope s = Scope.open()) {
            return net.decode(z).keep();
        }
    }

    /** decode(mu(x)): the reconstruction at the posterior mean. */
    public Tensor reconstruct(Tensor x) {
        checkData("Vae.reconstruct", "x", x);
        try (Grad.Mode off = Grad.off(); Scope s = Scope.open()) {
            return config.likelihood().mean(net.forward(x)).keep();
        }
    }

    /**
     * Decoded means along the straight line between the posterior means of {@code a} and {@code b} (each one sample,
     * shaped dataShape or [1, dataShape...]): {@code steps} points from a's (t = 0) to b's (t = 1), as
     * [steps, dataShape...].
     */
    public Tensor interpolate(Tensor a, Tensor b, int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("Vae.interpolate: steps must be >= 2 (both endpoints), got " + steps);
        }
        float[] t = new float[steps];
        for (int i = 0; i < steps; i++) {
            t[i] = (float) i / (steps - 1);
        }
        try (Grad.Mode off = Grad.off(); Scope s = Scope.open()) {
            Tensor mu = net.encode(F.concat(0, oneSample("Vae.interpolate", "a", a),
                    oneSample("Vae.interpolate", "b", b)))[0];
            Tensor tt = Tensor.of(device, t, steps, 1);
            // (1 - t) mu_a + t mu_b, rather than mu_a + t (mu_b - mu_a), gives both endpoints exactly.
            Tensor z = F.add(F.mul(F.affine(tt, -1f, 1f), F.slice(mu, 0, 0, 1)), F.mul(tt, F.slice(mu, 0, 1, 2)));
            return config.likelihood().mean(net.decode(z)).keep();
        }
    }

    /** The ELBO per sample in nats, with one z per sample drawn with seed 0; see {@link #elbo(Tensor, long)}. */
    public double[] elbo(Tensor batch) {
        return elbo(batch, 0L);
    }

    /**
     * The evidence lower bound log p(x | z) - KL(q(z | x) || p(z)) per sample, in nats: the KL exactly, the expectation
     * over q by one z per sample, z = mu + exp(logvar / 2) eps with eps the first [B, latentDim] normals of
     * {@code new Generator(seed)}. Always the ELBO itself (beta = 1), whatever the training beta.
     */
    public double[] elbo(Tensor batch, long seed) {
        checkData("Vae.elbo", "batch", batch);
        try (Grad.Mode off = Grad.off(); Scope s = Scope.open()) {
            Tensor[] q = net.encode(batch);
            Tensor[] ze = posteriorSample(q, new Generator(seed));
            float[] logpx = logLikelihood(batch, ze[0]);
            float[] mu = q[0].toFloatArray();
            float[] logvar = q[1].toFloatArray();
            int latent = latentDim();
            double[] out = new double[logpx.length];
            for (int r = 0; r < out.length; r++) {
                double kl = 0;
                for (int j = r * latent; j < (r + 1) * latent; j++) {
                    kl += (double) mu[j] * mu[j] + Math.exp(logvar[j]) - 1 - logvar[j];
                }
                out[r] = checkedEstimate("ELBO", r, logpx[r] - 0.5 * kl);
            }
            return out;
        }
    }

    /**
     * The importance-sampled negative log-likelihood per sample, in nats: -log (1/k) sum_i p(x, z_i) / q(z_i | x) with
     * z_1..z_k ~ q(z | x), the i-th drawn as the i-th [B, latentDim] normals of {@code new Generator(seed)}. The
     * log-mean-exp runs in double with a running maximum. Its expectation is -ELBO at k = 1 and falls towards
     * -log p(x) as k grows.
     */
    public double[] nll(Tensor batch, int k, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("Vae.nll: k (importance samples) must be >= 1, got " + k);
        }
        checkData("Vae.nll", "batch", batch);
        int rows = batch.dim(0);
        int latent = latentDim();
        double[] max = new double[rows];
        double[] sum = new double[rows];
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        try (Grad.Mode off = Grad.off(); Scope s = Scope.open()) {
            Tensor[] q = net.encode(batch);
            float[] logvar = q[1].toFloatArray();
            Generator g = new Generator(seed);
            for (int i = 0; i < k; i++) {
                try (Scope draw = Scope.open()) {
                    Tensor[] ze = posteriorSample(q, g);
                    float[] logpx = logLikelihood(batch, ze[0]);
                    float[] z = ze[0].toFloatArray();
                    float[] eps = ze[1].toFloatArray();
                    for (int r = 0; r < rows; r++) {
                        // log p(z) - log q(z | x); the Gaussians' log(2 pi) terms cancel.
                        double prior = 0;
                        for (int j = r * latent; j < (r + 1) * latent; j++) {
                            prior += (double) eps[j] * eps[j] + logvar[j] - (double) z[j] * z[j];
                        }
                        double w = checkedEstimate("importance weight", r, logpx[r] + 0.5 * prior);
                        if (w > max[r]) {
                            sum[r] = sum[r] * Math.exp(max[r] - w) + 1;
                            max[r] = w;
                        } else {
                            sum[r] += Math.exp(w - max[r]);
                        }
                    }
                }
            }
        }
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = -(max[r] + Math.log(sum[r]) - Math.log(k));
        }
        return out;
    }

    /** {z, eps}: z = mu + exp(logvar / 2) eps with eps the generator's next standard normals. */
    private Tensor[] posteriorSample(Tensor[] q, Generator g) {
        Tensor eps = g.normal(device, 0f, 1f, q[0].shape());
        return new Tensor[] {F.add(q[0], F.mul(F.exp(F.affine(q[1], 0.5f, 0f)), eps)), eps};
    }

    private float[] logLikelihood(Tensor x, Tensor z) {
        return config.likelihood().logProb(x, net.decode(z), net.outputLogvar()).toFloatArray();
    }

    private static double checkedEstimate(String what, int row, double value) {
        if (Double.isNaN(value)) {
            throw new ArithmeticException("VAE " + what + " is NaN for sample " + row + " of the batch (NaN in the "
                    + "batch or the weights)");
        }
        return value;
    }

    /** {@code n} decoded means of z ~ N(0, I), z the first [n, latentDim] normals of {@code new Generator(seed)}. */
    @Override
    public void learningRateScale(double scale) {
        optimizer.lr((float) (config.learningRate() * LearningRates.checkScale(scale)));
    }

    @Override
    public Tensor sample(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("Vae.sample: n must be >= 1, got " + n);
        }
        Scope.current(); // fails now, with advice, when the caller has no scope to hold the samples
        try (Grad.Mode off = Grad.off(); Scope s = Scope.open()) {
            Tensor z = new Generator(seed).normal(device, 0f, 1f, n, latentDim());
            return config.likelihood().mean(net.decode(z)).keep();
        }
    }

    @Override
    public long parameterCount() {
        return net.parameterCount();
    }

    /** Writes the weights (names as in {@link VaeNetwork}) with the config as metadata, atomically. */
    @Override
    public void save(Path file) throws IOException {
        SafeTensors.write(file, net.stateDict(), GenerativeModels.checkpointMetadata(FAMILY, config.toJson()));
    }

    @Override
    public void load(Path file) throws IOException {
        try (Scope s = Scope.open()) {
            SafeTensors.Contents contents = SafeTensors.read(file, device);
            VaeConfig saved = savedConfig(file, contents);
            if (saved != null && !(saved.architecture().equals(config.architecture())
                    && saved.likelihood().equals(config.likelihood()))) {
                throw new IllegalArgumentException(file + " was saved from " + saved.architecture() + " with "
                        + saved.likelihood() + " but this model is " + config.architecture() + " with "
                        + config.likelihood());
            }
            net.loadStateDict(contents.tensors());
        }
    }

    /** The config a checkpoint was saved with, or null when it has none (e.g. a file written by PyTorch). */
    private static VaeConfig savedConfig(Path file, SafeTensors.Contents contents) {
        return GenerativeModels.savedConfig(file, contents.metadata(), FAMILY, "VAE", VaeConfig::fromJson);
    }

    @Override
    public void close() {
        optimizer.close();
        net.close();
    }

    /** One sample shaped dataShape or [1, dataShape...], as [1, dataShape...]. */
    private Tensor oneSample(String call, String what, Tensor x) {
        if (x != null && x.isAlive() && Arrays.equals(x.shape(), dataShape())) {
            int[] batched = new int[x.rank() + 1];
            batched[0] = 1;
            System.arraycopy(x.shape(), 0, batched, 1, x.rank());
            x = F.reshape(x, batched);
        }
        checkData(call, what, x);
        if (x.dim(0) != 1) {
            throw new IllegalArgumentException(call + ": " + what + " must be one sample, shaped "
                    + Shapes.str(dataShape()) + " or [1, " + Shapes.str(dataShape()).substring(1) + ", got "
                    + Shapes.str(x.shape()));
        }
        return x;
    }

    /** Latents [B >= 1, latentDim] of F32 on this model's device. */
    private void checkLatents(String call, Tensor z) {
        if (z == null) {
            throw new IllegalArgumentException(call + ": z is null");
        }
        z.checkAlive(call);
        if (z.rank() != 2 || z.dim(0) < 1 || z.dim(1) != latentDim()) {
            throw new IllegalArgumentException(call + ": z has shape " + Shapes.str(z.shape())
                    + " but the model takes [B, " + latentDim() + "] with B >= 1");
        }
        GenerativeModels.checkTypeAndDevice(call, "z", z, device);
    }

    /** A batch [B >= 1, dataShape...] of F32 on this model's device; in [0, 1] for Bernoulli pixels. */
    private void checkData(String call, String what, Tensor x) {
        GenerativeModels.checkBatch(call, what, x, dataShape(), device);
        if (config.likelihood() instanceof Likelihood.Bernoulli) {
            for (float v : x.toFloatArray()) {
                if (!(v >= 0f && v <= 1f)) {
                    throw new IllegalArgumentException(call + ": " + what + " holds " + v + "; a Bernoulli likelihood "
                            + "needs data in [0, 1]");
                }
            }
        }
    }
}
