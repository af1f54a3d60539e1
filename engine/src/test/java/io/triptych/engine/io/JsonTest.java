package io.triptych.engine.io;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    @Test
    void parsesNestedValuesWithIntegralNumbersAsLong() {
        Object v = Json.parse(" {\"a\": [1, -2.5e3, true, null, \"x\\u00e9\\n\"], \"b\": {}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals("[1, -2500.0, true, null, xé\n]", m.get("a").toString());
        assertEquals(Map.of(), m.get("b"));
    }

    @Test
    void writeThenParseRoundTrips() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "q\"uote\\");
        m.put("values", List.of(1L, 2.5, false));
        m.put("shape", new int[] {2, 3});
        Object back = Json.parse(Json.write(m));
        assertEquals("{name=q\"uote\\, values=[1, 2.5, false], shape=[2, 3]}", back.toString());
        assertEquals(back, Json.parse(Json.writePretty(m)));
    }

    @Test
    void rejectsMalformedInputNamingTheOffset() {
        for (String bad : new String[] {"", "{", "{\"a\":1,}", "[1 2]", "{\"a\":1} x", "{\"a\":1,\"a\":2}", "tru",
            "\"unterminated", "[\"\\q\"]", "01x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("invalid JSON at offset"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNull() {
        assertEquals("[null,1.0]", Json.write(List.of(Double.NaN, 1.0)));
    }
}
