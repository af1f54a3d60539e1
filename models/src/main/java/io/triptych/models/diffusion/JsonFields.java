package io.triptych.models.diffusion;

import java.util.List;
import java.util.Map;

/** Typed reads of parsed JSON objects (io.Json's maps) that name the missing or mistyped field. */
final class JsonFields {
    private JsonFields() {
    }

    static Object field(Map<String, Object> json, String key) {
        Object v = json.get(key);
        if (v == null) {
            throw new IllegalArgumentException("config field '" + key + "' is missing in " + json.keySet());
        }
        return v;
    }

    static String string(Map<String, Object> json, String key) {
        if (field(json, key) instanceof String s) {
            return s;
        }
        throw mistyped(json, key, "a string");
    }

    static double number(Map<String, Object> json, String key) {
        if (field(json, key) instanceof Number n) {
            return n.doubleValue();
        }
        throw mistyped(json, key, "a number");
    }

    static long integer(Map<String, Object> json, String key) {
        if (field(json, key) instanceof Long l) {
            return l;
        }
        throw mistyped(json, key, "an integer");
    }

    static int int32(Map<String, Object> json, String key) {
        long v = integer(json, key);
        if (v != (int) v) {
            throw new IllegalArgumentException("config field '" + key + "' = " + v + " does not fit an int");
        }
        return (int) v;
    }

    static boolean bool(Map<String, Object> json, String key) {
        if (field(json, key) instanceof Boolean b) {
            return b;
        }
        throw mistyped(json, key, "true or false");
    }

    static int[] ints(Map<String, Object> json, String key) {
        if (!(field(json, key) instanceof List<?> list)) {
            throw mistyped(json, key, "a list of integers");
        }
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l) || l != (int) (long) l) {
                throw mistyped(json, key, "a list of integers");
            }
            out[i] = (int) (long) l;
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> json, String key) {
        if (field(json, key) instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw mistyped(json, key, "an object");
    }

    private static IllegalArgumentException mistyped(Map<String, Object> json, String key, String what) {
        return new IllegalArgumentException("config field '" + key + "' must be " + what + ", got " + json.get(key));
    }
}
