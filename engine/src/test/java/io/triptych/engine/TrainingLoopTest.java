package io.triptych.engine;

import io.triptych.engine.memory.AllocatorStats;
import io.triptych.engine.nn.Activation;
import io.triptych.engine.nn.Linear;
import io.triptych.engine.nn.Sequential;
import io.triptych.engine.ops.F;
import io.triptych.engine.optim.Adam;
import io.triptych.engine.random.Generator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An MLP trained end to end with Adam on a 2-D regression task. */
class TrainingLoopTest {
    private static Sequential mlp(Generator gen) {
        Device cpu = Device.cpu();
        return new Sequential(cpu, new Linear(2, 32, true, cpu, gen), Activation.silu(cpu),
                new Linear(32, 32, true, cpu, gen), Activation.silu(cpu), new Linear(32, 1, true, cpu, gen));
    }

    /** Target f(x) = x0 * x1 + 0.5 * x0^2, built from engine ops. */
    private static Tensor target(Tensor x) {
        Tensor x0 = x.slice(1, 0, 1);
        Tensor x1 = x.slice(1, 1, 2);
        return x0.mul(x1).add(x0.square().mul(0.5f));
    }

    /** Trains for {@code steps} and returns the final loss; {@code stats[i]} gets the allocator after step i. */
    private static float train(long seed, int steps, AllocatorStats[] stats) {
        Generator gen = new Generator(seed);
        try (Sequential model = mlp(gen); Adam opt = Adam.adam(model.parameters(), 1e-2f)) {
            float loss = Float.NaN;
            for (int step = 0; step < steps; step++) {
                try (Scope s = Scope.open()) {
                    Tensor x = Tensor.randn(gen, 256, 2);
                    Tensor l = F.mseLoss(model.forward(x), target(x));
                    opt.zeroGrad();
                    l.backward();
                    opt.step();
                    loss = l.item();
                }
                if (stats != null) {
                    stats[step] = Backends.cpu().allocator().stats();
                }
            }
            return loss;
        }
    }

    @Test
    void mlpWithAdamReachesTheSameLowLossForAFixedSeed() {
        float first = train(7, 400, null);
        float second = train(7, 400, null);
        assertTrue(first < 0.02f, "final MSE " + first + " (the target's variance is about 1.5)");
        assertEquals(Float.floatToIntBits(first), Float.floatToIntBits(second), "same seed, same bits: " + first
                + " vs " + second);
    }

    @Test
    void aTrainingLoopMakesNoSystemAllocationAfterItsFirstSteps() {
        AllocatorStats[] stats = new AllocatorStats[30];
        train(3, stats.length, stats);
        // Step 0 creates gradients and Adam's moments; step 1 settles the pool's free lists.
        for (int i = 2; i < stats.length; i++) {
            assertEquals(stats[1].nativeAllocations(), stats[i].nativeAllocations(), "system allocations at step " + i);
            assertEquals(stats[1].bytesInUse(), stats[i].bytesInUse(), "bytes in use at step " + i);
        }
        assertTrue(stats[stats.length - 1].cacheHits() > stats[1].cacheHits());
    }
}
