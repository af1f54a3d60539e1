package io.triptych.models.diffusion;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplerLabelTest {
    @Test
    void aLabelNamesTheSamplerThatPrintsIt() {
        for (Sampler s : new Sampler[] {Sampler.ddpm(1000), Sampler.ddim(50), Sampler.dpmSolver(20)}) {
            assertEquals(s, Sampler.fromLabel(s.label()));
        }
    }

    @Test
    void unknownLabelsListTheForms() {
        for (String bad : new String[] {"ddim", "ddim-0", "ddim-x", "euler-20", "-5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sampler.fromLabel(bad));
            assertTrue(e.getMessage().contains("use ddpm-N, ddim-N or dpm++2m-N"), e.getMessage());
        }
    }
}
