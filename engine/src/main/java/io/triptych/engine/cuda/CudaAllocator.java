package io.triptych.engine.cuda;

import io.triptych.engine.memory.Allocator;
import io.triptych.engine.memory.AllocatorStats;
import io.triptych.engine.memory.Block;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Device memory pooled by size class in front of a stream-ordered {@link DeviceMemory} ({@code cudaMallocAsync} on
 * the context's stream). Every kernel of a backend runs on its one stream, so a block released here may be handed
 * out again at once: the next user's work is ordered after the previous user's. Steady-state training and sampling
 * therefore make no device allocation at all.
 *
 * <p>Out of memory: the cache is given back to the device and the request retried once; if it still fails, a
 * {@link CudaOutOfMemoryError} names the request and the pool's state, and nothing else changes, so the engine
 * stays usable once the caller frees memory.
 *
 * <p>CUDA graphs: between {@link #beginCapture()} and {@link #endCapture} every block handed out or released
 * belongs to the graph's {@link GraphPool}, because the captured kernels keep reading and writing those addresses
 * on every replay. A pool's blocks are served only to its own capture and go back to the cache when the graph is
 * destroyed ({@link #closePool}). No device memory may be allocated during a capture (the call would be captured,
 * not run): a request the cache cannot serve is an IllegalStateException, which is why buffers and workspaces must
 * exist before capture (see {@link CudaGraph}).
 */
public final class CudaAllocator implements Allocator {
    /** Smallest class and granularity below 4 KiB; cudaMallocAsync itself aligns to 256 bytes. */
    static final long GRANULE = 512;

    private final String device;
    private final DeviceMemory memory;
    private final Map<Long, ArrayDeque<Long>> cache = new HashMap<>();
    private GraphPool capturing;
    private Thread captureThread;
    private int openPools;

    private long nativeAllocations;
    private long nativeFrees;
    private long bytesReserved;
    private long bytesCached;
    private long bytesInUse;
    private long blocksInUse;
    private long cacheHits;
    private long peakBytesInUse;

    /** The allocator's bookkeeping of one handed-out block: its address and the graph pool owning it, if any. */
    record DeviceBlock(long address, GraphPool pool) {
    }

    /** The blocks a captured CUDA graph touches; they stay reserved for its replays until it is destroyed. */
    static final class GraphPool {
        private final Map<Long, ArrayDeque<Long>> free = new HashMap<>();
        private long bytesOwned;
        private boolean open = true;

        /** Bytes of device memory this pool keeps for its graph, free or handed out. */
        long bytesOwned() {
            return bytesOwned;
        }
    }

    public CudaAllocator(String device, DeviceMemory memory) {
        this.device = device;
        this.memory = memory;
    }

    /**
     * The size class serving a request: multiples of 512 bytes up to 4 KiB, then eight classes per power of two
     * (at most 12.5% wasted; device memory is scarcer than host memory, so the classes are finer than the CPU's).
     */
    static long sizeClass(long bytes) {
        if (bytes <= 4096) {
            return Math.max(GRANULE, roundUp(bytes, GRANULE));
        }
        long step = Long.highestOneBit(bytes - 1) / 8;
        return roundUp(bytes, step);
    }

    private static long roundUp(long bytes, long step) {
        return (bytes + step - 1) / step * step;
    }

    @Override
    @SuppressWarnings("restricted") // the segment only carries the device address to kernels; Java never reads it
    public synchronized Block allocate(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException(device + ": negative allocation: " + bytes + " bytes");
        }
        long cls = sizeClass(Math.max(bytes, 1));
        GraphPool pool = capturing;
        long address;
        if (pool != null) {
            if (Thread.currentThread() != captureThread) {
                throw new IllegalStateException(device + ": allocation of " + bytes + " bytes on thread '"
                        + Thread.currentThread().getName() + "' while thread '" + captureThread.getName()
                        + "' captures a CUDA graph on this device; the capture needs the device to itself");
            }
            address = take(pool.free, cls);
            if (address == 0) {
                address = take(cache, cls);
                if (address == 0) {
                    throw new IllegalStateException(device + ": allocation of " + bytes + " bytes (size class " + cls
                            + ") during CUDA graph capture, and no cached block of that class is free; device "
                            + "memory cannot be allocated while capturing (the allocation would be captured, not "
                            + "run). Allocate buffers and workspaces before capture: CudaGraph.capture runs the body "
                            + "once for that before it captures it");
                }
                bytesCached -= cls;
                pool.bytesOwned += cls;
            }
            cacheHits++;
        } else {
            address = take(cache, cls);
            if (address != 0) {
                bytesCached -= cls;
                cacheHits++;
            } else {
                address = allocateFromDevice(bytes, cls);
            }
        }
        bytesInUse += cls;
        blocksInUse++;
        peakBytesInUse = Math.max(peakBytesInUse, bytesInUse);
        return new Block(MemorySegment.ofAddress(address).reinterpret(bytes), cls, new DeviceBlock(address, pool));
    }

    private long allocateFromDevice(long bytes, long cls) {
        long address = memory.allocate(cls);
        if (address == 0 && bytesCached > 0) {
            // The cache may hold what the device lacks, in other size classes.
            trimLocked();
            address = memory.allocate(cls);
        }
        if (address == 0) {
            throw new CudaOutOfMemoryError(device + ": out of device memory allocating " + bytes + " bytes (size class "
                    + cls + "). This allocator holds " + bytesReserved + " bytes: " + bytesInUse + " in " + blocksInUse
                    + " live blocks, " + bytesInGraphPools() + " kept free for CUDA graph replays; its cache was returned to "
                    + "the device before the retry. Device: " + memory.describe() + ". Free tensors (close their "
                    + "scopes) or use a smaller batch; the engine stays usable.", bytes, stats());
        }
        nativeAllocations++;
        bytesReserved += cls;
        return address;
    }

    @Override
    public synchronized void release(Block block) {
        DeviceBlock b = (DeviceBlock) block.handle();
        long cls = block.capacity();
        bytesInUse -= cls;
        blocksInUse--;
        GraphPool pool = capturing != null ? capturing : b.pool();
        if (pool != null && pool.open) {
            if (b.pool() != pool) {
                // Released during a capture that may have read or written it: the graph keeps it from now on.
                pool.bytesOwned += cls;
            }
            pool.free.computeIfAbsent(cls, k -> new ArrayDeque<>()).addFirst(b.address());
        } else {
            cache.computeIfAbsent(cls, k -> new ArrayDeque<>()).addFirst(b.address());
            bytesCached += cls;
        }
    }

    private static long take(Map<Long, ArrayDeque<Long>> lists, long cls) {
        ArrayDeque<Long> list = lists.get(cls);
        Long address = list == null ? null : list.pollFirst();
        return address == null ? 0 : address;
    }

    /**
     * Serves every allocation and release of the calling thread from a new graph pool until {@link #endCapture}.
     * Allocations from other threads fail meanwhile.
     */
    synchronized GraphPool beginCapture() {
        if (capturing != null) {
            throw new IllegalStateException(device + ": thread '" + captureThread.getName()
                    + "' is already capturing a CUDA graph on this device");
        }
        capturing = new GraphPool();
        captureThread = Thread.currentThread();
        openPools++;
        return capturing;
    }

    /** Ends the capture {@code pool} belongs to; the pool keeps its blocks until {@link #closePool}. */
    synchronized void endCapture(GraphPool pool) {
        if (capturing != pool) {
            throw new IllegalStateException(device + ": endCapture of a pool that is not capturing");
        }
        capturing = null;
        captureThread = null;
    }

    /** The graph of {@code pool} is destroyed: its free blocks return to the cache, its live ones when released. */
    synchronized void closePool(GraphPool pool) {
        if (!pool.open) {
            return;
        }
        if (capturing == pool) {
            endCapture(pool);
        }
        pool.open = false;
        openPools--;
        for (Map.Entry<Long, ArrayDeque<Long>> e : pool.free.entrySet()) {
            for (Long address : e.getValue()) {
                cache.computeIfAbsent(e.getKey(), k -> new ArrayDeque<>()).addFirst(address);
                bytesCached += e.getKey();
            }
        }
        pool.free.clear();
        pool.bytesOwned = 0;
    }

    /** Whether a CUDA graph is being captured on this allocator's device. */
    synchronized boolean isCapturing() {
        return capturing != null;
    }

    @Override
    public synchronized AllocatorStats stats() {
        return new AllocatorStats(nativeAllocations, nativeFrees, bytesReserved, bytesInUse, blocksInUse, cacheHits,
                peakBytesInUse);
    }

    /** Bytes held in the cache, free for any request of their class. */
    public synchronized long bytesCached() {
        return bytesCached;
    }

    /** Bytes neither in use nor cached: the free blocks kept by CUDA graphs for their replays. */
    public synchronized long bytesInGraphPools() {
        return bytesReserved - bytesInUse - bytesCached;
    }

    /** One line for {@code triptych info} and out-of-memory messages. */
    public synchronized String describe() {
        return String.format(Locale.ROOT, "caching allocator: %s reserved (%s in use by %d blocks, %s cached, "
                + "%s kept by %d CUDA graph pool(s)), peak %s in use; %d device allocations, %d frees, %d cache hits",
                Bytes.str(bytesReserved), Bytes.str(bytesInUse), blocksInUse, Bytes.str(bytesCached),
                Bytes.str(bytesInGraphPools()), openPools, Bytes.str(peakBytesInUse), nativeAllocations, nativeFrees,
                cacheHits);
    }

    @Override
    public synchronized void trim() {
        trimLocked();
    }

    private void trimLocked() {
        for (Map.Entry<Long, ArrayDeque<Long>> e : cache.entrySet()) {
            for (Long address : e.getValue()) {
                memory.free(address, e.getKey());
                nativeFrees++;
                bytesReserved -= e.getKey();
                bytesCached -= e.getKey();
            }
            e.getValue().clear();
        }
    }
}
