package io.triptych.engine.memory;

/**
 * A snapshot of a caching allocator's counters.
 *
 * @param nativeAllocations blocks obtained from the system (malloc / cudaMallocAsync) since creation
 * @param nativeFrees       blocks given back to the system (by {@link Allocator#trim()})
 * @param bytesReserved     bytes held from the system: in use plus cached
 * @param bytesInUse        bytes of blocks currently handed out
 * @param blocksInUse       blocks currently handed out
 * @param cacheHits         requests served from the cache without a system allocation
 * @param peakBytesInUse    the most bytes in use at any time
 */
public record AllocatorStats(long nativeAllocations, long nativeFrees, long bytesReserved, long bytesInUse,
                             long blocksInUse, long cacheHits, long peakBytesInUse) {
}
