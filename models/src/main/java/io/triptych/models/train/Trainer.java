package io.triptych.models.train;

import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.models.GenerativeModel;
import io.triptych.models.LearningRates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The training loop every family shares: one scope per step, loss curves, periodic checkpoints written atomically,
 * and a stop on divergence. When a step's loss is NaN or infinite (the model throws ArithmeticException), the loop
 * stops, says at which step and why, and restores the last good checkpoint, so the model is usable afterwards.
 */
public final class Trainer {
    private Trainer() {
    }

    /**
     * @param steps           optimisation steps
     * @param logEvery        a loss point is kept every this many steps (averaged over them)
     * @param checkpointEvery a checkpoint is written every this many steps (0 = never)
     * @param checkpoint      the checkpoint file (written atomically; required when checkpointEvery > 0)
     * @param cosineDecay     scale the learning rate by a cosine from 1 down to 0 over the run
     */
    public record Options(int steps, int logEvery, int checkpointEvery, Path checkpoint, boolean cosineDecay) {
        public Options {
            if (steps < 0 || logEvery < 1 || checkpointEvery < 0) {
                throw new IllegalArgumentException("trainer: need steps >= 0, logEvery >= 1, checkpointEvery >= 0; got "
                        + steps + ", " + logEvery + ", " + checkpointEvery);
            }
            if (checkpointEvery > 0 && checkpoint == null) {
                throw new IllegalArgumentException("trainer: checkpointEvery > 0 needs a checkpoint path");
            }
        }
    }

    /** Called after each step with the number of steps done. */
    public interface StepListener {
        void stepDone(int done, int total);
    }

    /**
     * What a run did.
     *
     * @param stepsDone  steps completed without divergence
     * @param seconds    wall time of the loop, checkpoints included
     * @param curveSteps the step at the end of each logged window
     * @param curves     per loss name, its mean over each logged window
     * @param divergence null, or what went wrong and which checkpoint was restored
     */
    public record Result(int stepsDone, double seconds, int[] curveSteps, Map<String, double[]> curves,
                         String divergence) {
        public boolean diverged() {
            return divergence != null;
        }
    }

    /** Trains {@code model} on {@code batches.apply(step)} (a batch made in the step's scope). */
    public static Result train(GenerativeModel model, IntFunction<Tensor> batches, Options o, StepListener listener) {
        long t0 = System.nanoTime();
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        Map<String, Double> window = new LinkedHashMap<>();
        List<Integer> curveSteps = new ArrayList<>();
        int inWindow = 0;
        int lastCheckpoint = -1;
        String divergence = null;
        int done = 0;
        for (int step = 0; step < o.steps(); step++) {
            if (o.cosineDecay()) {
                model.learningRateScale(LearningRates.cosine(step, o.steps()));
            }
            Map<String, Double> losses;
            try (Scope s = Scope.open()) {
                losses = model.trainStep(batches.apply(step));
            } catch (ArithmeticException e) {
                divergence = "diverged at step " + step + ": " + e.getMessage() + "; " + restore(model, o,
                        lastCheckpoint);
                break;
            }
            done = step + 1;
            for (var e : losses.entrySet()) {
                window.merge(e.getKey(), e.getValue(), Double::sum);
            }
            if (++inWindow == o.logEvery() || done == o.steps()) {
                for (var e : window.entrySet()) {
                    curves.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue() / inWindow);
                }
                curveSteps.add(done);
                window.clear();
                inWindow = 0;
            }
            if (o.checkpointEvery() > 0 && done % o.checkpointEvery() == 0) {
                save(model, o.checkpoint());
                lastCheckpoint = done;
            }
            if (listener != null) {
                listener.stepDone(done, o.steps());
            }
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (var e : curves.entrySet()) {
            out.put(e.getKey(), e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
        }
        return new Result(done, (System.nanoTime() - t0) / 1e9, curveSteps.stream().mapToInt(Integer::intValue)
                .toArray(), out, divergence);
    }

    private static String restore(GenerativeModel model, Options o, int lastCheckpoint) {
        if (lastCheckpoint < 0 || o.checkpoint() == null || !Files.isRegularFile(o.checkpoint())) {
            return "no checkpoint had been written yet, so the model keeps its last update";
        }
        try {
            model.load(o.checkpoint());
            return "restored the checkpoint of step " + lastCheckpoint + " (" + o.checkpoint() + ")";
        } catch (IOException e) {
            throw new UncheckedIOException("could not restore the last good checkpoint " + o.checkpoint(), e);
        }
    }

    private static void save(GenerativeModel model, Path file) {
        try {
            model.save(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + file, e);
        }
    }
}
