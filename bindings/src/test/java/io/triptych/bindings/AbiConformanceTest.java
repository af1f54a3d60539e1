package io.triptych.bindings;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The hand-kept bindings must match native/include/triptych.h exactly: a C program compiled against the header
 * (gcc, and nvcc where present) prints every struct's size and field offsets for comparison with the Java layouts;
 * the header's prototypes and constants are compared with triptych_h's descriptors and fields; cblas_sgemm's
 * binding is compiled against OpenBLAS's cblas.h.
 */
class AbiConformanceTest {
    private static final List<Class<?>> STRUCTS = List.of(tri_library_info.class, tri_device_info.class,
            tri_nd_copy.class, tri_broadcast.class, tri_reduce.class, tri_conv2d_desc.class, tri_sgd_params.class,
            tri_adam_params.class, tri_step_coefs.class);

    private static Path includeDir() {
        String dir = System.getProperty("triptych.native.include");
        assertTrue(dir != null && Files.isDirectory(Path.of(dir)), "system property triptych.native.include must "
                + "name native/include (set by the bindings pom), got " + dir);
        return Path.of(dir);
    }

    private static String header() throws IOException {
        String text = Files.readString(includeDir().resolve("triptych.h"));
        return text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
    }

    private static GroupLayout layoutOf(Class<?> struct) throws ReflectiveOperationException {
        return (GroupLayout) struct.getMethod("$LAYOUT").invoke(null);
    }

    @Test
    void everyStructInTheHeaderHasABinding() throws IOException {
        Matcher m = Pattern.compile("typedef struct (tri_\\w+) \\{").matcher(header());
        TreeSet<String> inHeader = new TreeSet<>();
        while (m.find()) {
            inHeader.add(m.group(1));
        }
        TreeSet<String> bound = new TreeSet<>();
        STRUCTS.forEach(c -> bound.add(c.getSimpleName()));
        assertEquals(inHeader, bound);
    }

    @Test
    void structSizesAndOffsetsMatchTheCCompiler() throws Exception {
        Map<String, Long> expected = new LinkedHashMap<>();
        StringBuilder c = new StringBuilder("#include <stddef.h>\n#include <stdio.h>\n#include \"triptych.h\"\n"
                + "int main(void) {\n");
        for (Class<?> s : STRUCTS) {
            GroupLayout layout = layoutOf(s);
            String name = s.getSimpleName();
            c.append("  printf(\"").append(name).append(" %zu\\n\", sizeof(").append(name).append("));\n");
            expected.put(name, layout.byteSize());
            for (MemoryLayout member : layout.memberLayouts()) {
                if (member instanceof PaddingLayout || member.name().isEmpty()) {
                    continue;
                }
                String field = member.name().get();
                c.append("  printf(\"").append(name).append('.').append(field).append(" %zu\\n\", offsetof(")
                        .append(name).append(", ").append(field).append("));\n");
                expected.put(name + "." + field, layout.byteOffset(MemoryLayout.PathElement.groupElement(field)));
            }
        }
        c.append("  return 0;\n}\n");
        Path work = Files.createTempDirectory("triptych-abi");
        Path src = work.resolve("abi.c");
        Files.writeString(src, c.toString());
        assertEquals(expected, compileAndRun(List.of("gcc", "-std=c11", "-I" + includeDir(), src.toString(), "-o",
                work.resolve("abi-gcc").toString()), work.resolve("abi-gcc")), "gcc layouts");
        if (onPath("nvcc")) {
            Path cu = work.resolve("abi.cu");
            Files.writeString(cu, c.toString());
            assertEquals(expected, compileAndRun(List.of("nvcc", "-I" + includeDir(), cu.toString(), "-o",
                    work.resolve("abi-nvcc").toString()), work.resolve("abi-nvcc")), "nvcc layouts");
        }
    }

    @Test
    void headerPrototypesMatchTheDescriptors() throws IOException {
        Matcher m = Pattern.compile("TRI_API\\s+([\\w\\s\\*]+?)\\s*\\b(tri_\\w+)\\s*\\(([^)]*)\\)\\s*;")
                .matcher(header());
        Map<String, FunctionDescriptor> fromHeader = new LinkedHashMap<>();
        while (m.find()) {
            List<MemoryLayout> args = new ArrayList<>();
            for (String p : m.group(3).split(",")) {
                String t = p.trim();
                if (t.isEmpty() || t.equals("void")) {
                    continue;
                }
                args.add(cType(t.replaceAll("\\w+$", "").trim(), m.group(2)));
            }
            MemoryLayout ret = cType(m.group(1).trim(), m.group(2));
            fromHeader.put(m.group(2), FunctionDescriptor.of(ret, args.toArray(new MemoryLayout[0])));
        }
        assertEquals(new TreeSet<>(fromHeader.keySet()), new TreeSet<>(triptych_h.DESCRIPTORS.keySet()),
                "functions in triptych.h vs bound");
        for (var e : fromHeader.entrySet()) {
            assertEquals(e.getValue(), triptych_h.DESCRIPTORS.get(e.getKey()), e.getKey());
        }
    }

    private static MemoryLayout cType(String t, String fn) {
        String type = t.replace("const", "").trim();
        if (type.contains("*")) {
            return ValueLayout.ADDRESS;
        }
        return switch (type) {
            case "int32_t", "uint32_t", "tri_status" -> ValueLayout.JAVA_INT;
            case "int64_t", "uint64_t" -> ValueLayout.JAVA_LONG;
            case "float" -> ValueLayout.JAVA_FLOAT;
            default -> throw new AssertionError(fn + ": C type '" + t + "' has no mapping in this test");
        };
    }

    @Test
    void headerConstantsMatchTheBindings() throws Exception {
        Matcher m = Pattern.compile("#define\\s+(TRI_[A-Z0-9_]+)\\s+(\\(1u << (\\d+)\\)|-?\\d+)\\s*$",
                Pattern.MULTILINE).matcher(header());
        Map<String, Integer> fromHeader = new LinkedHashMap<>();
        while (m.find()) {
            fromHeader.put(m.group(1), m.group(3) != null ? 1 << Integer.parseInt(m.group(3))
                    : Integer.parseInt(m.group(2)));
        }
        assertTrue(fromHeader.size() > 40, "parsed " + fromHeader.size() + " constants");
        Map<String, Integer> bound = new LinkedHashMap<>();
        for (Field f : triptych_h.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class && f.getName().startsWith("TRI_")) {
                bound.put(f.getName(), f.getInt(null));
            }
        }
        assertEquals(new java.util.TreeMap<>(fromHeader), new java.util.TreeMap<>(bound));
    }

    @Test
    void cblasBindingCompilesAgainstCblasHeader() throws Exception {
        String dir = System.getProperty("triptych.openblas.include");
        assertTrue(dir != null && Files.isRegularFile(Path.of(dir, "cblas.h")), "system property "
                + "triptych.openblas.include must name OpenBLAS's include folder, got " + dir);
        // The C types cblas_h's descriptors stand for; a mismatch is a compile error.
        String c = "#include <cblas.h>\n"
                + "void (*sgemm)(const enum CBLAS_ORDER, const enum CBLAS_TRANSPOSE, const enum CBLAS_TRANSPOSE,"
                + " const blasint, const blasint, const blasint, const float, const float *, const blasint,"
                + " const float *, const blasint, const float, float *, const blasint) = cblas_sgemm;\n"
                + "void (*set_threads)(int) = openblas_set_num_threads;\n"
                + "int (*set_threads_local)(int) = openblas_set_num_threads_local;\n"
                + "int (*get_threads)(void) = openblas_get_num_threads;\n"
                + "char *(*get_config)(void) = openblas_get_config;\n"
                + "char *(*get_corename)(void) = openblas_get_corename;\n"
                + "int (*get_parallel)(void) = openblas_get_parallel;\n"
                + "_Static_assert(sizeof(blasint) == 4, \"cblas_h binds blasint as a 32-bit int\");\n"
                + "_Static_assert(sizeof(enum CBLAS_ORDER) == 4, \"enums bind as 32-bit ints\");\n"
                + "_Static_assert(CblasRowMajor == 101 && CblasColMajor == 102 && CblasNoTrans == 111"
                + " && CblasTrans == 112, \"enum values\");\n";
        Path work = Files.createTempDirectory("triptych-cblas");
        Path src = work.resolve("cblas_check.c");
        Files.writeString(src, c);
        run(List.of("gcc", "-std=c11", "-Werror=incompatible-pointer-types", "-I" + dir, "-c", src.toString(), "-o",
                work.resolve("cblas_check.o").toString()));
        assertEquals(101, cblas_h.CblasRowMajor);
        assertEquals(112, cblas_h.CblasTrans);
    }

    private static Map<String, Long> compileAndRun(List<String> compile, Path exe) throws Exception {
        run(compile);
        String out = run(List.of(exe.toString()));
        Map<String, Long> actual = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                String[] kv = line.trim().split(" ");
                actual.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return actual;
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " timed out");
        }
        if (p.exitValue() != 0) {
            fail(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + out);
        }
        return out;
    }

    private static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }
}
