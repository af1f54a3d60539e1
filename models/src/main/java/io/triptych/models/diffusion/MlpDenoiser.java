package io.triptych.models.diffusion;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;
import io.triptych.engine.nn.Activation;
import io.triptych.engine.nn.Linear;
import io.triptych.engine.nn.Sequential;
import io.triptych.engine.ops.F;
import io.triptych.engine.random.Generator;

/**
 * The denoiser for low-dimensional data (2-D point sets): a residual MLP with SiLU whose every block sees the time
 * embedding. h = input(x); per block h += block(silu(h + temb)); output(silu(h)), with temb = time_mlp(sinusoidal(t)).
 */
public final class MlpDenoiser extends Denoiser {
    private final int dataDim;
    private final int timeDim;
    private final Sequential timeMlp;
    private final Linear input;
    private final Sequential blocks;
    private final Linear output;

    /**
     * @param dataDim  features per sample
     * @param hidden   width of every hidden layer
     * @param depth    residual blocks
     * @param timeDim  sinusoidal features of the timestep (even)
     */
    public MlpDenoiser(int dataDim, int hidden, int depth, int timeDim, Device device, Generator gen) {
        super(device);
        if (dataDim < 1 || hidden < 1 || depth < 0 || timeDim < 2 || timeDim % 2 != 0) {
            throw new IllegalArgumentException("MlpDenoiser needs dataDim >= 1, hidden >= 1, depth >= 0 and an even "
                    + "timeDim >= 2, got dataDim=" + dataDim + " hidden=" + hidden + " depth=" + depth + " timeDim="
                    + timeDim);
        }
        this.dataDim = dataDim;
        this.timeDim = timeDim;
        this.timeMlp = child("time_mlp", new Sequential(device, new Linear(timeDim, hidden, true, device, gen),
                Activation.silu(device), new Linear(hidden, hidden, true, device, gen)));
        this.input = child("input", new Linear(dataDim, hidden, true, device, gen));
        this.blocks = child("blocks", new Sequential(device));
        for (int i = 0; i < depth; i++) {
            blocks.add(new Linear(hidden, hidden, true, device, gen));
        }
        this.output = child("output", new Linear(hidden, dataDim, true, device, gen));
    }

    @Override
    public int[] dataShape() {
        return new int[] {dataDim};
    }

    @Override
    protected Tensor predict(Tensor x, int[] timesteps) {
        Tensor temb = timeMlp.forward(TimestepEmbedding.sinusoidal(timesteps, timeDim, device()));
        Tensor h = input.forward(x);
        for (int i = 0; i < blocks.size(); i++) {
            h = h.add(blocks.get(i).forward(F.silu(h.add(temb))));
        }
        return output.forward(F.silu(h));
    }
}
