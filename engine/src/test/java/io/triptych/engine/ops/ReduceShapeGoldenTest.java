package io.triptych.engine.ops;

import io.triptych.engine.Tensor;
import io.triptych.engine.testing.Golden;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Reductions, shape ops, softmax, upsampling and pooling against golden/reduce_shape.safetensors. */
class ReduceShapeGoldenTest {
    @TestFactory
    Stream<DynamicNode> reduceShape() {
        return GoldenRunner.of("reduce_shape")
                .op("sum", (c, in) -> reduce(c, in.get("x"), false))
                .op("mean", (c, in) -> reduce(c, in.get("x"), true))
                .op("reshape", (c, in) -> F.reshape(in.get("x"), c.intsParam("shape")))
                .op("permute", (c, in) -> F.permute(in.get("x"), c.intsParam("dims")))
                .op("transpose", (c, in) -> F.transpose(in.get("x"), c.intParam("dim0"), c.intParam("dim1")))
                .op("concat", (c, in) -> F.concat(c.intParam("dim"), in.numbered("x")))
                .op("narrow", (c, in) -> F.slice(in.get("x"), c.intParam("dim"), c.intParam("start"),
                        c.intParam("end")))
                .op("softmax", (c, in) -> F.softmax(in.get("x"), c.intParam("dim")))
                .op("log_softmax", (c, in) -> F.logSoftmax(in.get("x"), c.intParam("dim")))
                .op("upsample_nearest", (c, in) -> F.upsampleNearest(in.get("x"), c.intParam("scale_factor")))
                .op("avg_pool2d", (c, in) -> {
                    int[] kernel = c.intsParam("kernel_size");
                    assertArrayEquals(new int[] {kernel[0], kernel[0]}, kernel, "F.avgPool2d takes a square window");
                    assertArrayEquals(kernel, c.intsParam("stride"), "F.avgPool2d strides by its window");
                    assertArrayEquals(new int[2], c.intsParam("padding"), "F.avgPool2d does not pad");
                    return F.avgPool2d(in.get("x"), kernel[0]);
                })
                .tests();
    }

    /** sum or mean; "dims": null reduces every element to a scalar. */
    private static Tensor reduce(Golden.Case c, Tensor x, boolean mean) {
        if (!c.has("dims")) {
            assertFalse(c.boolParam("keepdim"), "a reduction over all elements gives a scalar");
            return mean ? F.mean(x) : F.sum(x);
        }
        int[] dims = c.intsParam("dims");
        boolean keepDim = c.boolParam("keepdim");
        return mean ? F.mean(x, dims, keepDim) : F.sum(x, dims, keepDim);
    }
}
