package io.triptych.engine.optim;

import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EmaTest {
    @Test
    void aPerStepDecayOverridesTheConfiguredOne() {
        try (Scope s = Scope.open()) {
            Tensor p = Tensor.of(new float[] {0f, 10f}, 2).requiresGrad(true);
            try (Ema ema = new Ema(List.of(p), 0.9f)) {
                p.copyFrom(new float[] {4f, 2f});
                ema.update(0.5f);
                assertArrayEquals(new float[] {2f, 6f}, ema.average(0).toFloatArray(), 1e-6f);
                ema.update();
                assertArrayEquals(new float[] {0.9f * 2f + 0.1f * 4f, 0.9f * 6f + 0.1f * 2f},
                        ema.average(0).toFloatArray(), 1e-6f);
                assertThrows(IllegalArgumentException.class, () -> ema.update(1.5f));
            }
        }
    }
}
