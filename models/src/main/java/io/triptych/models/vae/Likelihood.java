package io.triptych.models.vae;

import io.triptych.engine.Tensor;
import io.triptych.engine.ops.F;

/**
 * The decoder's distribution p(x | z), parameterised by the decoder's output {@code out} [B, dataShape...]. Log
 * densities are in nats, summed over the dimensions of a sample. {@code logvar} is the model's learned output
 * log-variance (shape dataShape) for {@link LearnedGaussian}, and null otherwise.
 */
public sealed interface Likelihood permits Likelihood.Bernoulli, Likelihood.Gaussian, Likelihood.LearnedGaussian {
    /** log p(x_b | out_b) for every sample b: shape [B]. */
    Tensor logProb(Tensor x, Tensor out, Tensor logvar);

    /** -log p(x | out) averaged over the batch: the reconstruction term of the training loss, shape []. */
    Tensor negLogLikelihood(Tensor x, Tensor out, Tensor logvar);

    /** The distribution's mean. */
    Tensor mean(Tensor out);

    /** Whether the model learns an output log-variance for this likelihood. */
    default boolean learnsVariance() {
        return false;
    }

    /** Independent Bernoulli pixels with logits {@code out}; x must lie in [0, 1] (grey levels are allowed). */
    record Bernoulli() implements Likelihood {
        @Override
        public Tensor logProb(Tensor x, Tensor out, Tensor logvar) {
            return perSample(F.sub(F.mul(x, out), F.softplus(out)));
        }

        @Override
        public Tensor negLogLikelihood(Tensor x, Tensor out, Tensor logvar) {
            // The fused loss is a mean over every element; times the elements per sample it is the sum per sample.
            return F.affine(F.bceWithLogits(out, x), elementsPerSample(x), 0f);
        }

        @Override
        public Tensor mean(Tensor out) {
            return F.sigmoid(out);
        }
    }

    /** Independent Gaussians with means {@code out} and a fixed standard deviation. */
    record Gaussian(double sigma) implements Likelihood {
        public Gaussian {
            if (!(sigma > 0) || Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("Likelihood.Gaussian: sigma must be finite and > 0, got " + sigma);
            }
        }

        private double logNormaliser() {
            return 0.5 * Math.log(2 * Math.PI * sigma * sigma);
        }

        @Override
        public Tensor logProb(Tensor x, Tensor out, Tensor logvar) {
            float d = elementsPerSample(x);
            return F.affine(perSample(F.square(F.sub(x, out))), (float) (-0.5 / (sigma * sigma)),
                    (float) (-d * logNormaliser()));
        }

        @Override
        public Tensor negLogLikelihood(Tensor x, Tensor out, Tensor logvar) {
            float d = elementsPerSample(x);
            return F.affine(F.mseLoss(out, x), (float) (0.5 * d / (sigma * sigma)), (float) (d * logNormaliser()));
        }

        @Override
        public Tensor mean(Tensor out) {
            return out;
        }
    }

    /** Independent Gaussians with means {@code out} and one learned log-variance per data dimension. */
    record LearnedGaussian() implements Likelihood {
        @Override
        public Tensor logProb(Tensor x, Tensor out, Tensor logvar) {
            if (logvar == null) {
                throw new IllegalArgumentException("Likelihood.LearnedGaussian: the output log-variance is null");
            }
            float d = elementsPerSample(x);
            Tensor scaled = F.mul(F.square(F.sub(x, out)), F.exp(F.neg(logvar)));
            return F.affine(F.add(perSample(scaled), F.sum(logvar)), -0.5f, (float) (-0.5 * d * Math.log(2 * Math.PI)));
        }

        @Override
        public Tensor negLogLikelihood(Tensor x, Tensor out, Tensor logvar) {
            return F.neg(F.mean(logProb(x, out, logvar)));
        }

        @Override
        public Tensor mean(Tensor out) {
            return out;
        }

        @Override
        public boolean learnsVariance() {
            return true;
        }
    }

    private static Tensor perSample(Tensor t) {
        int[] dims = new int[t.rank() - 1];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i + 1;
        }
        return F.sum(t, dims, false);
    }

    private static float elementsPerSample(Tensor x) {
        return (float) (x.numel() / x.dim(0));
    }
}
