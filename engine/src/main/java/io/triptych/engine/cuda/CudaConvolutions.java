package io.triptych.engine.cuda;

import io.triptych.bindings.tri_reduce;
import io.triptych.bindings.triptych_h;
import io.triptych.engine.Convolutions;
import io.triptych.engine.memory.Block;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Convolutions on a CUDA device, each pass of each shape run by the implementation its {@link ConvPlanCache} plan
 * chose: Triptych's own kernel (the kernel library) or one of cuDNN's algorithms. Where cuDNN is absent the kernel
 * library's are the only candidates. The plan, and so the workspace size, is fixed by the first
 * {@link #workspaceBytes} call of a key; that call times the candidates on scratch operands, which cannot happen
 * while a CUDA graph is being captured (run the captured body once first: {@link CudaGraph#capture} does).
 *
 * <p>cuDNN's passes carry no bias: the forward adds it with the kernel library's bias kernel, and the bias gradient
 * of the backward-weight pass is the kernel library's sum over batch and pixels. Only cuDNN's deterministic
 * algorithms are candidates, so a backend's results repeat bit for bit like the kernel library's.
 */
final class CudaConvolutions implements Convolutions {
    private static final String CUSTOM = "triptych";
    private static final String CUDNN = "cudnn:";

    private final String device;
    private final triptych_h kernels;
    private final MemorySegment context;
    private final CudaAllocator allocator;
    private final Cudnn cudnn;
    private final ConvPlanCache plans;
    private final CurrentDevice current;

    /** {@code cudnn} may be null: then every plan is the kernel library's. */
    CudaConvolutions(String device, triptych_h kernels, MemorySegment context, CudaAllocator allocator, Cudnn cudnn,
                     ConvPlanCache plans, CurrentDevice current) {
        this.device = device;
        this.current = current;
        this.kernels = kernels;
        this.context = context;
        this.allocator = allocator;
        this.cudnn = cudnn;
        this.plans = plans;
    }

    /** cuDNN's handle acts on the thread's current device, which the kernel library's calls need not set. */
    private void cudnnDevice() {
        if (cudnn != null) {
            current.use();
        }
    }

    ConvPlanCache plans() {
        return plans;
    }

    @Override
    public long workspaceBytes(MemorySegment desc, int pass, Object... context) {
        cudnnDevice();
        return plan(desc, ConvPlanCache.Pass.of(pass), context).workspaceBytes();
    }

    @Override
    public void forward(MemorySegment desc, MemorySegment x, MemorySegment w, MemorySegment bias, MemorySegment y,
                        MemorySegment workspace, long workspaceBytes, Object... context) {
        cudnnDevice();
        ConvPlanCache.Plan p = plan(desc, ConvPlanCache.Pass.FORWARD, context);
        int algo = cudnnAlgorithm(p);
        if (algo < 0) {
            kernels.check(kernels.tri_conv2d_forward_f32(this.context, desc, x, w, bias, y, workspace, workspaceBytes),
                    "tri_conv2d_forward_f32", context);
            return;
        }
        ConvPlanCache.Shape s = p.key().shape();
        cudnn.run(ConvPlanCache.Pass.FORWARD, s, algo, x, w, y, workspace, workspaceBytes);
        if (bias.address() != 0) {
            kernels.check(kernels.tri_bias_act_f32(this.context, s.n(), s.cOut(), (long) s.hOut() * s.wOut(), y, bias,
                    -1, 0f, y), "tri_bias_act_f32", context);
        }
    }

    @Override
    public void backwardData(MemorySegment desc, MemorySegment gy, MemorySegment w, MemorySegment gx,
                             MemorySegment workspace, long workspaceBytes, Object... context) {
        cudnnDevice();
        ConvPlanCache.Plan p = plan(desc, ConvPlanCache.Pass.BACKWARD_DATA, context);
        int algo = cudnnAlgorithm(p);
        if (algo < 0) {
            kernels.check(kernels.tri_conv2d_backward_data_f32(this.context, desc, gy, w, gx, workspace,
                    workspaceBytes), "tri_conv2d_backward_data_f32", context);
            return;
        }
        cudnn.run(ConvPlanCache.Pass.BACKWARD_DATA, p.key().shape(), algo, gy, w, gx, workspace, workspaceBytes);
    }

    @Override
    public void backwardWeight(MemorySegment desc, MemorySegment x, MemorySegment gy, MemorySegment gw,
                               MemorySegment gbias, MemorySegment workspace, long workspaceBytes, Object... context) {
        cudnnDevice();
        ConvPlanCache.Plan p = plan(desc, ConvPlanCache.Pass.BACKWARD_WEIGHT, context);
        int algo = cudnnAlgorithm(p);
        if (algo < 0) {
            kernels.check(kernels.tri_conv2d_backward_weight_f32(this.context, desc, x, gy, gw, gbias, workspace,
                    workspaceBytes), "tri_conv2d_backward_weight_f32", context);
            return;
        }
        ConvPlanCache.Shape s = p.key().shape();
        cudnn.run(ConvPlanCache.Pass.BACKWARD_WEIGHT, s, algo, x, gy, gw, workspace, workspaceBytes);
        if (gbias.address() != 0) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment r = tri_reduce.allocate(arena);
                tri_reduce.rank(r, 3);
                tri_reduce.reduce_mask(r, 0b101);
                tri_reduce.shape(r, 0, s.n());
                tri_reduce.shape(r, 1, s.cOut());
                tri_reduce.shape(r, 2, (long) s.hOut() * s.wOut());
                kernels.check(kernels.tri_sum_f32(this.context, r, gy, 1f, gbias), "tri_sum_f32", context);
            }
        }
    }

    /** The cuDNN algorithm of {@code p}, or -1 when the kernel library's convolution won. */
    private static int cudnnAlgorithm(ConvPlanCache.Plan p) {
        String name = p.algorithm();
        if (!name.startsWith(CUDNN)) {
            return -1;
        }
        return List.of(Cudnn.algorithms(p.key().pass())).indexOf(name.substring(CUDNN.length()));
    }

    private ConvPlanCache.Plan plan(MemorySegment desc, ConvPlanCache.Pass pass, Object... context) {
        ConvPlanCache.Key key = new ConvPlanCache.Key(device, "f32", pass, ConvPlanCache.Shape.of(desc));
        var known = plans.find(key);
        if (known.isPresent()) {
            return known.get();
        }
        // The kernel library validates the descriptor exactly as the CPU library does, and names what is wrong.
        long own = kernelWorkspace(desc, pass, context);
        if (allocator.isCapturing()) {
            throw new IllegalStateException(device + ": the convolution plan of " + key + " is chosen by timing, "
                    + "which cannot happen during CUDA graph capture; run the captured work once before capturing it "
                    + "(CudaGraph.capture does)");
        }
        try (Arena arena = Arena.ofConfined(); Scratch s = new Scratch(pass, key.shape())) {
            MemorySegment d = arena.allocate(desc.byteSize(), 8).copyFrom(desc);
            return plans.plan(key, candidates(key, d, own, s));
        }
    }

    private long kernelWorkspace(MemorySegment desc, ConvPlanCache.Pass pass, Object... context) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG);
            kernels.check(kernels.tri_conv2d_workspace_size(this.context, desc, pass.tri(), out),
                    "tri_conv2d_workspace_size", context);
            return out.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    private List<ConvPlanCache.Candidate> candidates(ConvPlanCache.Key key, MemorySegment desc, long own, Scratch s) {
        List<ConvPlanCache.Candidate> out = new ArrayList<>();
        out.add(candidate(CUSTOM, own, (ws, bytes) -> {
            int status = switch (key.pass()) {
                case FORWARD -> kernels.tri_conv2d_forward_f32(context, desc, s.a(), s.b(), MemorySegment.NULL,
                        s.out(), ws, bytes);
                case BACKWARD_DATA -> kernels.tri_conv2d_backward_data_f32(context, desc, s.a(), s.b(), s.out(), ws,
                        bytes);
                case BACKWARD_WEIGHT -> kernels.tri_conv2d_backward_weight_f32(context, desc, s.a(), s.b(), s.out(),
                        MemorySegment.NULL, ws, bytes);
            };
            kernels.check(status, "tri_conv2d (" + key.pass() + ")", "shape", key.shape());
        }));
        if (cudnn != null) {
            String[] names = Cudnn.algorithms(key.pass());
            for (int algo = 0; algo < names.length; algo++) {
                if (!Cudnn.deterministic(key.pass(), algo)) {
                    continue;
                }
                long bytes = cudnn.workspaceBytes(key.pass(), key.shape(), algo);
                if (bytes < 0) {
                    continue;
                }
                int chosen = algo;
                out.add(candidate(CUDNN + names[algo], bytes, (ws, wsBytes) -> cudnn.run(key.pass(), key.shape(),
                        chosen, s.a(), s.b(), s.out(), ws, wsBytes)));
            }
        }
        return out;
    }

    private interface Run {
        void run(MemorySegment workspace, long workspaceBytes);
    }

    private static ConvPlanCache.Candidate candidate(String name, long workspaceBytes, Run run) {
        return new ConvPlanCache.Candidate() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long workspaceBytes() {
                return workspaceBytes;
            }

            @Override
            public void run(MemorySegment workspace, long bytes) {
                run.run(workspace, bytes);
            }
        };
    }

    /**
     * Operands for timing one pass of one shape: the two inputs filled with uniform noise (timing all-zero data
     * would flatter nothing but proves less), the output left as it is.
     */
    private final class Scratch implements AutoCloseable {
        private final Block a;
        private final Block b;
        private final Block out;

        Scratch(ConvPlanCache.Pass pass, ConvPlanCache.Shape s) {
            long[] sizes = switch (pass) {
                case FORWARD -> new long[] {s.inputElements(), s.weightElements(), s.outputElements()};
                case BACKWARD_DATA -> new long[] {s.outputElements(), s.weightElements(), s.inputElements()};
                case BACKWARD_WEIGHT -> new long[] {s.inputElements(), s.outputElements(), s.weightElements()};
            };
            List<Block> made = new ArrayList<>();
            try {
                for (long n : sizes) {
                    made.add(allocator.allocate(n * Float.BYTES));
                }
                for (int i = 0; i < 2; i++) {
                    kernels.check(kernels.tri_philox_uniform_f32(context, 0x5EED + i, 0, sizes[i], -1f, 1f,
                            made.get(i).segment()), "tri_philox_uniform_f32", "n", sizes[i]);
                }
            } catch (RuntimeException | CudaOutOfMemoryError e) {
                made.forEach(allocator::release);
                throw e;
            }
            this.a = made.get(0);
            this.b = made.get(1);
            this.out = made.get(2);
        }

        MemorySegment a() {
            return a.segment();
        }

        MemorySegment b() {
            return b.segment();
        }

        MemorySegment out() {
            return out.segment();
        }

        @Override
        public void close() {
            allocator.release(a);
            allocator.release(b);
            allocator.release(out);
        }
    }
}
