package io.triptych.bindings;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/** The few FFM helpers every binding class shares: symbol lookup, C strings, exception unwrapping. */
final class Downcalls {
    private Downcalls() {
    }

    /** The downcall handle for {@code name}, or null when the library does not export it. */
    static MethodHandle find(Linker linker, SymbolLookup lookup, Path library, String name, FunctionDescriptor fd) {
        return lookup.find(name).map(address -> linker.downcallHandle(address, fd)).orElse(null);
    }

    /** {@code handle} itself, or a NativeException saying the library lacks {@code name}. */
    static MethodHandle present(MethodHandle handle, Path library, String name) {
        if (handle == null) {
            throw NativeException.missingSymbol(name, library);
        }
        return handle;
    }

    /** A NUL-terminated C string the library owns, copied into a Java string ("" for NULL). */
    static String string(MemorySegment cString) {
        if (cString == null || cString.address() == 0) {
            return "";
        }
        return cString.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** invokeExact declares Throwable; the downcalls themselves throw only unchecked exceptions. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("unexpected checked exception from a downcall", t);
    }
}
