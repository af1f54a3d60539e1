package io.triptych.models.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds the per-seed metrics of a family into one object: with one seed, that run's metrics; with several, the
 * mean of every numeric metric, its standard error as "<name>_se", and the per-seed objects under "runs".
 */
final class Aggregate {
    private Aggregate() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> family(List<Map<String, Object>> runs, String family) {
        List<Map<String, Object>> each = runs.stream().map(r -> (Map<String, Object>) r.get(family)).toList();
        if (each.size() == 1) {
            return each.get(0);
        }
        Map<String, Object> out = mean(each);
        List<Object> perSeed = new ArrayList<>();
        for (int i = 0; i < each.size(); i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("seed", runs.get(i).get("seed"));
            r.putAll(each.get(i));
            perSeed.add(r);
        }
        out.put("runs", perSeed);
        return out;
    }

    /** Mean and standard error of the numeric entries (recursively into nested objects); others from run 0. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mean(List<Map<String, Object>> maps) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : maps.get(0).entrySet()) {
            String key = e.getKey();
            Object first = e.getValue();
            if (first instanceof Number) {
                double[] v = maps.stream().map(m -> m.get(key)).filter(o -> o instanceof Number)
                        .mapToDouble(o -> ((Number) o).doubleValue()).toArray();
                double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
                double var = 0;
                for (double x : v) {
                    var += (x - mean) * (x - mean);
                }
                double se = v.length > 1 ? Math.sqrt(var / (v.length - 1) / v.length) : 0;
                out.put(key, FamilyRun.round(mean));
                out.put(key + "_se", FamilyRun.round(se));
            } else if (first instanceof Map<?, ?>) {
                out.put(key, mean(maps.stream().map(m -> (Map<String, Object>) m.get(key)).toList()));
            } else {
                out.put(key, first);
            }
        }
        return out;
    }
}
