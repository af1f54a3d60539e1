package io.triptych.models.compare;

import io.triptych.engine.Device;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code triptych compare} was asked to do.
 *
 * @param data     "ring8", "grid25" or "mnist"
 * @param budget   "quick" or "full" (see {@link Budget})
 * @param seeds    independent runs (seed = baseSeed + i); more than one adds mean and standard error
 * @param baseSeed the first run's seed
 * @param out      the folder the report, metrics, figures and checkpoints go to
 * @param device   where models train and sample
 * @param families the families to train and measure, a non-empty subset of {@link #FAMILIES} kept in that order
 */
public record CompareOptions(String data, String budget, int seeds, long baseSeed, Path out, Device device,
                             List<String> families) {
    public static final List<String> DATA = List.of("ring8", "grid25", "mnist");
    public static final List<String> BUDGETS = List.of("quick", "full");
    public static final List<String> FAMILIES = List.of("gan", "vae", "diffusion");

    public CompareOptions {
        if (!DATA.contains(data)) {
            throw new IllegalArgumentException("--data must be one of " + DATA + ", got '" + data + "'");
        }
        if (!BUDGETS.contains(budget)) {
            throw new IllegalArgumentException("--budget must be one of " + BUDGETS + ", got '" + budget + "'");
        }
        if (seeds < 1 || seeds > 100) {
            throw new IllegalArgumentException("--seeds must be in 1..100, got " + seeds);
        }
        if (out == null) {
            throw new IllegalArgumentException("--out is required");
        }
        if (families == null || families.isEmpty() || !FAMILIES.containsAll(families)
                || families.stream().distinct().count() != families.size()) {
            throw new IllegalArgumentException("--families must be distinct names from " + FAMILIES + ", got "
                    + families);
        }
        families = FAMILIES.stream().filter(families::contains).toList();
    }

    public boolean runs(String family) {
        return families.contains(family);
    }

    public boolean images() {
        return data.equals("mnist");
    }
}
