package io.triptych.engine;

import io.triptych.bindings.BackendUnavailableException;
import io.triptych.bindings.NativeException;
import io.triptych.engine.nn.BatchNorm2d;
import io.triptych.engine.nn.Conv2d;
import io.triptych.engine.nn.GroupNorm;
import io.triptych.engine.nn.Linear;
import io.triptych.engine.ops.Conv2dOptions;
import io.triptych.engine.ops.F;
import io.triptych.engine.optim.Adam;
import io.triptych.engine.optim.Sgd;
import io.triptych.engine.random.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every public entry point rejects bad input with an exception that names the problem, before any native call. */
class BadInputTest {
    private static void rejects(Class<? extends Throwable> type, Executable call, String... words) {
        try (Scope s = Scope.open()) {
            Throwable e = assertThrows(type, call);
            for (String w : words) {
                assertTrue(e.getMessage().contains(w), "message should contain '" + w + "': " + e.getMessage());
            }
        }
    }

    /** A CPU tensor that claims to live on a GPU, to exercise the device checks on a machine without one. */
    private static final class ElsewhereTensor extends Tensor {
        ElsewhereTensor(Tensor t) {
            super(t);
        }

        @Override
        public Device device() {
            return Device.cuda(0);
        }
    }

    @Test
    void shapeMismatchesNameBothShapes() {
        rejects(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)), "add", "[2, 3]", "[4]");
        rejects(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)), "matmul",
                "[2, 3]", "[4, 5]");
        rejects(IllegalArgumentException.class, () -> F.linear(Tensor.zeros(2, 3), Tensor.zeros(4, 5), null),
                "linear", "[2, 3]", "[4, 5]");
        rejects(IllegalArgumentException.class, () -> F.mseLoss(Tensor.zeros(2, 3), Tensor.zeros(3, 2)), "mse_loss",
                "[2, 3]", "[3, 2]");
        rejects(IllegalArgumentException.class, () -> F.conv2d(Tensor.zeros(1, 3, 8, 8), Tensor.zeros(4, 2, 3, 3),
                null, 1, 1), "conv2d", "[4, 2, 3, 3]", "[1, 3, 8, 8]");
        rejects(IllegalArgumentException.class, () -> F.conv2d(Tensor.zeros(1, 3, 2, 2), Tensor.zeros(4, 3, 5, 5),
                null, 1, 0), "too small");
        rejects(IllegalArgumentException.class, () -> F.conv2d(Tensor.zeros(3, 8, 8), Tensor.zeros(4, 3, 3, 3),
                null, 1, 1), "rank 4", "[3, 8, 8]");
        rejects(IllegalArgumentException.class, () -> F.convTranspose2d(Tensor.zeros(1, 3, 4, 4),
                Tensor.zeros(5, 2, 4, 4), null, 2, 1), "conv_transpose2d", "[5, 2, 4, 4]", "[1, 3, 4, 4]");
        rejects(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(4, 2), "[2, 3]", "[4, 2]");
        rejects(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).slice(1, 2, 5), "slice", "[2, 3]");
        rejects(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).permute(0, 0), "permute");
        rejects(IllegalArgumentException.class, () -> F.concat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 4)), "concat",
                "[2, 3]", "[2, 4]");
        rejects(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).sum(new int[] {2}, false), "dim 2",
                "[2, 3]");
        rejects(IllegalArgumentException.class, () -> F.groupNorm(Tensor.zeros(2, 6, 3), 4, null, null, 1e-5f),
                "divisible by groups=4");
        rejects(IllegalArgumentException.class, () -> F.batchNorm(Tensor.zeros(2, 3), null, null, null, null, false,
                0.1f, 1e-5f), "running statistics");
        rejects(IllegalArgumentException.class, () -> F.batchNorm(Tensor.zeros(1, 3), null, null, null, null, true,
                0.1f, 1e-5f), "more than 1 value per channel");
        rejects(IllegalArgumentException.class, () -> Tensor.of(new float[3], 2, 2), "3 elements", "[2, 2]");
    }

    @Test
    void wrongDtypesAreNamed() {
        rejects(IllegalArgumentException.class, () -> Tensor.ofInts(new int[] {1, 2}, 2).add(Tensor.zeros(2)),
                "add", "must be F32 but is I32");
        rejects(IllegalArgumentException.class, () -> F.crossEntropy(Tensor.zeros(2, 3), Tensor.zeros(2)),
                "labels must be I32 but is F32");
        rejects(IllegalArgumentException.class, () -> F.embedding(Tensor.zeros(4, 2), Tensor.zeros(3)),
                "indices must be I32");
        rejects(IllegalArgumentException.class, () -> Tensor.ofInts(new int[] {1}, 1).toFloatArray(), "I32");
    }

    @Test
    void tensorsOnTwoDevicesAreRejectedNeverCopied() {
        rejects(IllegalArgumentException.class, () -> Tensor.zeros(2).add(new ElsewhereTensor(Tensor.zeros(2))),
                "add", "different devices", "cpu", "cuda:0");
        rejects(IllegalArgumentException.class, () -> F.conv2d(Tensor.zeros(1, 1, 4, 4),
                new ElsewhereTensor(Tensor.zeros(1, 1, 3, 3)), null, 1, 1), "conv2d", "different devices");
    }

    @Test
    void aDeviceThatCannotBeUsedSaysWhy() {
        rejects(BackendUnavailableException.class, () -> Tensor.zeros(Device.cuda(0), 2), "cuda:0 is unavailable");
        rejects(IllegalArgumentException.class, () -> Device.parse("gpu7"), "expected cpu, cuda or cuda:N");
    }

    @Test
    void outOfRangeIndicesAreReportedByTheKernelWithTheirPosition() {
        rejects(NativeException.class, () -> F.embedding(Tensor.zeros(4, 2), Tensor.ofInts(new int[] {0, 9}, 2)),
                "tri_embedding_f32", "9");
        rejects(NativeException.class, () -> F.crossEntropy(Tensor.zeros(2, 3), Tensor.ofInts(new int[] {1, 3}, 2)),
                "tri_nll_f32", "3");
    }

    @Test
    void badHyperparametersAndLayerSizesAreRejected() {
        Generator gen = new Generator(0);
        rejects(IllegalArgumentException.class, () -> new Linear(0, 3, gen), "Linear");
        rejects(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3, Conv2dOptions.of(1, 1).withGroups(2), true,
                Device.cpu(), gen), "divisible by groups=2");
        rejects(IllegalArgumentException.class, () -> new GroupNorm(4, 6, Device.cpu()), "GroupNorm");
        rejects(IllegalArgumentException.class, () -> new BatchNorm2d(0, Device.cpu()), "BatchNorm2d");
        rejects(IllegalArgumentException.class, () -> Conv2dOptions.of(0, 1), "stride");
        rejects(IllegalArgumentException.class, () -> F.dropout(Tensor.zeros(2), 1f, true, gen), "dropout");
        rejects(IllegalArgumentException.class, () -> gen.normal(Device.cpu(), 0f, -1f, 2), "std");
        try (Scope s = Scope.open()) {
            Tensor p = Tensor.zeros(3).requiresGrad(true);
            rejects(IllegalArgumentException.class, () -> new Adam(List.of(p), 1e-3f, 1.5f, 0.9f, 1e-8f, 0f, false),
                    "betas");
            rejects(IllegalArgumentException.class, () -> new Sgd(List.of(p), -1f), "lr");
            rejects(IllegalArgumentException.class, () -> new Sgd(List.of(Tensor.zeros(2)), 0.1f),
                    "does not require grad");
            rejects(IllegalArgumentException.class, () -> new Sgd(List.of(p), 0.1f, 0f, 0f, 0f, true), "Nesterov");
        }
    }
}
