package io.triptych.models.vae;

import io.triptych.engine.Device;
import io.triptych.engine.nn.Activation;
import io.triptych.engine.nn.Conv2d;
import io.triptych.engine.nn.ConvTranspose2d;
import io.triptych.engine.nn.Linear;
import io.triptych.engine.nn.Module;
import io.triptych.engine.nn.Sequential;
import io.triptych.engine.random.Generator;

import java.util.List;

/**
 * The encoder and decoder of a VAE. The encoder maps a batch of data to features [B, features()], which two linear
 * heads turn into the posterior's mean and log-variance; the decoder maps latents [B, latentDim] to the likelihood's
 * parameters [B, dataShape...] (Bernoulli logits or Gaussian means). PyTorch's default initialisation.
 */
public sealed interface VaeArchitecture permits VaeArchitecture.Conv, VaeArchitecture.Mlp {
    int[] dataShape();

    int latentDim();

    /** Width of the encoder's output. */
    int features();

    Module encoder(Device device, Generator gen);

    Module decoder(Device device, Generator gen);

    /**
     * Convolutional, for C x H x W images with H and W divisible by 4. Encoder: Conv2d(C, 32, 4, 2, 1) -> ReLU ->
     * Conv2d(32, 64, 4, 2, 1) -> ReLU -> flatten -> Linear(64 H/4 W/4, hidden) -> ReLU. Decoder, the mirror image:
     * Linear(latent, hidden) -> ReLU -> Linear(hidden, 64 H/4 W/4) -> ReLU -> [64, H/4, W/4] ->
     * ConvTranspose2d(64, 32, 4, 2, 1) -> ReLU -> ConvTranspose2d(32, C, 4, 2, 1).
     */
    record Conv(int channels, int height, int width, int hidden, int latentDim) implements VaeArchitecture {
        public Conv {
            if (channels < 1 || hidden < 1 || latentDim < 1 || height < 4 || width < 4 || height % 4 != 0
                    || width % 4 != 0) {
                throw new IllegalArgumentException("VaeArchitecture.Conv: need channels, hidden, latentDim >= 1 and "
                        + "height, width positive multiples of 4 (two stride-2 convolutions), got channels=" + channels
                        + " height=" + height + " width=" + width + " hidden=" + hidden + " latentDim=" + latentDim);
            }
        }

        @Override
        public int[] dataShape() {
            return new int[] {channels, height, width};
        }

        @Override
        public int features() {
            return hidden;
        }

        private int flat() {
            return 64 * (height / 4) * (width / 4);
        }

        @Override
        public Module encoder(Device device, Generator gen) {
            return new Sequential(device,
                    new Conv2d(channels, 32, 4, 2, 1, device, gen), Activation.relu(device),
                    new Conv2d(32, 64, 4, 2, 1, device, gen), Activation.relu(device),
                    Activation.flatten(device), new Linear(flat(), hidden, true, device, gen), Activation.relu(device));
        }

        @Override
        public Module decoder(Device device, Generator gen) {
            return new Sequential(device,
                    new Linear(latentDim, hidden, true, device, gen), Activation.relu(device),
                    new Linear(hidden, flat(), true, device, gen), Activation.relu(device),
                    new Unflatten(device, 64, height / 4, width / 4),
                    new ConvTranspose2d(64, 32, 4, 2, 1, device, gen), Activation.relu(device),
                    new ConvTranspose2d(32, channels, 4, 2, 1, device, gen));
        }
    }

    /**
     * Multilayer perceptrons on the flattened data: the encoder is dataDim -> hidden (ReLU) x hiddenLayers, the decoder
     * latent -> hidden (ReLU) x hiddenLayers -> dataDim, reshaped to {@code shape}. With shape [1, 28, 28], hidden 400,
     * one hidden layer and latent 20 it is the VAE of PyTorch's examples.
     */
    record Mlp(List<Integer> shape, int hidden, int hiddenLayers, int latentDim) implements VaeArchitecture {
        public Mlp {
            shape = List.copyOf(shape);
            if (shape.isEmpty() || shape.stream().anyMatch(d -> d < 1) || hidden < 1 || hiddenLayers < 1
                    || latentDim < 1) {
                throw new IllegalArgumentException("VaeArchitecture.Mlp: need a non-empty shape of positive dims and "
                        + "hidden, hiddenLayers, latentDim >= 1, got shape=" + shape + " hidden=" + hidden
                        + " hiddenLayers=" + hiddenLayers + " latentDim=" + latentDim);
            }
        }

        @Override
        public int[] dataShape() {
            return shape.stream().mapToInt(Integer::intValue).toArray();
        }

        @Override
        public int features() {
            return hidden;
        }

        private int dataDim() {
            return shape.stream().reduce(1, Math::multiplyExact);
        }

        @Override
        public Module encoder(Device device, Generator gen) {
            Sequential s = new Sequential(device);
            if (shape.size() > 1) {
                s.add(Activation.flatten(device));
            }
            int in = dataDim();
            for (int i = 0; i < hiddenLayers; i++) {
                s.add(new Linear(in, hidden, true, device, gen)).add(Activation.relu(device));
                in = hidden;
            }
            return s;
        }

        @Override
        public Module decoder(Device device, Generator gen) {
            Sequential s = new Sequential(device);
            int in = latentDim;
            for (int i = 0; i < hiddenLayers; i++) {
                s.add(new Linear(in, hidden, true, device, gen)).add(Activation.relu(device));
                in = hidden;
            }
            s.add(new Linear(in, dataDim(), true, device, gen));
            if (shape.size() > 1) {
                s.add(new Unflatten(device, dataShape()));
            }
            return s;
        }
    }
}
