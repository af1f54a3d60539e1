package io.triptych.models.compare;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class AggregateTest {
    private static Map<String, Object> run(long seed, double hq, int modes) {
        Map<String, Object> gan = new LinkedHashMap<>();
        gan.put("high_quality", hq);
        gan.put("modes_captured", modes);
        gan.put("default_sampler", "ddpm-1000");
        gan.put("samplers", new LinkedHashMap<>(Map.of("ddim-50", Map.of("high_quality", hq * 2))));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("seed", seed);
        r.put("gan", gan);
        return r;
    }

    @Test
    void oneSeedIsReportedAsItIs() {
        Map<String, Object> r = run(0, 0.5, 8);
        assertSame(r.get("gan"), Aggregate.family(List.of(r), "gan"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void severalSeedsGiveMeanStandardErrorAndTheRuns() {
        Map<String, Object> g = Aggregate.family(List.of(run(0, 0.2, 8), run(1, 0.4, 6), run(2, 0.6, 7)), "gan");
        assertEquals(0.4, (Double) g.get("high_quality"), 1e-12);
        assertEquals(0.2 / Math.sqrt(3), (Double) g.get("high_quality_se"), 1e-5);
        assertEquals(7.0, (Double) g.get("modes_captured"), 1e-12);
        assertEquals("ddpm-1000", g.get("default_sampler"));
        Map<String, Object> ddim = (Map<String, Object>) ((Map<String, Object>) g.get("samplers")).get("ddim-50");
        assertEquals(0.8, (Double) ddim.get("high_quality"), 1e-12);
        List<Map<String, Object>> runs = (List<Map<String, Object>>) g.get("runs");
        assertEquals(3, runs.size());
        assertEquals(1L, runs.get(1).get("seed"));
        assertEquals(0.4, runs.get(1).get("high_quality"));
    }
}
