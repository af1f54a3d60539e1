package io.triptych.bindings;

import java.util.List;

/**
 * The native libraries Triptych loads, with the file names and places each may be found under. The search
 * order itself lives in {@link NativeLoader}.
 */
public enum NativeLibrary {
    /** OpenBLAS from the org.bytedeco:openblas jar; its Fortran runtime is loaded first from the same folder. */
    OPENBLAS("openblas", List.of("libopenblas.so.0"), List.of("libquadmath.so.0", "libgfortran.so.5"),
            "org/bytedeco/openblas/linux-x86_64/", false, false, List.of(), List.of()),
    TRIPTYCH_CPU("triptych_cpu", List.of("libtriptych_cpu.so"), List.of(), NativeLoader.BUNDLE_DIR, true, false,
            List.of(), List.of(OPENBLAS)),
    /** The CUDA runtime the CUDA kernel library links against (shared, found at run time). */
    CUDART("cudart", List.of("libcudart.so.13", "libcudart.so.12", "libcudart.so"), List.of(), null, false, true,
            List.of("nvidia/cuda_runtime/lib", "nvidia/cu13/lib"), List.of()),
    TRIPTYCH_CUDA("triptych_cuda", List.of("libtriptych_cuda.so"), List.of(), NativeLoader.BUNDLE_DIR, true, false,
            List.of(), List.of(CUDART)),
    CUDNN("cudnn", List.of("libcudnn.so.9", "libcudnn.so"), List.of(), null, false, true,
            List.of("nvidia/cudnn/lib"), List.of()),
    CUBLAS("cublas", List.of("libcublas.so.13", "libcublas.so.12", "libcublas.so"),
            List.of("libcublasLt.so.13", "libcublasLt.so.12"), null, false, true,
            List.of("nvidia/cublas/lib", "nvidia/cu13/lib"), List.of());

    private final String id;
    private final List<String> fileNames;
    private final List<String> companions;
    private final String resourceDir;
    private final boolean inBuildTree;
    private final boolean cudaToolkit;
    private final List<String> sitePackagesDirs;
    private final List<NativeLibrary> dependencies;

    NativeLibrary(String id, List<String> fileNames, List<String> companions, String resourceDir, boolean inBuildTree,
                  boolean cudaToolkit, List<String> sitePackagesDirs, List<NativeLibrary> dependencies) {
        this.id = id;
        this.fileNames = fileNames;
        this.companions = companions;
        this.resourceDir = resourceDir;
        this.inBuildTree = inBuildTree;
        this.cudaToolkit = cudaToolkit;
        this.sitePackagesDirs = sitePackagesDirs;
        this.dependencies = dependencies;
    }

    /** Short name, used in the override property {@code triptych.library.<id>} and in messages. */
    public String id() {
        return id;
    }

    /** Candidate file names, preferred first. */
    public List<String> fileNames() {
        return fileNames;
    }

    /** Libraries loaded from the same folder before this one, when present there (optional ones are skipped). */
    List<String> companions() {
        return companions;
    }

    /** Classpath folder holding the library inside a jar, or null. */
    String resourceDir() {
        return resourceDir;
    }

    boolean inBuildTree() {
        return inBuildTree;
    }

    boolean cudaToolkit() {
        return cudaToolkit;
    }

    List<String> sitePackagesDirs() {
        return sitePackagesDirs;
    }

    /** Libraries that must be loaded before this one. */
    public List<NativeLibrary> dependencies() {
        return dependencies;
    }

    /** The system property that names an explicit file for this library. */
    public String property() {
        return "triptych.library." + id;
    }

    /** The environment variable that names an explicit file for this library. */
    public String environmentVariable() {
        return "TRIPTYCH_LIBRARY_" + id.toUpperCase(java.util.Locale.ROOT);
    }
}
