package io.triptych.models.diffusion;

import java.util.Arrays;

/**
 * Which training timesteps a sampler with fewer steps visits (Lin et al. 2023, table 2), computed with the same
 * floating-point arithmetic as diffusers' numpy code so that the integer timesteps agree exactly. DDIM and DDPM use
 * {@link #timesteps}; DPM-Solver++ has its own definition in diffusers, {@link #dpmSolverTimesteps}.
 */
public enum TimestepSpacing {
    /** t = i * (T // steps) + steps_offset: never visits t = T-1 unless steps = T. diffusers' DDIM default. */
    LEADING("leading"),
    /** t = round(T - i * T/steps) - 1: starts at T-1 and spaces evenly. */
    TRAILING("trailing"),
    /** t = round(linspace(0, T-1, steps)): both ends. */
    LINSPACE("linspace");

    private final String id;

    TimestepSpacing(String id) {
        this.id = id;
    }

    /** diffusers' name: "leading", "trailing" or "linspace". */
    public String id() {
        return id;
    }

    public static TimestepSpacing of(String id) {
        for (TimestepSpacing s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown timestep spacing '" + id + "'; use leading, trailing or linspace");
    }

    /** Decreasing timesteps as DDIMScheduler.set_timesteps (and DDPMScheduler's) computes them. */
    public int[] timesteps(int trainSteps, int steps, int stepsOffset) {
        check(trainSteps, steps, stepsOffset);
        int[] ts = switch (this) {
            case LEADING -> {
                int ratio = trainSteps / steps;
                int[] out = new int[steps];
                for (int i = 0; i < steps; i++) {
                    out[steps - 1 - i] = i * ratio + stepsOffset;
                }
                yield out;
            }
            case TRAILING -> trailing(trainSteps, (double) trainSteps / steps);
            case LINSPACE -> reversedRounded(linspace(trainSteps - 1, steps), steps);
        };
        return validated(ts, trainSteps, steps, stepsOffset);
    }

    /** Decreasing timesteps as DPMSolverMultistepScheduler.set_timesteps computes them (lambda_min_clipped = -inf). */
    public int[] dpmSolverTimesteps(int trainSteps, int steps, int stepsOffset) {
        check(trainSteps, steps, stepsOffset);
        int[] ts = switch (this) {
            case LEADING -> {
                int ratio = trainSteps / (steps + 1);
                int[] out = new int[steps];
                for (int i = 1; i <= steps; i++) {
                    out[steps - i] = i * ratio + stepsOffset;
                }
                yield out;
            }
            case TRAILING -> trailing(trainSteps, (double) trainSteps / steps);
            case LINSPACE -> {
                int[] all = reversedRounded(linspace(trainSteps - 1, steps + 1), steps + 1);
                yield Arrays.copyOf(all, steps);
            }
        };
        return validated(ts, trainSteps, steps, stepsOffset);
    }

    private static void check(int trainSteps, int steps, int stepsOffset) {
        if (steps < 1 || steps > trainSteps) {
            throw new IllegalArgumentException("sampling steps must be in [1, " + trainSteps + "] (the training "
                    + "timesteps), got " + steps);
        }
        if (stepsOffset < 0) {
            throw new IllegalArgumentException("steps_offset must be >= 0, got " + stepsOffset);
        }
    }

    /**
     * np.round(np.arange(T, 0, -ratio)) - 1. numpy fills arange with start + i * delta, delta = (start - ratio) -
     * start, and sizes it ceil(T / ratio), which for some step counts (e.g. 61 of 1000) is one more than asked and
     * ends in -1 (an index diffusers wraps to alphas_cumprod[-1]); that element is dropped.
     */
    private static int[] trailing(int trainSteps, double ratio) {
        double start = trainSteps;
        double delta = (start - ratio) - start;
        int length = (int) Math.ceil(-start / -ratio);
        int[] out = new int[length];
        int kept = 0;
        for (int i = 0; i < length; i++) {
            int t = (int) Math.rint(start + i * delta) - 1;
            if (t >= 0) {
                out[kept++] = t;
            }
        }
        return Arrays.copyOf(out, kept);
    }

    /** np.linspace(0, stop, num): i * (stop / (num - 1)), the last value set to stop exactly. */
    private static double[] linspace(double stop, int num) {
        double[] v = new double[num];
        if (num == 1) {
            return v;
        }
        double step = stop / (num - 1);
        for (int i = 0; i < num; i++) {
            v[i] = i * step;
        }
        v[num - 1] = stop;
        return v;
    }

    /** numpy's round (half to even, as Math.rint), reversed. */
    private static int[] reversedRounded(double[] v, int num) {
        int[] out = new int[num];
        for (int i = 0; i < num; i++) {
            out[num - 1 - i] = (int) Math.rint(v[i]);
        }
        return out;
    }

    private int[] validated(int[] ts, int trainSteps, int steps, int stepsOffset) {
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] >= trainSteps) {
                throw new IllegalArgumentException(id + " spacing with steps_offset " + stepsOffset + " gives timestep "
                        + ts[i] + " >= T = " + trainSteps + " for " + steps + " steps");
            }
            if (i > 0 && ts[i] >= ts[i - 1]) {
                throw new IllegalArgumentException(id + " spacing repeats timestep " + ts[i] + " for " + steps
                        + " of " + trainSteps + " steps; use fewer steps or another spacing");
            }
        }
        return ts;
    }
}
