package io.triptych.engine.ops;

import io.triptych.engine.Tensor;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** batch_norm2d (training and eval), group_norm and layer_norm against golden/norm.safetensors. */
class NormGoldenTest {
    @TestFactory
    Stream<DynamicNode> norm() {
        return GoldenRunner.of("norm")
                .multi("batch_norm2d", (c, in) -> {
                    boolean training = c.boolParam("training");
                    // Copies: training updates the running statistics in place, and they are outputs to compare.
                    Tensor runningMean = copy(in.get("running_mean"));
                    Tensor runningVar = copy(in.get("running_var"));
                    Tensor y = F.batchNorm(in.get("x"), runningMean, runningVar, in.optional("weight"),
                            in.optional("bias"), training, (float) c.doubleParam("momentum"),
                            (float) c.doubleParam("eps"));
                    Map<String, Tensor> out = new LinkedHashMap<>();
                    out.put("y", y);
                    if (training) {
                        out.put("running_mean", runningMean);
                        out.put("running_var", runningVar);
                    }
                    return out;
                })
                .op("group_norm", (c, in) -> F.groupNorm(in.get("x"), c.intParam("groups"), in.optional("weight"),
                        in.optional("bias"), (float) c.doubleParam("eps")))
                .op("layer_norm", (c, in) -> {
                    Tensor x = in.get("x");
                    assertArrayEquals(new int[] {x.dim(-1)}, c.intsParam("normalized_shape"),
                            "F.layerNorm normalises over the last dim only");
                    return F.layerNorm(x, in.optional("weight"), in.optional("bias"), (float) c.doubleParam("eps"));
                })
                .tests();
    }

    private static Tensor copy(Tensor t) {
        return Tensor.of(t.toFloatArray(), t.shape());
    }
}
