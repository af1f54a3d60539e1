package io.triptych.engine.nn;

import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;
import io.triptych.engine.ops.F;
import io.triptych.engine.random.Generator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A layer or a model: named parameters, buffers and child modules, with PyTorch's state-dict names
 * ("encoder.0.weight", "bn.running_mean"). Parameters and buffers live in the module's own scope, so they outlive
 * the per-step scopes of training; {@link #close()} frees them (and the children's).
 */
public abstract class Module implements AutoCloseable {
    private final Scope scope;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Device device;
    private boolean training = true;

    protected Module(Device device) {
        this.device = device;
        this.scope = Scope.detached(getClass().getSimpleName());
    }

    public abstract Tensor forward(Tensor x);

    public Device device() {
        return device;
    }

    /** Makes a tensor inside this module's scope. */
    protected final <T> T inScope(Supplier<T> make) {
        try (Scope.Entered e = scope.enter()) {
            return make.get();
        }
    }

    protected final Parameter parameter(String name, Supplier<Tensor> init) {
        checkName(name);
        Parameter p = inScope(() -> new Parameter(init.get()));
        parameters.put(name, p);
        return p;
    }

    protected final Tensor buffer(String name, Supplier<Tensor> init) {
        checkName(name);
        Tensor t = inScope(init);
        buffers.put(name, t);
        return t;
    }

    protected final <M extends Module> M child(String name, M module) {
        checkName(name);
        if (!module.device().equals(device)) {
            throw new IllegalArgumentException("child module '" + name + "' is on " + module.device() + ", parent on "
                    + device);
        }
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".") || parameters.containsKey(name) || buffers.containsKey(name)
                || children.containsKey(name)) {
            throw new IllegalArgumentException("bad or duplicate member name '" + name + "' in "
                    + getClass().getSimpleName());
        }
    }

    /** U(-bound, bound) initial values, PyTorch's default for Linear and Conv layers. */
    protected final Tensor uniform(Generator gen, float bound, int... shape) {
        return gen.uniform(device, -bound, bound, shape);
    }

    /** Parameters by dotted name, this module's first, then each child's. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, null);
        return out;
    }

    public final List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameters and buffers by PyTorch state-dict name. */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", null, out);
        return out;
    }

    private void collect(String prefix, Map<String, Parameter> params, Map<String, Tensor> state) {
        for (var e : parameters.entrySet()) {
            if (params != null) {
                params.put(prefix + e.getKey(), e.getValue());
            }
            if (state != null) {
                state.put(prefix + e.getKey(), e.getValue());
            }
        }
        if (state != null) {
            for (var e : buffers.entrySet()) {
                state.put(prefix + e.getKey(), e.getValue());
            }
        }
        for (var e : children.entrySet()) {
            e.getValue().collect(prefix + e.getKey() + ".", params, state);
        }
    }

    /**
     * Copies {@code state} into this module's tensors in place. Every name must match (both ways) and every shape
     * and dtype agree; otherwise nothing is copied and the exception lists the problems.
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> mine = stateDict();
        List<String> problems = new ArrayList<>();
        TreeSet<String> missing = new TreeSet<>(mine.keySet());
        missing.removeAll(state.keySet());
        TreeSet<String> unexpected = new TreeSet<>(state.keySet());
        unexpected.removeAll(mine.keySet());
        if (!missing.isEmpty()) {
            problems.add("missing keys " + missing);
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected keys " + unexpected);
        }
        for (var e : mine.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                continue;
            }
            Tensor dst = e.getValue();
            if (!Arrays.equals(src.shape(), dst.shape()) || src.dtype() != dst.dtype()) {
                problems.add(e.getKey() + ": checkpoint has " + Shapes.str(src.shape()) + " " + src.dtype()
                        + ", model has " + Shapes.str(dst.shape()) + " " + dst.dtype());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("state dict does not fit " + getClass().getSimpleName() + ": "
                    + String.join("; ", problems));
        }
        for (var e : mine.entrySet()) {
            Tensor src = state.get(e.getKey());
            F.copyInto(src.device().equals(device) ? src : F.to(src, device), e.getValue());
        }
    }

    public final long parameterCount() {
        long n = 0;
        for (Parameter p : namedParameters().values()) {
            n += p.numel();
        }
        return n;
    }

    /** Sets training mode here and in every child (BatchNorm and Dropout behave differently). */
    public Module train(boolean on) {
        training = on;
        for (Module m : children.values()) {
            m.train(on);
        }
        return this;
    }

    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    public final void zeroGrad() {
        for (Parameter p : namedParameters().values()) {
            p.zeroGrad();
        }
    }

    /** A counter buffer such as BatchNorm's num_batches_tracked (I64 scalar). */
    protected final Tensor counter(String name) {
        return buffer(name, () -> Tensor.ofLongs(device, new long[] {0L}));
    }

    /** Frees this module's tensors and its children's. */
    @Override
    public void close() {
        for (Module m : children.values()) {
            m.close();
        }
        scope.close();
    }
}
