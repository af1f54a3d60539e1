package io.triptych.bindings;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds and opens Triptych's native libraries and the vendor libraries it binds. For each library it tries,
 * in order: an explicit file (system property {@code triptych.library.<id>} or environment variable
 * {@code TRIPTYCH_LIBRARY_<ID>}); the copy bundled on the classpath (a jar's {@code META-INF/native/linux-x86_64/},
 * extracted to a cache folder, or a build output folder); the source tree's build output; the system's library
 * folders; CUDA_HOME; and, for the CUDA libraries, the {@code nvidia/*}{@code /lib} folders of Python
 * site-packages. The first file that opens wins; what was tried and why the winner was picked is kept for
 * {@code triptych info}. A library that cannot be found raises {@link BackendUnavailableException} listing
 * every place searched.
 */
public final class NativeLoader {
    /** Where the kernel libraries are bundled inside the native jar. */
    public static final String BUNDLE_DIR = "META-INF/native/linux-x86_64/";

    private static final Map<NativeLibrary, LoadedLibrary> LOADED = new EnumMap<>(NativeLibrary.class);
    private static final Map<NativeLibrary, BackendUnavailableException> FAILED = new EnumMap<>(NativeLibrary.class);
    private static final Map<NativeLibrary, triptych_h> KERNELS = new EnumMap<>(NativeLibrary.class);

    private NativeLoader() {
    }

    /** Opens {@code library} (and its dependencies first), once per process. */
    public static synchronized LoadedLibrary load(NativeLibrary library) {
        LoadedLibrary done = LOADED.get(library);
        if (done != null) {
            return done;
        }
        BackendUnavailableException failed = FAILED.get(library);
        if (failed != null) {
            throw failed;
        }
        try {
            for (NativeLibrary dependency : library.dependencies()) {
                try {
                    load(dependency);
                } catch (BackendUnavailableException e) {
                    throw new BackendUnavailableException(library.id(),
                            "it needs " + dependency.id() + ", which is unavailable", e.tried(), e);
                }
            }
            if (library == NativeLibrary.OPENBLAS || library == NativeLibrary.TRIPTYCH_CPU) {
                NativeEnvironment.apply();
            }
            LoadedLibrary loaded = search(library);
            LOADED.put(library, loaded);
            return loaded;
        } catch (BackendUnavailableException e) {
            FAILED.put(library, e);
            throw e;
        }
    }

    /**
     * Opens a kernel library (TRIPTYCH_CPU or TRIPTYCH_CUDA) and binds triptych.h to it, after checking that the
     * library was built for the same TRI_ABI_VERSION as these bindings.
     */
    public static synchronized triptych_h kernels(NativeLibrary library) {
        if (library != NativeLibrary.TRIPTYCH_CPU && library != NativeLibrary.TRIPTYCH_CUDA) {
            throw new IllegalArgumentException(library.id() + " is not a Triptych kernel library");
        }
        triptych_h bound = KERNELS.get(library);
        if (bound != null) {
            return bound;
        }
        LoadedLibrary loaded = load(library);
        triptych_h h = new triptych_h(loaded.lookup(), loaded.path());
        int abi = h.tri_abi_version();
        if (abi != triptych_h.TRI_ABI_VERSION) {
            BackendUnavailableException e = new BackendUnavailableException(library.id(),
                    loaded.path() + " implements ABI version " + abi + " but these bindings need version "
                            + triptych_h.TRI_ABI_VERSION + "; rebuild the native module", loaded.tried());
            FAILED.put(library, e);
            LOADED.remove(library);
            throw e;
        }
        KERNELS.put(library, h);
        return h;
    }

    /** Whether {@code library} can be opened, without throwing. */
    public static boolean isAvailable(NativeLibrary library) {
        try {
            load(library);
            return true;
        } catch (BackendUnavailableException e) {
            return false;
        }
    }

    /** What happened to every library asked for so far: opened (with where and why) or failed (with why). */
    public static synchronized List<String> report() {
        List<String> lines = new ArrayList<>();
        for (NativeLibrary library : NativeLibrary.values()) {
            LoadedLibrary l = LOADED.get(library);
            if (l != null) {
                lines.add(library.id() + ": " + l.path() + " (" + l.source() + ")");
            } else if (FAILED.containsKey(library)) {
                lines.add(library.id() + ": unavailable - " + FAILED.get(library).getMessage().lines().findFirst()
                        .orElse(""));
            }
        }
        return lines;
    }

    private static LoadedLibrary search(NativeLibrary library) {
        List<String> tried = new ArrayList<>();
        Optional<String> explicit = explicitPath(library);
        if (explicit.isPresent()) {
            Path file = Path.of(explicit.get());
            String source = "explicit: " + library.property() + " / " + library.environmentVariable();
            LoadedLibrary l = tryOpen(library, file, source, tried);
            if (l == null) {
                throw new BackendUnavailableException(library.id(),
                        "the explicitly named file could not be opened", tried);
            }
            return l;
        }
        if (library.resourceDir() != null) {
            for (String name : library.fileNames()) {
                LoadedLibrary l = fromClasspath(library, name, tried);
                if (l != null) {
                    return l;
                }
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        if (library.inBuildTree()) {
            for (Path root : buildRoots()) {
                candidates.add(new Candidate(root.resolve("native/target/classes").resolve(BUNDLE_DIR),
                        "source tree build output"));
            }
        }
        for (Path dir : systemDirs()) {
            candidates.add(new Candidate(dir, "system library path"));
        }
        if (library.cudaToolkit()) {
            for (Path dir : cudaHomeDirs()) {
                candidates.add(new Candidate(dir, "CUDA toolkit"));
            }
        }
        for (String sub : library.sitePackagesDirs()) {
            for (Path site : sitePackages()) {
                candidates.add(new Candidate(site.resolve(sub), "Python site-packages"));
            }
        }
        Set<Path> seen = new LinkedHashSet<>();
        for (Candidate c : candidates) {
            for (String name : library.fileNames()) {
                Path file = c.dir().resolve(name).toAbsolutePath().normalize();
                if (!seen.add(file)) {
                    continue;
                }
                if (!Files.isRegularFile(file)) {
                    tried.add(file + " (" + c.source() + "): not found");
                    continue;
                }
                LoadedLibrary l = tryOpen(library, file, c.source(), tried);
                if (l != null) {
                    return l;
                }
            }
        }
        throw new BackendUnavailableException(library.id(), "no loadable " + String.join(" or ", library.fileNames())
                + " found; set " + library.property() + " or " + library.environmentVariable() + " to its path",
                tried);
    }

    private record Candidate(Path dir, String source) {
    }

    private static Optional<String> explicitPath(NativeLibrary library) {
        String p = System.getProperty(library.property());
        if (p == null || p.isBlank()) {
            p = System.getenv(library.environmentVariable());
        }
        return (p == null || p.isBlank()) ? Optional.empty() : Optional.of(p);
    }

    /** Opens companions found beside {@code file}, then the file; returns null (and notes why) on failure. */
    private static LoadedLibrary tryOpen(NativeLibrary library, Path file, String source, List<String> tried) {
        if (!Files.isRegularFile(file)) {
            tried.add(file + " (" + source + "): not found");
            return null;
        }
        try {
            for (String companion : library.companions()) {
                Path c = file.resolveSibling(companion);
                if (Files.isRegularFile(c)) {
                    SymbolLookup.libraryLookup(c, Arena.global());
                }
            }
            SymbolLookup lookup = SymbolLookup.libraryLookup(file, Arena.global());
            tried.add(file + " (" + source + "): opened");
            return new LoadedLibrary(library, file, source, lookup, List.copyOf(tried));
        } catch (IllegalArgumentException | IllegalCallerException e) {
            tried.add(file + " (" + source + "): could not be opened: " + e.getMessage());
            return null;
        }
    }

    private static LoadedLibrary fromClasspath(NativeLibrary library, String name, List<String> tried) {
        URL url = NativeLoader.class.getClassLoader().getResource(library.resourceDir() + name);
        if (url == null) {
            tried.add("classpath:" + library.resourceDir() + name + ": not found");
            return null;
        }
        if ("file".equals(url.getProtocol())) {
            try {
                return tryOpen(library, Path.of(url.toURI()), "bundled (classpath folder)", tried);
            } catch (URISyntaxException e) {
                tried.add(url + ": bad URL: " + e.getMessage());
                return null;
            }
        }
        try {
            Path dir = extract(library, name);
            return tryOpen(library, dir.resolve(name), "bundled in " + jarName(url) + ", extracted to " + dir, tried);
        } catch (IOException e) {
            tried.add(url + ": could not be extracted: " + e.getMessage());
            return null;
        }
    }

    private static String jarName(URL url) {
        String s = url.toString();
        int bang = s.indexOf("!/");
        String jar = bang > 0 ? s.substring(0, bang) : s;
        return jar.substring(jar.lastIndexOf('/') + 1);
    }

    /**
     * Copies the library and its companions out of the jar into a folder named by their contents' identity, so
     * that concurrent JVMs and different versions never overwrite each other's files. Each file is written to a
     * temporary name and moved into place atomically.
     */
    private static Path extract(NativeLibrary library, String name) throws IOException {
        ClassLoader cl = NativeLoader.class.getClassLoader();
        List<String> files = new ArrayList<>(library.companions());
        files.add(name);
        List<URL> urls = new ArrayList<>();
        StringBuilder identity = new StringBuilder();
        for (String f : files) {
            URL u = cl.getResource(library.resourceDir() + f);
            if (u == null) {
                continue;
            }
            URLConnection c = u.openConnection();
            identity.append(u).append('#').append(c.getContentLengthLong()).append('#').append(c.getLastModified())
                    .append('\n');
            urls.add(u);
        }
        Path dir = cacheDir().resolve(library.id() + "-" + shortHash(identity.toString()));
        Files.createDirectories(dir);
        for (URL u : urls) {
            String file = u.getPath().substring(u.getPath().lastIndexOf('/') + 1);
            Path target = dir.resolve(file);
            long expected = u.openConnection().getContentLengthLong();
            if (Files.isRegularFile(target) && Files.size(target) == expected) {
                continue;
            }
            Path tmp = Files.createTempFile(dir, file, ".part");
            try (InputStream in = u.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return dir;
    }

    /** The folder native libraries are extracted to: triptych.cache.dir, else ~/.cache/triptych, else tmp. */
    static Path cacheDir() {
        String configured = System.getProperty("triptych.cache.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured, "native");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        Path dir = base.resolve("triptych").resolve("native");
        try {
            Files.createDirectories(dir);
            if (Files.isWritable(dir)) {
                return dir;
            }
        } catch (IOException | SecurityException e) {
            // Falls through to the temporary folder: a read-only home is common in containers.
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "triptych-" + System.getProperty("user.name"), "native");
    }

    private static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The working directory, the folder holding these classes, and their parents: places a checkout may be. */
    private static List<Path> buildRoots() {
        Set<Path> roots = new LinkedHashSet<>();
        addWithParents(roots, Path.of("").toAbsolutePath(), 3);
        try {
            var cs = NativeLoader.class.getProtectionDomain().getCodeSource();
            if (cs != null && cs.getLocation() != null) {
                addWithParents(roots, Path.of(cs.getLocation().toURI()).toAbsolutePath(), 4);
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            // No code source location: the working directory alone is searched.
        }
        return List.copyOf(roots);
    }

    private static void addWithParents(Set<Path> roots, Path p, int levels) {
        for (int i = 0; i <= levels && p != null; i++, p = p.getParent()) {
            roots.add(p);
        }
    }

    private static List<Path> systemDirs() {
        Set<Path> dirs = new LinkedHashSet<>();
        for (String var : new String[] {System.getProperty("java.library.path"), System.getenv("LD_LIBRARY_PATH")}) {
            if (var != null) {
                for (String d : var.split(java.io.File.pathSeparator)) {
                    if (!d.isBlank()) {
                        dirs.add(Path.of(d));
                    }
                }
            }
        }
        for (String d : new String[] {"/usr/local/lib", "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
            "/usr/lib64", "/usr/lib"}) {
            dirs.add(Path.of(d));
        }
        return List.copyOf(dirs);
    }

    private static List<Path> cudaHomeDirs() {
        List<Path> dirs = new ArrayList<>();
        for (String home : new String[] {System.getenv("CUDA_HOME"), System.getenv("CUDA_PATH"), "/usr/local/cuda"}) {
            if (home != null && !home.isBlank()) {
                dirs.add(Path.of(home, "lib64"));
                dirs.add(Path.of(home, "lib"));
                dirs.add(Path.of(home, "targets", "x86_64-linux", "lib"));
            }
        }
        return dirs;
    }

    /** Python site-packages folders, found without running Python. */
    static List<Path> sitePackages() {
        Set<Path> prefixes = new LinkedHashSet<>();
        for (String env : new String[] {"TRIPTYCH_PYTHON_PREFIX", "VIRTUAL_ENV", "CONDA_PREFIX"}) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) {
                prefixes.add(Path.of(v));
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                if (!d.isBlank() && Files.isExecutable(Path.of(d, "python3"))) {
                    Path parent = Path.of(d).toAbsolutePath().getParent();
                    if (parent != null) {
                        prefixes.add(parent);
                    }
                }
            }
        }
        prefixes.add(Path.of("/usr/local"));
        prefixes.add(Path.of("/usr"));
        prefixes.add(Path.of("/opt/conda"));
        prefixes.add(Path.of(System.getProperty("user.home"), ".local"));
        Set<Path> sites = new LinkedHashSet<>();
        for (Path prefix : prefixes) {
            Path lib = prefix.resolve("lib");
            if (!Files.isDirectory(lib)) {
                continue;
            }
            try (DirectoryStream<Path> pythons = Files.newDirectoryStream(lib, "python3*")) {
                for (Path py : pythons) {
                    for (String kind : new String[] {"site-packages", "dist-packages"}) {
                        if (Files.isDirectory(py.resolve(kind))) {
                            sites.add(py.resolve(kind));
                        }
                    }
                }
            } catch (IOException e) {
                // An unreadable prefix is skipped; the others are still searched.
            }
        }
        return List.copyOf(sites);
    }
}
