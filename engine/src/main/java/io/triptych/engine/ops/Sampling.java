package io.triptych.engine.ops;

import io.triptych.bindings.tri_step_coefs;
import io.triptych.bindings.triptych_h;
import io.triptych.engine.Backend;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;
import io.triptych.engine.autograd.Node;
import io.triptych.engine.random.Generator;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Fused sampling kernels: the VAE's reparameterisation and one reverse-diffusion step. */
final class Sampling {
    private Sampling() {
    }

    /** z = mu + exp(logvar / 2) * eps, eps ~ N(0, I) from {@code gen}; differentiable in mu and logvar. */
    static Tensor reparameterize(Tensor mu, Tensor logvar, Generator gen) {
        String name = "reparameterize";
        Backend be = Op.backend(name, mu, logvar);
        Op.f32(name, mu, "mu");
        Op.f32(name, logvar, "logvar");
        Op.sameShape(name, mu, "mu", logvar, "logvar");
        Tensor z = Op.newF32(mu, mu.shape());
        Tensor eps = Op.newF32(mu, mu.shape());
        long offset = gen.reserve(mu.numel());
        triptych_h k = be.kernels();
        k.check(k.tri_reparameterize_f32(be.context(), mu.numel(), mu.data(), logvar.data(), gen.seed(), offset,
                z.data(), eps.data()), "tri_reparameterize_f32", "shape", Shapes.str(mu.shape()));
        return z.recordedBy(Node.of(name, new Tensor[] {mu, logvar}, g -> new Tensor[] {
            g, logvar.requiresGrad() ? F.mul(g, F.affine(F.sub(z, mu), 0.5f, 0f)) : null}));
    }

    /** One reverse-diffusion step; returns {x_out, x0}. Not differentiable (sampling runs under Grad.off()). */
    static Tensor[] denoiseStep(Tensor x, Tensor modelOut, Tensor prevX0, StepCoefficients c, Generator gen) {
        String name = "denoise_step";
        Backend be = Op.backend(name, x, modelOut, prevX0);
        Op.f32(name, x, "sample");
        Op.f32(name, modelOut, "model output");
        Op.sameShape(name, x, "sample", modelOut, "model output");
        if (prevX0 != null) {
            Op.sameShape(name, x, "sample", prevX0, "previous x0");
        }
        Op.check(c.outPrevX0() == 0 || prevX0 != null, name, "the step uses the previous x0 but none was given");
        Op.check(c.outNoise() == 0 || gen != null, name, "the step adds noise but no generator was given");
        Tensor out = Op.newF32(x, x.shape());
        Tensor x0 = Op.newF32(x, x.shape());
        long offset = c.outNoise() != 0 ? gen.reserve(x.numel()) : 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = tri_step_coefs.allocate(arena);
            tri_step_coefs.x0_from_x(d, (float) c.x0FromX());
            tri_step_coefs.x0_from_model(d, (float) c.x0FromModel());
            tri_step_coefs.clip(d, (float) c.clip());
            tri_step_coefs.eps_from_x(d, (float) c.epsFromX());
            tri_step_coefs.eps_from_x0(d, (float) c.epsFromX0());
            tri_step_coefs.out_x(d, (float) c.outX());
            tri_step_coefs.out_x0(d, (float) c.outX0());
            tri_step_coefs.out_eps(d, (float) c.outEps());
            tri_step_coefs.out_prev_x0(d, (float) c.outPrevX0());
            tri_step_coefs.out_noise(d, (float) c.outNoise());
            tri_step_coefs.seed(d, gen == null ? 0 : gen.seed());
            tri_step_coefs.offset(d, offset);
            triptych_h k = be.kernels();
            k.check(k.tri_denoise_step_f32(be.context(), x.numel(), d, x.data(), modelOut.data(),
                    prevX0 == null ? MemorySegment.NULL : prevX0.data(), out.data(), x0.data()),
                    "tri_denoise_step_f32", "shape", Shapes.str(x.shape()), "coefficients", c);
        }
        return new Tensor[] {out, x0};
    }
}
