package io.triptych.engine.optim;

import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.testing.Close;
import io.triptych.engine.testing.Golden;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SGD, Adam, AdamW and EMA trajectories against golden/optim.safetensors: the parameter after every step must match
 * torch.optim's, given the same gradient sequence.
 */
class OptimGoldenTest {
    /**
     * Adam moves a parameter by about lr = 1e-3 a step, so an error in the update (bias correction, weight decay)
     * can hide under Close.F32 relative to |param| ~ 2. Its trajectory is also held to an absolute bound: torch's own
     * float32 trajectory is within 5e-7 of a float64 replay, and a wrong weight decay moves it by ~1e-5 a step.
     */
    private static final double ADAM_ABSOLUTE = 2e-6;

    @TestFactory
    Stream<DynamicNode> optimizers() {
        List<DynamicNode> nodes = new ArrayList<>();
        try (Scope s = Scope.open()) {
            Golden golden = Golden.load("optim");
            for (String op : List.of("sgd", "adam", "adamw", "ema")) {
                List<DynamicTest> tests = golden.cases(op).stream().map(c -> {
                    Map<String, Object> params = new LinkedHashMap<>(c.params());
                    params.remove("op");
                    return DynamicTest.dynamicTest(op + " " + c.name() + " " + params,
                            () -> run(c.name()));
                }).toList();
                nodes.add(DynamicContainer.dynamicContainer(op, tests));
            }
        }
        return nodes.stream();
    }

    private static void run(String caseName) {
        try (Scope s = Scope.open()) {
            Golden.Case c = Golden.load("optim").cases().stream().filter(k -> k.name().equals(caseName)).findFirst()
                    .orElseThrow();
            if (c.op().equals("ema")) {
                runEma(c);
            } else {
                runOptimizer(c);
            }
        }
    }

    private static Optimizer optimizer(Golden.Case c, Tensor param) {
        float lr = (float) c.doubleParam("lr");
        float weightDecay = (float) c.doubleParam("weight_decay");
        if (c.op().equals("sgd")) {
            return new Sgd(List.of(param), lr, (float) c.doubleParam("momentum"), (float) c.doubleParam("dampening"),
                    weightDecay, c.boolParam("nesterov"));
        }
        assertFalse(c.boolParam("amsgrad"), "Adam has no AMSGrad variant");
        double[] betas = ((List<?>) c.params().get("betas")).stream().mapToDouble(b -> ((Number) b).doubleValue())
                .toArray();
        return new Adam(List.of(param), lr, (float) betas[0], (float) betas[1], (float) c.doubleParam("eps"),
                weightDecay, c.op().equals("adamw"));
    }

    private static void runOptimizer(Golden.Case c) {
        String what = c.op() + " " + c.name();
        Tensor param0 = c.in("param0");
        Tensor param = Tensor.of(param0.toFloatArray(), param0.shape()).requiresGrad(true);
        boolean adam = !c.op().equals("sgd");
        try (Optimizer opt = optimizer(c, param)) {
            for (int k = 0; k < c.intParam("steps"); k++) {
                opt.zeroGrad();
                // d(sum(param * g_k))/d(param) is exactly g_k, so the optimizer sees the stored gradient unchanged.
                param.mul(c.in("grad" + k)).backward(Tensor.onesLike(param));
                opt.step();
                Tensor expected = c.out("param" + (k + 1));
                Close.assertClose(what + " param" + (k + 1), param, expected, Close.F32);
                if (adam) {
                    assertWithin(what + " param" + (k + 1), param.toFloatArray(), expected.toFloatArray(),
                            ADAM_ABSOLUTE);
                }
            }
        }
    }

    /** ema_k = decay * ema_{k-1} + (1 - decay) * param_k, the EMA starting from ema0. */
    private static void runEma(Golden.Case c) {
        String what = "ema " + c.name();
        Tensor ema0 = c.in("ema0");
        Tensor param = Tensor.of(ema0.toFloatArray(), ema0.shape());
        try (Ema ema = new Ema(List.of(param), (float) c.doubleParam("decay"))) {
            for (int k = 1; k <= c.intParam("steps"); k++) {
                param.copyFrom(c.in("param" + k).toFloatArray());
                ema.update();
                Close.assertClose(what + " ema" + k, ema.average(0), c.out("ema" + k), Close.F32);
            }
        }
    }

    private static void assertWithin(String what, float[] actual, float[] expected, double bound) {
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) actual[i] - expected[i]);
            if (!(d <= bound)) {
                fail(what + ": |" + actual[i] + " - " + expected[i] + "| = " + d + " > " + bound + " at " + i);
            }
        }
    }
}
