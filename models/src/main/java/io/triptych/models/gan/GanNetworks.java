package io.triptych.models.gan;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;
import io.triptych.engine.nn.Module;
import io.triptych.engine.random.Generator;

/**
 * The generator and discriminator as one module, so that a checkpoint holds both under "generator.*" and
 * "discriminator.*" and loading checks both before copying either.
 */
final class GanNetworks extends Module {
    private final Module generator;
    private final Module discriminator;

    GanNetworks(GanArchitecture architecture, Device device, Generator gen) {
        super(device);
        this.generator = child("generator", architecture.generator(device, gen));
        this.discriminator = child("discriminator", architecture.discriminator(device, gen));
    }

    Module generator() {
        return generator;
    }

    Module discriminator() {
        return discriminator;
    }

    /** The generator's output for latents {@code z}. */
    @Override
    public Tensor forward(Tensor z) {
        return generator.forward(z);
    }
}
