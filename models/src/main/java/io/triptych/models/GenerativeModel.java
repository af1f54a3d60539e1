package io.triptych.models;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the three families share: a training step on a batch, seeded sampling, and checkpoints in safetensors with
 * PyTorch's state-dict names. Parameters live in the model until {@link #close()}; tensors a method returns live in
 * the caller's current scope.
 */
public interface GenerativeModel extends AutoCloseable {
    /** "gan", "vae" or "diffusion". */
    String family();

    Device device();

    /** The shape of one data sample, e.g. [2] for 2-D points or [1, 28, 28] for MNIST. */
    int[] dataShape();

    /**
     * One optimisation step on {@code batch} [B, dataShape...]. Returns the step's losses by name (e.g. "d_loss",
     * "g_loss" for a GAN) for curves; throws ArithmeticException naming the loss when one is NaN or infinite.
     */
    Map<String, Double> trainStep(Tensor batch);

    /**
     * Sets every optimiser's learning rate to {@code scale} times the configured one, from the next step on (for
     * schedules driven by the training loop); scale 1 restores the configured rate.
     */
    void learningRateScale(double scale);

    /** {@code n} samples [n, dataShape...]; the same seed gives the same samples on the same device. */
    Tensor sample(int n, long seed);

    long parameterCount();

    /** Writes parameters, buffers and optimiser-independent config atomically to {@code file}. */
    void save(Path file) throws IOException;

    /** Loads what {@link #save} wrote; the architecture must match (the exception lists mismatches). */
    void load(Path file) throws IOException;

    @Override
    void close();
}
