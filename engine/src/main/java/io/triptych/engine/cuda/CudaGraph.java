package io.triptych.engine.cuda;

import io.triptych.bindings.cuda_runtime_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Work on a CUDA backend's stream captured once and replayed as one graph launch, e.g. a whole sampling loop.
 *
 * <p>{@link #capture} runs the body once normally first, so that every buffer, workspace, convolution plan and
 * library handle the body needs exists; then it captures the body (its kernels are recorded, not run). During the
 * capture, no device memory may be allocated (the allocator serves only cached blocks, and fails otherwise),
 * nothing may be copied to or from the host and nothing may synchronise: those are IllegalStateExceptions, and the
 * capture is abandoned cleanly. Every block the body touches stays reserved for the graph until {@link #close}, so
 * replays never clobber other tensors.
 *
 * <p>A replay repeats exactly what was captured: the same addresses and the same kernel arguments, including the
 * Philox seeds and offsets of random draws. Feed new inputs by writing into tensors made before capture (e.g.
 * {@code F.copyInto}) and read results from tensors the body writes, after {@link CudaBackend#synchronize()}. The
 * backend must not be used by other threads during a capture: their work would be captured too.
 */
public final class CudaGraph implements AutoCloseable {
    private final CudaBackend backend;
    private final CudaAllocator.GraphPool pool;
    private final MemorySegment graph;
    private final MemorySegment exec;
    private boolean closed;

    private CudaGraph(CudaBackend backend, CudaAllocator.GraphPool pool, MemorySegment graph, MemorySegment exec) {
        this.backend = backend;
        this.pool = pool;
        this.graph = graph;
        this.exec = exec;
    }

    /** Runs {@code body} once, then captures it into a graph ready to {@link #replay()}. */
    public static CudaGraph capture(CudaBackend backend, Runnable body) {
        body.run();
        backend.synchronize();
        cuda_runtime_h rt = backend.runtime();
        MemorySegment stream = backend.stream();
        CudaAllocator allocator = backend.allocator();
        CudaAllocator.GraphPool pool = allocator.beginCapture();
        MemorySegment graph = MemorySegment.NULL;
        try (Arena arena = Arena.ofConfined()) {
            rt.check(rt.cudaStreamBeginCapture(stream, cuda_runtime_h.cudaStreamCaptureModeThreadLocal),
                    "cudaStreamBeginCapture", "device", backend.device());
            Throwable failure = null;
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            // The capture must end whatever happened, or the stream stays unusable.
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            int ended = rt.cudaStreamEndCapture(stream, out);
            allocator.endCapture(pool);
            graph = ended == cuda_runtime_h.cudaSuccess ? out.get(ValueLayout.ADDRESS, 0) : MemorySegment.NULL;
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error err) {
                throw err;
            }
            rt.check(ended, "cudaStreamEndCapture", "device", backend.device());
            MemorySegment execOut = arena.allocate(ValueLayout.ADDRESS);
            rt.check(rt.cudaGraphInstantiate(execOut, graph, 0L), "cudaGraphInstantiate", "device", backend.device());
            return new CudaGraph(backend, pool, graph, execOut.get(ValueLayout.ADDRESS, 0));
        } catch (RuntimeException | Error e) {
            if (graph.address() != 0) {
                rt.cudaGraphDestroy(graph);
            }
            allocator.closePool(pool);
            throw e;
        }
    }

    /** Enqueues one replay on the backend's stream; returns at once. */
    public void replay() {
        if (closed) {
            throw new IllegalStateException("CudaGraph.replay: the graph was closed");
        }
        cuda_runtime_h rt = backend.runtime();
        rt.check(rt.cudaGraphLaunch(exec, backend.stream()), "cudaGraphLaunch", "device", backend.device());
    }

    /** Bytes of device memory reserved for this graph's replays, besides the tensors it writes that are still live. */
    public long reservedBytes() {
        return pool.bytesOwned();
    }

    /** Waits for replays in flight, destroys the graph and gives its memory back to the allocator's cache. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        backend.synchronize();
        cuda_runtime_h rt = backend.runtime();
        try {
            rt.check(rt.cudaGraphExecDestroy(exec), "cudaGraphExecDestroy");
            rt.check(rt.cudaGraphDestroy(graph), "cudaGraphDestroy");
        } finally {
            backend.allocator().closePool(pool);
        }
    }
}
