package io.triptych.engine.ops;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Losses and embedding against golden/loss.safetensors. Integer inputs (labels, indices) have no gradient; the
 * engine does not differentiate bce_with_logits with respect to its target either, so that golden gradient is
 * skipped.
 */
class LossGoldenTest {
    @TestFactory
    Stream<DynamicNode> losses() {
        return GoldenRunner.of("loss")
                .op("mse", (c, in) -> {
                    assertEquals("mean", c.params().get("reduction"), "F.mseLoss is the mean");
                    return F.mseLoss(in.get("input"), in.get("target"));
                })
                .op("bce_with_logits", Set.of("target"), (c, in) -> {
                    assertEquals("mean", c.params().get("reduction"), "F.bceWithLogits is the mean");
                    return F.bceWithLogits(in.get("input"), in.get("target"));
                })
                .op("cross_entropy", (c, in) -> {
                    assertEquals("mean", c.params().get("reduction"), "F.crossEntropy is the mean");
                    return F.crossEntropy(in.get("logits"), in.get("labels"));
                })
                .op("gaussian_kl", (c, in) -> {
                    assertEquals("batchmean", c.params().get("reduction"), "F.gaussianKl divides by the batch");
                    return F.gaussianKl(in.get("mu"), in.get("logvar"));
                })
                .op("embedding", (c, in) -> F.embedding(in.get("weight"), in.get("indices")))
                .tests();
    }
}
