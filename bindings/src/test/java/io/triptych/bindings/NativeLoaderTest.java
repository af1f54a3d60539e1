package io.triptych.bindings;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeLoaderTest {
    @Test
    void cpuKernelLibraryLoadsWithMatchingAbi() {
        triptych_h k = NativeLoader.kernels(NativeLibrary.TRIPTYCH_CPU);
        assertEquals(triptych_h.TRI_ABI_VERSION, k.tri_abi_version());
        LoadedLibrary l = NativeLoader.load(NativeLibrary.TRIPTYCH_CPU);
        assertTrue(Files.isRegularFile(l.path()));
        assertFalse(l.source().isBlank());
        assertTrue(NativeLoader.report().stream().anyMatch(s -> s.startsWith("triptych_cpu: ")));
    }

    @Test
    void failedNativeCallNamesTheCallStatusAndNativeMessage() {
        triptych_h k = NativeLoader.kernels(NativeLibrary.TRIPTYCH_CPU);
        NativeException e = assertThrows(NativeException.class, () -> k.check(
                k.tri_context_create(7, 1, MemorySegment.NULL), "tri_context_create", "device", 7));
        assertEquals("tri_context_create", e.call());
        assertEquals("TRI_ERR_INVALID_ARGUMENT", e.statusName());
        assertTrue(e.getMessage().contains("out is NULL"), e.getMessage());
        assertTrue(e.getMessage().contains("device=7"), e.getMessage());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            NativeException e2 = assertThrows(NativeException.class, () -> k.check(k.tri_context_create(7, 1, out),
                    "tri_context_create"));
            assertEquals("TRI_ERR_NO_DEVICE", e2.statusName());
            assertTrue(e2.nativeMessage().contains("asked for 7"), e2.nativeMessage());
        }
    }

    @Test
    void explicitPathToAMissingFileFailsListingWhereItLooked() {
        String property = NativeLibrary.CUDNN.property();
        String old = System.getProperty(property);
        System.setProperty(property, "/nonexistent/libcudnn.so.9");
        try {
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> NativeLoader.load(NativeLibrary.CUDNN));
            assertTrue(e.getMessage().contains("/nonexistent/libcudnn.so.9"), e.getMessage());
            assertTrue(e.getMessage().contains("cudnn is unavailable"), e.getMessage());
            assertFalse(e.tried().isEmpty());
            assertFalse(NativeLoader.isAvailable(NativeLibrary.CUDNN));
        } finally {
            if (old == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, old);
            }
        }
    }

    @Test
    void aFileThatIsNotALibraryIsReportedAsUnopenable() throws Exception {
        Path bogus = Files.createTempFile("libcublas", ".so.13");
        Files.writeString(bogus, "not an ELF file");
        String property = NativeLibrary.CUBLAS.property();
        System.setProperty(property, bogus.toString());
        try {
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> NativeLoader.load(NativeLibrary.CUBLAS));
            assertTrue(e.getMessage().contains("could not be opened"), e.getMessage());
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void openBlasComesFromTheMavenJarAndAnswersQueries() {
        cblas_h blas = new cblas_h(NativeLoader.load(NativeLibrary.OPENBLAS));
        assertTrue(blas.openblas_get_config().contains("OpenBLAS"), blas.openblas_get_config());
        assertTrue(blas.openblas_get_num_threads() >= 1);
    }
}
