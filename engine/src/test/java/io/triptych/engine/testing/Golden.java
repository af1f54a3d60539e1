package io.triptych.engine.testing;

import io.triptych.engine.Device;
import io.triptych.engine.Tensor;
import io.triptych.engine.io.Json;
import io.triptych.engine.io.SafeTensors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PyTorch golden file from tools/golden (see its README): per case, inputs "c.in.x", outputs "c.out.y", upstream
 * gradients "c.gout.y", input gradients "c.grad.x", and the case's parameters as JSON metadata.
 */
public final class Golden {
    private final List<Case> cases;

    private Golden(List<Case> cases) {
        this.cases = cases;
    }

    /** One test case of a golden file; tensors live in the scope current when the file was loaded. */
    public record Case(String name, Map<String, Object> params, Map<String, Tensor> in, Map<String, Tensor> out,
                       Map<String, Tensor> gout, Map<String, Tensor> grad) {
        public String op() {
            return (String) params.get("op");
        }

        public Tensor in(String role) {
            return require(in, role, "in");
        }

        public Tensor out(String role) {
            return require(out, role, "out");
        }

        public Tensor gout(String role) {
            return require(gout, role, "gout");
        }

        public Tensor grad(String role) {
            return require(grad, role, "grad");
        }

        private Tensor require(Map<String, Tensor> m, String role, String kind) {
            Tensor t = m.get(role);
            if (t == null) {
                throw new IllegalArgumentException("golden case " + name + " (" + op() + ") has no " + kind + "." + role
                        + "; it has " + m.keySet());
            }
            return t;
        }

        public int intParam(String key) {
            return ((Number) params.get(key)).intValue();
        }

        public double doubleParam(String key) {
            return ((Number) params.get(key)).doubleValue();
        }

        public boolean boolParam(String key) {
            return Boolean.TRUE.equals(params.get(key));
        }

        /** A JSON list parameter as ints ([2, 2] for stride). */
        public int[] intsParam(String key) {
            Object v = params.get(key);
            if (v instanceof Number n) {
                return new int[] {n.intValue(), n.intValue()};
            }
            return ((List<?>) v).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        }

        public boolean has(String key) {
            return params.containsKey(key) && params.get(key) != null;
        }

        @Override
        public String toString() {
            return name + " " + params;
        }
    }

    /** Loads {@code golden/<name>.safetensors} from the test resources onto the CPU, into the current scope. */
    public static Golden load(String name) {
        String resource = "golden/" + name + ".safetensors";
        URL url = Golden.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("missing test resource " + resource + " (regenerate with "
                    + "tools/golden/generate_all.sh)");
        }
        try {
            SafeTensors.Contents c = SafeTensors.read(Path.of(url.toURI()), Device.cpu());
            Map<String, Case> byName = new LinkedHashMap<>();
            for (var meta : c.metadata().entrySet()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> params = (Map<String, Object>) Json.parse(meta.getValue());
                byName.put(meta.getKey(), new Case(meta.getKey(), params, new LinkedHashMap<>(), new LinkedHashMap<>(),
                        new LinkedHashMap<>(), new LinkedHashMap<>()));
            }
            for (var e : c.tensors().entrySet()) {
                String[] parts = e.getKey().split("\\.", 3);
                Case k = byName.get(parts[0]);
                if (parts.length != 3 || k == null) {
                    throw new IllegalStateException(resource + ": tensor name '" + e.getKey()
                            + "' is not <case>.<in|out|gout|grad>.<role> of a case in the metadata");
                }
                Map<String, Tensor> target = switch (parts[1]) {
                    case "in" -> k.in();
                    case "out" -> k.out();
                    case "gout" -> k.gout();
                    case "grad" -> k.grad();
                    default -> throw new IllegalStateException(resource + ": bad kind in '" + e.getKey() + "'");
                };
                target.put(parts[2], e.getValue());
            }
            return new Golden(new ArrayList<>(byName.values()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Case> cases() {
        return cases;
    }

    /** The cases whose "op" is {@code op}; fails when there are none (a renamed op must not pass silently). */
    public List<Case> cases(String op) {
        List<Case> out = cases.stream().filter(c -> op.equals(c.op())).toList();
        if (out.isEmpty()) {
            throw new IllegalStateException("golden file has no cases for op '" + op + "'");
        }
        return out;
    }
}
