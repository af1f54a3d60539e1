package io.triptych.engine.ops;

import io.triptych.engine.testing.Golden;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** conv2d and conv_transpose2d (stride, padding, dilation, groups, output padding) against golden/conv.safetensors. */
class ConvGoldenTest {
    @TestFactory
    Stream<DynamicNode> conv() {
        return GoldenRunner.of("conv")
                .op("conv2d", (c, in) -> F.conv2d(in.get("x"), in.get("weight"),
                        c.boolParam("bias") ? in.get("bias") : null, options(c)))
                .op("conv_transpose2d", (c, in) -> F.convTranspose2d(in.get("x"), in.get("weight"),
                        c.boolParam("bias") ? in.get("bias") : null, options(c)))
                .tests();
    }

    private static Conv2dOptions options(Golden.Case c) {
        int[] stride = c.intsParam("stride");
        int[] padding = c.intsParam("padding");
        int[] dilation = c.intsParam("dilation");
        int[] outputPadding = c.has("output_padding") ? c.intsParam("output_padding") : new int[2];
        return new Conv2dOptions(stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1],
                c.intParam("groups"), outputPadding[0], outputPadding[1]);
    }
}
