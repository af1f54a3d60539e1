package io.triptych.bindings;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Thread-pool settings that libgomp and OpenBLAS read once, when they are loaded, so they are put into the
 * process environment (libc setenv) before NativeLoader opens those libraries. By default both pools spin for a long
 * time after each parallel region (libgomp about a millisecond, OpenBLAS 2^28 cycles, a tenth of a second); on a
 * machine with few cores shared with other work, the spinning threads take the cores the next kernel needs and a
 * training step can run ten times slower. A value the user already set is never changed.
 */
public final class NativeEnvironment {
    /** Name and value of each default, applied only when the variable is unset. */
    static final List<String[]> DEFAULTS = List.of(
            new String[] {"GOMP_SPINCOUNT", "10000"},
            new String[] {"OPENBLAS_THREAD_TIMEOUT", "16"});

    private static final List<String> APPLIED = new ArrayList<>();
    private static boolean done;

    private NativeEnvironment() {
    }

    /** Sets the defaults not already in the environment; idempotent. */
    static synchronized void apply() {
        if (done) {
            return;
        }
        done = true;
        Linker linker = Linker.nativeLinker();
        MethodHandle setenv = linker.defaultLookup().find("setenv").map(a -> linker.downcallHandle(a,
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT))).orElse(null);
        if (setenv == null) {
            return;
        }
        for (String[] kv : DEFAULTS) {
            if (System.getenv(kv[0]) != null || (kv[0].equals("GOMP_SPINCOUNT") && System.getenv("OMP_WAIT_POLICY")
                    != null)) {
                continue;
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment name = arena.allocateFrom(kv[0]);
                MemorySegment value = arena.allocateFrom(kv[1]);
                if ((int) setenv.invokeExact(name, value, 0) == 0) {
                    APPLIED.add(kv[0] + "=" + kv[1]);
                }
            } catch (Throwable t) {
                throw Downcalls.rethrow(t);
            }
        }
    }

    /** The variables this process set, e.g. "GOMP_SPINCOUNT=10000", for {@code triptych info}. */
    public static synchronized List<String> applied() {
        return List.copyOf(APPLIED);
    }
}
