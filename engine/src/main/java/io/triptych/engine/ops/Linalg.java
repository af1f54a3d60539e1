package io.triptych.engine.ops;

import io.triptych.bindings.triptych_h;
import io.triptych.engine.Backend;
import io.triptych.engine.Gemm;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;
import io.triptych.engine.autograd.Node;

import java.util.Arrays;

/** Matrix products: matmul (2-D and batched) and linear layers, on the backend's GEMM. */
final class Linalg {
    private Linalg() {
    }

    /**
     * a [..., m, k] x b [..., k, n] with NumPy broadcasting of the batch dims. An operand whose batch is a single
     * matrix is shared across the other's batch without a copy; other broadcasts are expanded first.
     */
    static Tensor matmul(Tensor a, Tensor b) {
        String name = "matmul";
        Op.backend(name, a, b);
        Op.f32(name, a, "left operand");
        Op.f32(name, b, "right operand");
        Op.check(a.rank() >= 2 && b.rank() >= 2, name, "operands need rank >= 2, got " + Shapes.str(a.shape())
                + " and " + Shapes.str(b.shape()));
        int m = a.dim(-2);
        int k = a.dim(-1);
        int n = b.dim(-1);
        Op.check(b.dim(-2) == k, name, "inner dimensions differ: " + Shapes.str(a.shape()) + " x "
                + Shapes.str(b.shape()));
        int[] batchA = Arrays.copyOf(a.shape(), a.rank() - 2);
        int[] batchB = Arrays.copyOf(b.shape(), b.rank() - 2);
        int[] batch = Shapes.broadcast(name, batchA, batchB);
        return matmulBatched(expandBatch(a, batchA, batch, m, k), expandBatch(b, batchB, batch, k, n), batch, m, n, k);
    }

    /** x itself when its batch is one matrix or already the full batch, else x broadcast to batch. */
    private static Tensor expandBatch(Tensor x, int[] own, int[] batch, int rows, int cols) {
        if (Shapes.numel(own) == 1 || Arrays.equals(own, batch)) {
            return x;
        }
        int[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = rows;
        full[batch.length + 1] = cols;
        return Reductions.broadcastTo(x, full);
    }

    private static Tensor matmulBatched(Tensor a, Tensor b, int[] batch, int m, int n, int k) {
        Backend be = a.backend();
        int count = (int) Shapes.numel(batch);
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        Tensor out = Op.newF32(a, outShape);
        long sa = a.numel() == (long) m * k ? 0 : (long) m * k;
        long sb = b.numel() == (long) k * n ? 0 : (long) k * n;
        be.gemm(Gemm.batched(false, false, m, n, k, 1f, 0f, count, sa, sb, (long) m * n), a.data(), b.data(),
                out.data());
        return out.recordedBy(Node.of("matmul", new Tensor[] {a, b}, g -> {
            Tensor ga = a.requiresGrad() ? gradLeft(be, g, b, a.shape(), outShape, m, n, k, count, sa, sb) : null;
            Tensor gb = b.requiresGrad() ? gradRight(be, g, a, b.shape(), m, n, k, count, sa, sb) : null;
            return new Tensor[] {ga, gb};
        }));
    }

    /** dA = dC x B^T, summed over the batch when A was shared. */
    private static Tensor gradLeft(Backend be, Tensor g, Tensor b, int[] aShape, int[] outShape, int m, int n, int k,
                                   int count, long sa, long sb) {
        boolean shared = sa == 0 && count > 1;
        int[] perBatch = outShape.clone();
        perBatch[perBatch.length - 1] = k;
        Tensor ga = Op.newF32(g, shared ? perBatch : aShape);
        be.gemm(Gemm.batched(false, true, m, k, n, 1f, 0f, count, (long) m * n, sb, (long) m * k), g.data(),
                b.data(), ga.data());
        return shared ? Reductions.sumTo(ga, aShape) : ga;
    }

    /** dB = A^T x dC; when B was shared, the batch folds into the GEMM's inner dimension. */
    private static Tensor gradRight(Backend be, Tensor g, Tensor a, int[] bShape, int m, int n, int k, int count,
                                    long sa, long sb) {
        Tensor gb = Op.newF32(g, bShape);
        if (sb == 0 && count > 1 && sa != 0) {
            be.gemm(Gemm.of(true, false, k, n, m * count, 1f, 0f), a.data(), g.data(), gb.data());
        } else {
            be.gemm(Gemm.batched(true, false, k, n, m, 1f, 0f, count, sa, (long) m * n, (long) k * n), a.data(),
                    g.data(), gb.data());
        }
        return gb;
    }

    /** x [..., in] x w[out, in]^T + bias[out] (PyTorch's F.linear). */
    static Tensor linear(Tensor x, Tensor w, Tensor bias) {
        String name = "linear";
        Backend be = Op.backend(name, x, w, bias);
        Op.f32(name, x, "input");
        Op.f32(name, w, "weight");
        Op.rank(name, w, "weight", 2);
        Op.check(x.rank() >= 1, name, "input must have rank >= 1");
        int in = w.dim(1);
        int outF = w.dim(0);
        Op.check(x.dim(-1) == in, name, "input shape " + Shapes.str(x.shape()) + " does not match weight shape "
                + Shapes.str(w.shape()) + " (last dim of input must equal weight dim 1)");
        if (bias != null) {
            Op.f32(name, bias, "bias");
            Op.shape(name, bias, "bias", outF);
        }
        int rows = (int) (x.numel() / in);
        int[] outShape = x.shape();
        outShape[outShape.length - 1] = outF;
        Tensor y = Op.newF32(x, outShape);
        be.gemm(Gemm.of(false, true, rows, outF, in, 1f, 0f), x.data(), w.data(), y.data());
        if (bias != null) {
            triptych_h kk = be.kernels();
            kk.check(kk.tri_bias_act_f32(be.context(), rows, outF, 1, y.data(), bias.data(), -1, 0f, y.data()),
                    "tri_bias_act_f32", "op", name, "rows", rows, "features", outF);
        }
        Tensor[] inputs = bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias};
        return y.recordedBy(Node.of(name, inputs, g -> {
            Tensor gx = null;
            if (x.requiresGrad()) {
                gx = Op.newF32(x, x.shape());
                be.gemm(Gemm.of(false, false, rows, in, outF, 1f, 0f), g.data(), w.data(), gx.data());
            }
            Tensor gw = null;
            if (w.requiresGrad()) {
                gw = Op.newF32(w, w.shape());
                be.gemm(Gemm.of(true, false, outF, in, rows, 1f, 0f), g.data(), x.data(), gw.data());
            }
            Tensor gbias = bias != null && bias.requiresGrad() ? Reductions.sumTo(g.reshape(rows, outF), bias.shape())
                    : null;
            return bias == null ? new Tensor[] {gx, gw} : new Tensor[] {gx, gw, gbias};
        }));
    }
}
