package io.triptych.engine.ops;

import io.triptych.engine.DType;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.testing.Close;
import io.triptych.engine.testing.Golden;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the cases of one golden file through the engine: one dynamic test per case, named after it ("conv2d c3
 * {stride=[2, 2], ...}"). Each test compares every output, then back-propagates the stored upstream gradients and
 * compares every input gradient. Every op of the file must be mapped, and every mapped op must have cases.
 */
final class GoldenRunner {
    /** The engine's version of a golden op with a single output "y". */
    interface Single {
        Tensor apply(Golden.Case c, Inputs in);
    }

    /** The engine's version of a golden op: its outputs by golden role. */
    interface Multi {
        Map<String, Tensor> apply(Golden.Case c, Inputs in);
    }

    /** A case's inputs by role: float inputs that have a golden gradient are fresh leaves that require grad. */
    static final class Inputs {
        private final Golden.Case c;
        private final Map<String, Tensor> byRole;

        private Inputs(Golden.Case c, Map<String, Tensor> byRole) {
            this.c = c;
            this.byRole = byRole;
        }

        Tensor get(String role) {
            Tensor t = byRole.get(role);
            if (t == null) {
                throw new IllegalArgumentException("golden case " + c.name() + " (" + c.op() + ") has no input "
                        + role + "; it has " + byRole.keySet());
            }
            return t;
        }

        /** The input, or null when the case has none (an absent bias). */
        Tensor optional(String role) {
            return byRole.get(role);
        }

        /** x0, x1, ... in order (the inputs of concat). */
        Tensor[] numbered(String prefix) {
            List<Tensor> out = new ArrayList<>();
            for (int i = 0; byRole.containsKey(prefix + i); i++) {
                out.add(byRole.get(prefix + i));
            }
            return out.toArray(Tensor[]::new);
        }
    }

    private record Mapping(Multi forward, Set<String> undifferentiated) {
    }

    private final String file;
    private final Map<String, Mapping> ops = new LinkedHashMap<>();

    private GoldenRunner(String file) {
        this.file = file;
    }

    /** Cases of {@code golden/<file>.safetensors}. */
    static GoldenRunner of(String file) {
        return new GoldenRunner(file);
    }

    GoldenRunner op(String op, Single forward) {
        return op(op, Set.of(), forward);
    }

    /** An op whose {@code undifferentiated} inputs get no gradient from the engine (their goldens are skipped). */
    GoldenRunner op(String op, Set<String> undifferentiated, Single forward) {
        ops.put(op, new Mapping((c, in) -> Map.of("y", forward.apply(c, in)), undifferentiated));
        return this;
    }

    GoldenRunner multi(String op, Multi forward) {
        ops.put(op, new Mapping(forward, Set.of()));
        return this;
    }

    /** One container per mapped op holding its cases, plus a failing test for any op of the file left unmapped. */
    Stream<DynamicNode> tests() {
        List<DynamicNode> nodes = new ArrayList<>();
        Set<String> fileOps = new LinkedHashSet<>();
        try (Scope s = Scope.open()) {
            Golden golden = Golden.load(file);
            golden.cases().forEach(c -> fileOps.add(c.op()));
            for (var e : ops.entrySet()) {
                String op = e.getKey();
                List<DynamicTest> tests = golden.cases(op).stream()
                        .map(c -> DynamicTest.dynamicTest(displayName(c), () -> run(c.name(), e.getValue())))
                        .toList();
                nodes.add(DynamicContainer.dynamicContainer(op, tests));
            }
        }
        fileOps.removeAll(ops.keySet());
        if (!fileOps.isEmpty()) {
            nodes.add(DynamicTest.dynamicTest("every op of " + file + " is tested",
                    () -> fail(file + ".safetensors has cases for ops the test does not run: " + fileOps)));
        }
        return nodes.stream();
    }

    private static String displayName(Golden.Case c) {
        Map<String, Object> params = new LinkedHashMap<>(c.params());
        params.remove("op");
        return c.op() + " " + c.name() + " " + params;
    }

    /** A fresh leaf holding {@code t}'s values, so a golden input can be differentiated. */
    private static Tensor leaf(Tensor t) {
        return Tensor.of(t.toFloatArray(), t.shape()).requiresGrad(true);
    }

    private void run(String caseName, Mapping m) {
        try (Scope s = Scope.open()) {
            Golden.Case c = Golden.load(file).cases().stream().filter(k -> k.name().equals(caseName)).findFirst()
                    .orElseThrow();
            try {
                check(c, m);
            } catch (RuntimeException e) {
                // Surefire names dynamic tests by index; the message names the case.
                throw new AssertionError(displayName(c) + ": " + e, e);
            }
        }
    }

    private static void check(Golden.Case c, Mapping m) {
        String what = displayName(c);
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        c.in().forEach((role, t) -> leaves.put(role, t.dtype() == DType.F32 && c.grad().containsKey(role)
                ? leaf(t) : t));
        Map<String, Tensor> outs = m.forward().apply(c, new Inputs(c, leaves));
        for (var e : c.out().entrySet()) {
            Tensor got = outs.get(e.getKey());
            assertNotNull(got, what + ": the engine gave no output " + e.getKey() + " (it gave " + outs.keySet()
                    + ")");
            Close.assertClose(what + " out." + e.getKey(), got, e.getValue(), Close.F32);
        }
        if (c.gout().isEmpty()) {
            return;
        }
        Tensor root = null;
        Tensor rootGrad = null;
        if (c.gout().size() == 1) {
            var only = c.gout().entrySet().iterator().next();
            root = outs.get(only.getKey());
            rootGrad = only.getValue();
        } else {
            for (var e : c.gout().entrySet()) {
                Tensor term = F.mul(outs.get(e.getKey()), e.getValue()).sum();
                root = root == null ? term : root.add(term);
            }
        }
        assertTrue(root.requiresGrad(), what + ": the output does not require grad, so nothing was recorded");
        if (rootGrad == null) {
            root.backward();
        } else {
            root.backward(rootGrad);
        }
        for (var e : c.grad().entrySet()) {
            if (m.undifferentiated().contains(e.getKey())) {
                continue;
            }
            Tensor g = leaves.get(e.getKey()).grad();
            assertNotNull(g, what + ": input " + e.getKey() + " got no gradient");
            Close.assertClose(what + " grad." + e.getKey(), g, e.getValue(), Close.F32);
        }
    }
}
