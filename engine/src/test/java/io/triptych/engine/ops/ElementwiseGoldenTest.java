package io.triptych.engine.ops;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Element-wise ops against golden/elementwise.safetensors (tools/golden/gen_elementwise.py). */
class ElementwiseGoldenTest {
    @TestFactory
    Stream<DynamicNode> elementwise() {
        return GoldenRunner.of("elementwise")
                .op("add", (c, in) -> F.add(in.get("a"), in.get("b")))
                .op("sub", (c, in) -> F.sub(in.get("a"), in.get("b")))
                .op("mul", (c, in) -> F.mul(in.get("a"), in.get("b")))
                .op("div", (c, in) -> F.div(in.get("a"), in.get("b")))
                .op("maximum", (c, in) -> F.maximum(in.get("a"), in.get("b")))
                .op("minimum", (c, in) -> F.minimum(in.get("a"), in.get("b")))
                .op("pow_tensor", (c, in) -> F.pow(in.get("a"), in.get("b")))
                .op("pow", (c, in) -> F.pow(in.get("x"), (float) c.doubleParam("exponent")))
                .op("neg", (c, in) -> F.neg(in.get("x")))
                .op("exp", (c, in) -> F.exp(in.get("x")))
                .op("log", (c, in) -> F.log(in.get("x")))
                .op("sqrt", (c, in) -> F.sqrt(in.get("x")))
                .op("abs", (c, in) -> F.abs(in.get("x")))
                .op("square", (c, in) -> F.square(in.get("x")))
                // "min"/"max": null is an unbounded side, which F.clamp takes as an infinity.
                .op("clamp", (c, in) -> F.clamp(in.get("x"),
                        c.has("min") ? (float) c.doubleParam("min") : Float.NEGATIVE_INFINITY,
                        c.has("max") ? (float) c.doubleParam("max") : Float.POSITIVE_INFINITY))
                .op("relu", (c, in) -> F.relu(in.get("x")))
                .op("leaky_relu", (c, in) -> F.leakyRelu(in.get("x"), (float) c.doubleParam("negative_slope")))
                .op("silu", (c, in) -> F.silu(in.get("x")))
                .op("gelu", (c, in) -> {
                    assertEquals("none", c.params().get("approximate"), "F.gelu is the exact (erf) form only");
                    return F.gelu(in.get("x"));
                })
                .op("tanh", (c, in) -> F.tanh(in.get("x")))
                .op("sigmoid", (c, in) -> F.sigmoid(in.get("x")))
                .op("softplus", (c, in) -> F.softplus(in.get("x"), (float) c.doubleParam("beta"),
                        (float) c.doubleParam("threshold")))
                .tests();
    }
}
