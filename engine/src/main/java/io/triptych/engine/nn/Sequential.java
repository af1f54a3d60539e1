package io.triptych.engine.nn;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;

import java.util.ArrayList;
import java.util.List;

/** Modules applied in order; their state-dict names are "0.weight", "1.bias", ... as in PyTorch. */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Device device, Module... modules) {
        super(device);
        for (Module m : modules) {
            add(m);
        }
    }

    public Sequential add(Module m) {
        layers.add(child(Integer.toString(layers.size()), m));
        return this;
    }

    public Module get(int i) {
        return layers.get(i);
    }

    public int size() {
        return layers.size();
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x;
        for (Module m : layers) {
            h = m.forward(h);
        }
        return h;
    }
}
