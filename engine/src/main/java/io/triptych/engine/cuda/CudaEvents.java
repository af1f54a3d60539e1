package io.triptych.engine.cuda;

import io.triptych.bindings.cuda_runtime_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A pair of CUDA events on a backend's stream, for timing device work: the time from an event recorded before the
 * body's work to one recorded after it, read once the second has passed. Confined to one thread at a time.
 */
public final class CudaEvents implements ConvPlanCache.Timer, AutoCloseable {
    private final cuda_runtime_h rt;
    private final MemorySegment stream;
    private final MemorySegment start;
    private final MemorySegment stop;
    private boolean closed;

    /** Events on {@code stream}, which runs on {@code device}: events belong to the device current at creation. */
    CudaEvents(cuda_runtime_h rt, MemorySegment stream, CurrentDevice device) {
        this.rt = rt;
        this.stream = stream;
        device.use();
        this.start = create(rt);
        try {
            this.stop = create(rt);
        } catch (RuntimeException e) {
            rt.cudaEventDestroy(start);
            throw e;
        }
    }

    /** Events timing {@code backend}'s stream. */
    public static CudaEvents on(CudaBackend backend) {
        return new CudaEvents(backend.runtime(), backend.stream(), backend.currentDevice());
    }

    static MemorySegment create(cuda_runtime_h rt) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            rt.check(rt.cudaEventCreate(out), "cudaEventCreate");
            return out.get(ValueLayout.ADDRESS, 0);
        }
    }

    /** Milliseconds of device time the work {@code body} enqueues takes; waits for it. */
    @Override
    public double millis(Runnable body) {
        if (closed) {
            throw new IllegalStateException("CudaEvents: closed");
        }
        rt.check(rt.cudaEventRecord(start, stream), "cudaEventRecord");
        body.run();
        rt.check(rt.cudaEventRecord(stop, stream), "cudaEventRecord");
        rt.check(rt.cudaEventSynchronize(stop), "cudaEventSynchronize");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ms = arena.allocate(ValueLayout.JAVA_FLOAT);
            rt.check(rt.cudaEventElapsedTime(ms, start, stop), "cudaEventElapsedTime");
            return ms.get(ValueLayout.JAVA_FLOAT, 0);
        }
    }

    /** The median of {@code runs} timings of {@code body} after {@code warmup} untimed runs. */
    public double medianMillis(Runnable body, int warmup, int runs) {
        if (runs < 1 || warmup < 0) {
            throw new IllegalArgumentException("medianMillis: need runs >= 1 and warmup >= 0, got " + runs + ", "
                    + warmup);
        }
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            t[i] = millis(body);
        }
        Arrays.sort(t);
        return runs % 2 == 1 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        rt.check(rt.cudaEventDestroy(start), "cudaEventDestroy");
        rt.check(rt.cudaEventDestroy(stop), "cudaEventDestroy");
    }
}
