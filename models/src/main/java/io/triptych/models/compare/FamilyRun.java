package io.triptych.models.compare;

import io.triptych.models.train.Trainer;

import java.util.LinkedHashMap;
import java.util.Map;

/** Measured results of one family in one run, as the JSON metrics.json holds them. */
final class FamilyRun {
    final Map<String, Object> metrics = new LinkedHashMap<>();

    FamilyRun(Trainer.Result training) {
        metrics.put("train_steps", training.stepsDone());
        metrics.put("train_seconds", round(training.seconds()));
        for (var e : training.curves().entrySet()) {
            double[] v = e.getValue();
            if (v.length > 0) {
                metrics.put("final_" + e.getKey(), round(v[v.length - 1]));
            }
        }
        if (training.diverged()) {
            metrics.put("divergence", training.divergence());
        }
    }

    FamilyRun put(String key, Object value) {
        metrics.put(key, value instanceof Double d ? round(d) : value);
        return this;
    }

    static double round(double v) {
        if (!Double.isFinite(v) || v == 0) {
            return v;
        }
        double scale = Math.pow(10, 5 - (int) Math.ceil(Math.log10(Math.abs(v))));
        return Math.round(v * scale) / scale;
    }
}
