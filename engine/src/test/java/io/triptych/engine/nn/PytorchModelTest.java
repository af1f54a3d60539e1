package io.triptych.engine.nn;

import io.triptych.engine.Device;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.io.SafeTensors;
import io.triptych.engine.ops.Conv2dOptions;
import io.triptych.engine.random.Generator;
import io.triptych.engine.testing.Close;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same small model as tools/golden/gen_nn.py, built from Triptych modules: it has PyTorch's state-dict names,
 * loads PyTorch's state dict strictly, and then matches PyTorch's outputs, parameter gradients and BatchNorm
 * statistics in training and eval mode.
 */
class PytorchModelTest {
    static Sequential model(Generator gen) {
        Device cpu = Device.cpu();
        return new Sequential(cpu, new Conv2d(1, 4, 3, Conv2dOptions.of(1, 1), true, cpu, gen), new BatchNorm2d(4, cpu),
                Activation.leakyRelu(0.2f, cpu), Activation.flatten(cpu), new Linear(100, 3, true, cpu, gen));
    }

    static Path golden(String name) throws Exception {
        return Path.of(PytorchModelTest.class.getClassLoader().getResource("golden/" + name + ".safetensors").toURI());
    }

    @Test
    void stateDictNamesAreThoseOfPytorch() throws Exception {
        try (Scope s = Scope.open(); Sequential m = model(new Generator(1))) {
            Map<String, Tensor> torch = SafeTensors.read(golden("nn_state"), Device.cpu()).tensors();
            assertEquals(new TreeSet<>(torch.keySet()), new TreeSet<>(m.stateDict().keySet()));
            for (var e : torch.entrySet()) {
                assertArrayEquals(e.getValue().shape(), m.stateDict().get(e.getKey()).shape(), e.getKey());
                assertEquals(e.getValue().dtype(), m.stateDict().get(e.getKey()).dtype(), e.getKey());
            }
            assertEquals(4 * 9 + 4 + 4 + 4 + 300 + 3, m.parameterCount());
        }
    }

    @Test
    void loadedModelMatchesPytorchInTrainingAndEval() throws Exception {
        try (Scope s = Scope.open(); Sequential m = model(new Generator(1))) {
            m.loadStateDict(SafeTensors.read(golden("nn_state"), Device.cpu()).tensors());
            Map<String, Tensor> io = SafeTensors.read(golden("nn_io"), Device.cpu()).tensors();
            m.train(true);
            Tensor y = m.forward(io.get("x"));
            Close.assertClose("y_train", y, io.get("y_train"), Close.F32);
            y.backward(io.get("gout"));
            for (var p : m.namedParameters().entrySet()) {
                if (p.getKey().equals("0.bias")) {
                    // A bias feeding BatchNorm has a gradient of exactly zero in exact arithmetic; both sides hold
                    // rounding noise (~1e-7), where a relative error means nothing.
                    assertTrue(maxAbs(p.getValue().grad()) < 1e-5 && maxAbs(io.get("grad.0.bias")) < 1e-5);
                    continue;
                }
                Close.assertClose("grad " + p.getKey(), p.getValue().grad(), io.get("grad." + p.getKey()), Close.F32);
            }
            Map<String, Tensor> state = m.stateDict();
            Close.assertClose("running_mean", state.get("1.running_mean"), io.get("after.1.running_mean"), Close.F32);
            Close.assertClose("running_var", state.get("1.running_var"), io.get("after.1.running_var"), Close.F32);
            assertArrayEquals(io.get("after.1.num_batches_tracked").toLongArray(),
                    state.get("1.num_batches_tracked").toLongArray());
            m.eval();
            Close.assertClose("y_eval", m.forward(io.get("x")), io.get("y_eval"), Close.F32);
        }
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float v : t.toFloatArray()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void loadingAMismatchedStateDictChangesNothingAndListsEveryProblem() throws Exception {
        try (Scope s = Scope.open(); Sequential m = model(new Generator(1))) {
            float[] before = m.stateDict().get("0.weight").toFloatArray();
            Map<String, Tensor> bad = new java.util.LinkedHashMap<>(SafeTensors.read(golden("nn_state"),
                    Device.cpu()).tensors());
            bad.remove("4.bias");
            bad.put("4.weight", Tensor.zeros(3, 99));
            bad.put("extra", Tensor.zeros(1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(bad));
            assertTrue(e.getMessage().contains("missing keys [4.bias]"), e.getMessage());
            assertTrue(e.getMessage().contains("unexpected keys [extra]"), e.getMessage());
            assertTrue(e.getMessage().contains("4.weight: checkpoint has [3, 99]"), e.getMessage());
            assertArrayEquals(before, m.stateDict().get("0.weight").toFloatArray());
        }
    }

    @Test
    void closingAModuleFreesItsParameters() {
        Sequential m = model(new Generator(1));
        Tensor w = m.stateDict().get("0.weight");
        assertTrue(w.isAlive());
        m.close();
        assertTrue(!w.isAlive());
    }
}
