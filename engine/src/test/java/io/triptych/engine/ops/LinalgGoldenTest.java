package io.triptych.engine.ops;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/** matmul (2-D, batched, broadcast batch) and linear against golden/linalg.safetensors. */
class LinalgGoldenTest {
    @TestFactory
    Stream<DynamicNode> linalg() {
        return GoldenRunner.of("linalg")
                .op("matmul", (c, in) -> F.matmul(in.get("a"), in.get("b")))
                .op("linear", (c, in) -> F.linear(in.get("x"), in.get("weight"),
                        c.boolParam("bias") ? in.get("bias") : null))
                .tests();
    }
}
