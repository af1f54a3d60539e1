package io.triptych.models.gan;

import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.nn.Activation;
import io.triptych.engine.nn.BatchNorm2d;
import io.triptych.engine.nn.Conv2d;
import io.triptych.engine.nn.ConvTranspose2d;
import io.triptych.engine.nn.Linear;
import io.triptych.engine.nn.Module;
import io.triptych.engine.nn.Parameter;
import io.triptych.engine.nn.Sequential;
import io.triptych.engine.ops.Conv2dOptions;
import io.triptych.engine.ops.F;
import io.triptych.engine.random.Generator;

import java.util.Map;
import java.util.function.Supplier;

/** The generator and discriminator of a GAN, and the shapes of the data and latents they work on. */
public sealed interface GanArchitecture permits GanArchitecture.Dcgan, GanArchitecture.Mlp {
    /** The shape of one data sample. */
    int[] dataShape();

    /** The shape of one latent as the generator takes it. */
    int[] latentShape();

    int latentDim();

    /**
     * Whether the data are images: callers pass and get pixels in [0, 1], which the model maps to the range [-1, 1]
     * of the generator's tanh output.
     */
    boolean images();

    Module generator(Device device, Generator gen);

    /** Maps a batch of data to one logit per sample. */
    Module discriminator(Device device, Generator gen);

    /**
     * DCGAN for 1x28x28 images. Generator: ConvTranspose2d(latent, 2w, 7, 1, 0) -> BN -> ReLU -> ConvTranspose2d(2w,
     * w, 4, 2, 1) -> BN -> ReLU -> ConvTranspose2d(w, 1, 4, 2, 1) -> Tanh; discriminator: Conv2d(1, w, 4, 2, 1) ->
     * LeakyReLU(0.2) -> Conv2d(w, 2w, 4, 2, 1) -> BN -> LeakyReLU(0.2) -> Conv2d(2w, 1, 7, 1, 0). As in the DCGAN paper
     * (and PyTorch's example) the convolutions have no bias, since BN or the loss absorbs it, and weights start from
     * N(0, 0.02), BN scales from N(1, 0.02).
     *
     * @param width w, the discriminator's first and the generator's last hidden channel count (64 in the paper)
     */
    record Dcgan(int latentDim, int width) implements GanArchitecture {
        public Dcgan {
            if (latentDim < 1 || width < 1) {
                throw new IllegalArgumentException("Dcgan: latentDim and width must be >= 1, got latentDim=" + latentDim
                        + " width=" + width);
            }
        }

        @Override
        public int[] dataShape() {
            return new int[] {1, 28, 28};
        }

        @Override
        public int[] latentShape() {
            return new int[] {latentDim, 1, 1};
        }

        @Override
        public boolean images() {
            return true;
        }

        @Override
        public Module generator(Device device, Generator gen) {
            Sequential g = new Sequential(device,
                    new ConvTranspose2d(latentDim, 2 * width, 7, Conv2dOptions.of(1, 0), false, device, gen),
                    new BatchNorm2d(2 * width, device), Activation.relu(device),
                    new ConvTranspose2d(2 * width, width, 4, Conv2dOptions.of(2, 1), false, device, gen),
                    new BatchNorm2d(width, device), Activation.relu(device),
                    new ConvTranspose2d(width, 1, 4, Conv2dOptions.of(2, 1), false, device, gen),
                    Activation.tanh(device));
            return initialise(g, gen);
        }

        @Override
        public Module discriminator(Device device, Generator gen) {
            Sequential d = new Sequential(device,
                    new Conv2d(1, width, 4, Conv2dOptions.of(2, 1), false, device, gen),
                    Activation.leakyRelu(0.2f, device),
                    new Conv2d(width, 2 * width, 4, Conv2dOptions.of(2, 1), false, device, gen),
                    new BatchNorm2d(2 * width, device), Activation.leakyRelu(0.2f, device),
                    new Conv2d(2 * width, 1, 7, Conv2dOptions.of(1, 0), false, device, gen));
            return initialise(d, gen);
        }

        /** The DCGAN initialisation: every parameter is a conv weight (rank 4) or a BN scale or shift (rank 1). */
        private static Module initialise(Module m, Generator gen) {
            try (Scope s = Scope.open()) {
                for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
                    Parameter p = e.getValue();
                    if (p.rank() == 4) {
                        F.copyInto(gen.normal(p.device(), 0f, 0.02f, p.shape()), p);
                    } else if (e.getKey().endsWith(".weight")) {
                        F.copyInto(gen.normal(p.device(), 1f, 0.02f, p.shape()), p);
                    } else {
                        p.fill(0f);
                    }
                }
            }
            return m;
        }
    }

    /**
     * Multilayer perceptrons for vector data: the generator maps latent -> hidden (ReLU) x hiddenLayers -> dataDim
     * (linear output), the discriminator dataDim -> hidden (LeakyReLU 0.2) x hiddenLayers -> 1. PyTorch's default
     * initialisation.
     */
    record Mlp(int dataDim, int latentDim, int hidden, int hiddenLayers) implements GanArchitecture {
        public Mlp {
            if (dataDim < 1 || latentDim < 1 || hidden < 1 || hiddenLayers < 1) {
                throw new IllegalArgumentException("Mlp: every size must be >= 1, got dataDim=" + dataDim
                        + " latentDim=" + latentDim + " hidden=" + hidden + " hiddenLayers=" + hiddenLayers);
            }
        }

        @Override
        public int[] dataShape() {
            return new int[] {dataDim};
        }

        @Override
        public int[] latentShape() {
            return new int[] {latentDim};
        }

        @Override
        public boolean images() {
            return false;
        }

        @Override
        public Module generator(Device device, Generator gen) {
            return perceptron(latentDim, dataDim, () -> Activation.relu(device), device, gen);
        }

        @Override
        public Module discriminator(Device device, Generator gen) {
            return perceptron(dataDim, 1, () -> Activation.leakyRelu(0.2f, device), device, gen);
        }

        private Sequential perceptron(int in, int out, Supplier<Module> activation, Device device,
                                      Generator gen) {
            Sequential s = new Sequential(device);
            int width = in;
            for (int i = 0; i < hiddenLayers; i++) {
                s.add(new Linear(width, hidden, true, device, gen)).add(activation.get());
                width = hidden;
            }
            return s.add(new Linear(width, out, true, device, gen));
        }
    }
}
