package io.triptych.engine.ops;

import io.triptych.bindings.triptych_h;
import io.triptych.engine.Backend;
import io.triptych.engine.DType;
import io.triptych.engine.Shapes;
import io.triptych.engine.Tensor;
import io.triptych.engine.autograd.Node;

import java.util.Arrays;

/** Embedding lookup: rows of a table selected by I32 indices. */
final class Lookup {
    private Lookup() {
    }

    /** table [num, dim] at indices [...] -> [..., dim]. */
    static Tensor embedding(Tensor table, Tensor indices) {
        String name = "embedding";
        Backend be = Op.backend(name, table, indices);
        Op.f32(name, table, "weight");
        Op.rank(name, table, "weight", 2);
        Op.dtype(name, indices, "indices", DType.I32);
        int num = table.dim(0);
        int dim = table.dim(1);
        int[] outShape = Arrays.copyOf(indices.shape(), indices.rank() + 1);
        outShape[indices.rank()] = dim;
        Tensor y = Op.newF32(table, outShape);
        triptych_h k = be.kernels();
        k.check(k.tri_embedding_f32(be.context(), indices.numel(), num, dim, table.data(), indices.data(), y.data()),
                "tri_embedding_f32", "weight", Shapes.str(table.shape()), "indices", Shapes.str(indices.shape()));
        return y.recordedBy(Node.of(name, new Tensor[] {table, indices}, g -> {
            Tensor gt = Op.newF32(table, table.shape());
            k.check(k.tri_embedding_backward_f32(be.context(), indices.numel(), num, dim, indices.data(), g.data(),
                    gt.data()), "tri_embedding_backward_f32", "weight", Shapes.str(table.shape()));
            return new Tensor[] {gt, null};
        }));
    }
}
