package io.triptych.engine.random;

import io.triptych.bindings.triptych_h;
import io.triptych.engine.Backend;
import io.triptych.engine.DType;
import io.triptych.engine.Device;
import io.triptych.engine.Tensor;

/**
 * A counter-based random stream: Philox4x32-10 keyed by {@code seed}, advanced by a block offset. Each draw of n
 * numbers takes the next ceil(n/4) blocks, so the numbers depend only on (seed, offset, n) — identical on every
 * backend, and replayable by {@link #offset(long)}. Not thread-safe across concurrent draws unless synchronised by
 * the caller; {@link #reserve} itself is atomic.
 */
public final class Generator {
    private final long seed;
    private long offset;

    public Generator(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** The next block offset a draw will use. */
    public synchronized long offset() {
        return offset;
    }

    /** Moves the stream to block {@code offset} (to replay or skip draws). */
    public synchronized void offset(long blocks) {
        if (blocks < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + blocks);
        }
        this.offset = blocks;
    }

    /** Reserves the blocks for a draw of {@code n} numbers and returns the first block's offset. */
    public synchronized long reserve(long n) {
        long start = offset;
        offset = Math.addExact(offset, (n + 3) / 4);
        return start;
    }

    /** Normal(mean, std) samples on {@code device}. */
    public Tensor normal(Device device, float mean, float std, int... shape) {
        if (!(std >= 0f)) {
            throw new IllegalArgumentException("normal: std must be >= 0, got " + std);
        }
        Tensor t = Tensor.empty(device, DType.F32, shape);
        Backend be = t.backend();
        triptych_h k = be.kernels();
        long start = reserve(t.numel());
        k.check(k.tri_philox_normal_f32(be.context(), seed, start, t.numel(), mean, std, t.data()),
                "tri_philox_normal_f32", "seed", seed, "offset", start, "n", t.numel());
        return t;
    }

    /** Uniform samples in [low, high) on {@code device}. */
    public Tensor uniform(Device device, float low, float high, int... shape) {
        if (!(low <= high)) {
            throw new IllegalArgumentException("uniform: need low <= high, got [" + low + ", " + high + ")");
        }
        Tensor t = Tensor.empty(device, DType.F32, shape);
        Backend be = t.backend();
        triptych_h k = be.kernels();
        long start = reserve(t.numel());
        k.check(k.tri_philox_uniform_f32(be.context(), seed, start, t.numel(), low, high, t.data()),
                "tri_philox_uniform_f32", "seed", seed, "offset", start, "n", t.numel());
        return t;
    }
}
