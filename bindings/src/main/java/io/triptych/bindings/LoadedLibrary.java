package io.triptych.bindings;

import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.util.List;

/**
 * A native library the loader opened: where it is, why that file was picked, and what was tried before it.
 *
 * @param library which library
 * @param path    the file opened
 * @param source  the search step that found it, e.g. "bundled in the jar" or "system property"
 * @param lookup  symbols of the opened library
 * @param tried   every candidate looked at, in order, with its outcome
 */
public record LoadedLibrary(NativeLibrary library, Path path, String source, SymbolLookup lookup, List<String> tried) {
}
