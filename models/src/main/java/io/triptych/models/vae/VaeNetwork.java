package io.triptych.models.vae;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;
import io.triptych.engine.nn.Linear;
import io.triptych.engine.nn.Module;
import io.triptych.engine.nn.Parameter;
import io.triptych.engine.random.Generator;

/**
 * Every weight of a VAE, with state-dict names "encoder.*", "fc_mu.*", "fc_logvar.*", "decoder.*" and, for a learned
 * Gaussian likelihood, "output_logvar" (one log-variance per data dimension, starting at 0).
 */
final class VaeNetwork extends Module {
    private final Parameter outputLogvar;
    private final Module encoder;
    private final Linear fcMu;
    private final Linear fcLogvar;
    private final Module decoder;

    VaeNetwork(VaeArchitecture a, boolean learnedVariance, Device device, Generator gen) {
        super(device);
        this.outputLogvar = learnedVariance ? parameter("output_logvar", () -> Tensor.zeros(device, a.dataShape()))
                : null;
        this.encoder = child("encoder", a.encoder(device, gen));
        this.fcMu = child("fc_mu", new Linear(a.features(), a.latentDim(), true, device, gen));
        this.fcLogvar = child("fc_logvar", new Linear(a.features(), a.latentDim(), true, device, gen));
        this.decoder = child("decoder", a.decoder(device, gen));
    }

    /** {mu, logvar} of q(z | x), each [B, latentDim]. */
    Tensor[] encode(Tensor x) {
        Tensor h = encoder.forward(x);
        return new Tensor[] {fcMu.forward(h), fcLogvar.forward(h)};
    }

    /** The likelihood's parameters for latents z. */
    Tensor decode(Tensor z) {
        return decoder.forward(z);
    }

    /** The learned output log-variance, or null when the likelihood has none. */
    Parameter outputLogvar() {
        return outputLogvar;
    }

    /** The decoder's output at the posterior mean. */
    @Override
    public Tensor forward(Tensor x) {
        return decode(encode(x)[0]);
    }
}
