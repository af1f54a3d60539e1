package io.triptych.engine.cuda;

import io.triptych.engine.Backends;
import io.triptych.engine.DType;
import io.triptych.engine.Device;
import io.triptych.engine.EngineInfo;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.memory.AllocatorStats;
import io.triptych.engine.ops.F;
import io.triptych.engine.random.Generator;
import io.triptych.engine.testing.Close;
import io.triptych.engine.testing.RequiresCuda;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CUDA backend's memory on a real device: the pool's statistics, out-of-memory recovery, host copies. */
@RequiresCuda
class CudaMemoryTest {
    private static final Device GPU = Device.cuda(0);

    @Test
    void statisticsReturnToTheBaselineWhenAScopeCloses() {
        CudaBackend be = Backends.cuda(0);
        be.synchronize();
        AllocatorStats before = be.allocator().stats();
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(new Generator(1), GPU, 64, 64, 14, 14);
            Tensor w = Tensor.randn(new Generator(2), GPU, 128, 64, 4, 4);
            F.sum(F.conv2d(x, w, null, 2, 1)).item();
            assertTrue(be.allocator().stats().bytesInUse() > before.bytesInUse());
        }
        AllocatorStats after = be.allocator().stats();
        assertEquals(before.bytesInUse(), after.bytesInUse());
        assertEquals(before.blocksInUse(), after.blocksInUse());
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(new Generator(1), GPU, 64, 64, 14, 14);
            Tensor w = Tensor.randn(new Generator(2), GPU, 128, 64, 4, 4);
            F.sum(F.conv2d(x, w, null, 2, 1)).item();
        }
        assertEquals(after.nativeAllocations(), be.allocator().stats().nativeAllocations(),
                "the same work again is served from the cache");
    }

    @Test
    void outOfMemoryIsAClearErrorAndTheEngineStaysUsable() {
        CudaBackend be = Backends.cuda(0);
        try (Scope s = Scope.open()) {
            Tensor kept = Tensor.randn(new Generator(3), GPU, 1000);
            float[] before = kept.toFloatArray();
            CudaOutOfMemoryError e = assertThrows(CudaOutOfMemoryError.class,
                    () -> Tensor.empty(GPU, DType.F32, 1 << 20, 1 << 20));
            String m = e.getMessage();
            assertTrue(m.contains("cuda:0: out of device memory allocating " + (4L << 40) + " bytes"), m);
            assertTrue(m.contains("free of"), "the device's state is named: " + m);
            assertTrue(m.contains("live blocks"), "the pool's state is named: " + m);
            assertArrayEquals(before, kept.toFloatArray(), "live tensors are untouched");
            Tensor x = Tensor.randn(new Generator(4), GPU, 8, 3, 9, 9);
            Tensor w = Tensor.randn(new Generator(5), GPU, 4, 3, 3, 3);
            Tensor y = F.conv2d(x, w, null, 1, 1);
            Tensor yc = F.conv2d(x.to(Device.cpu()), w.to(Device.cpu()), null, 1, 1);
            Close.assertClose("conv after an out-of-memory error", y.to(Device.cpu()), yc, 3e-3);
        }
    }

    @Test
    void hostCopiesOfAnySizeRoundTrip() {
        Random r = new Random(6);
        for (int n : new int[] {0, 1, 3, 1 << 20, (1 << 20) + 1, 3 << 20, (5 << 20) + 7}) {
            float[] data = new float[n];
            for (int i = 0; i < n; i++) {
                data[i] = r.nextFloat();
            }
            try (Scope s = Scope.open()) {
                Tensor t = Tensor.of(GPU, data, n);
                Tensor u = Tensor.empty(GPU, DType.F32, n);
                F.copyInto(t, u);
                assertArrayEquals(data, u.toFloatArray(), "n=" + n);
                int[] ints = new int[n];
                for (int i = 0; i < n; i++) {
                    ints[i] = i * 31 - 7;
                }
                assertArrayEquals(ints, Tensor.ofInts(GPU, ints, n).toIntArray(), "ints n=" + n);
            }
        }
    }

    @Test
    void bestDeviceAndInfo() {
        assertEquals(GPU, Device.best());
        List<String> info = EngineInfo.lines();
        assertTrue(info.stream().anyMatch(l -> l.startsWith("CUDA: cuda:0: ")), String.join("\n", info));
        assertTrue(info.stream().anyMatch(l -> l.contains("caching allocator: ")), String.join("\n", info));
    }
}
