package io.triptych.bench.gpu;

import io.triptych.engine.Backends;
import io.triptych.engine.DType;
import io.triptych.engine.Device;
import io.triptych.engine.Grad;
import io.triptych.engine.Scope;
import io.triptych.engine.Tensor;
import io.triptych.engine.cuda.ConvPlanCache;
import io.triptych.engine.cuda.CudaBackend;
import io.triptych.engine.cuda.CudaEvents;
import io.triptych.engine.cuda.CudaGraph;
import io.triptych.engine.ops.F;
import io.triptych.engine.ops.StepCoefficients;
import io.triptych.engine.random.Generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The GPU numbers, timed with CUDA events after warm-up (medians), printed as one JSON object for
 * bench/gpu/summarize.py: the card; its measured copy bandwidth and the element-wise and denoising-step kernels'
 * share of it; per convolution shape and pass, Triptych's kernel against cuDNN's best algorithm (the convolution
 * plan's own trials); and the DDIM-50 loop's samples per second, eager and replayed as one CUDA graph.
 */
public final class GpuReport {
    private static final Device GPU = Device.cuda(0);

    private GpuReport() {
    }

    public static void main(String[] args) {
        CudaBackend be = Backends.cuda(0);
        List<String> json = new ArrayList<>();
        json.add(q("device") + ": " + q(be.describe()));
        try (CudaEvents ev = CudaEvents.on(be)) {
            bandwidth(be, ev, json);
            convolutions(be, json);
            ddim(be, ev, json);
        }
        System.out.println("{\n  " + String.join(",\n  ", json) + "\n}");
    }

    /** Device-to-device copy bandwidth, and silu and one DDPM step on 64M floats, in GB/s (bytes read + written). */
    private static void bandwidth(CudaBackend be, CudaEvents ev, List<String> json) {
        int n = 1 << 26;
        double bytes = (double) n * Float.BYTES;
        try (Scope s = Scope.open(); Grad.Mode off = Grad.off()) {
            Generator gen = new Generator(1);
            Tensor a = Tensor.randn(gen, GPU, n);
            Tensor m = Tensor.randn(gen, GPU, n);
            Tensor b = Tensor.empty(GPU, DType.F32, n);
            double copy = 2 * bytes / (ev.medianMillis(() -> F.copyInto(a, b), 5, 31) * 1e6);
            double silu = 2 * bytes / (ev.medianMillis(() -> {
                try (Scope t = Scope.open()) {
                    F.silu(a);
                }
            }, 5, 31) * 1e6);
            StepCoefficients ddpm = new StepCoefficients(1.02, -0.2, 1.0, 0.98, -0.2, 0.1, 0.8, 0.0, 0.0, 0.05);
            Generator noise = new Generator(2);
            // Reads x and the model output, writes x_out and x0, and draws the noise in-kernel.
            double step = 4 * bytes / (ev.medianMillis(() -> {
                try (Scope t = Scope.open()) {
                    F.denoiseStep(a, m, null, ddpm, noise);
                }
            }, 5, 31) * 1e6);
            json.add(String.format(Locale.ROOT, "%s: {%s: %.1f, %s: %.1f, %s: %.1f}", q("bandwidth_gbs"), q("copy"),
                    copy, q("silu"), silu, q("denoise_step"), step));
        }
    }

    /** Plans every pass of every workload convolution at each batch; each plan's trials time every candidate. */
    private static void convolutions(CudaBackend be, List<String> json) {
        for (int batch : GpuWorkloads.BATCHES) {
            for (GpuWorkloads.Conv c : GpuWorkloads.CONVS) {
                try (Scope s = Scope.open()) {
                    Generator gen = new Generator(3);
                    Tensor x = Tensor.randn(gen, GPU, batch, c.cIn(), c.h(), c.w()).requiresGrad(true);
                    Tensor w = c.weight(gen, GPU).requiresGrad(true);
                    Tensor y = c.apply(x, w);
                    y.backward(Tensor.onesLike(y));
                }
            }
        }
        be.synchronize();
        List<String> rows = new ArrayList<>();
        for (ConvPlanCache.Plan p : be.convolutionPlans()) {
            ConvPlanCache.Trial custom = null;
            ConvPlanCache.Trial cudnn = null;
            for (ConvPlanCache.Trial t : p.trials()) {
                if (!t.ok()) {
                    continue;
                }
                if (t.candidate().equals("triptych")) {
                    custom = t;
                } else if (cudnn == null || t.millis() < cudnn.millis()) {
                    cudnn = t;
                }
            }
            rows.add(String.format(Locale.ROOT, "{%s: %s, %s: %s, %s: %s, %s: %s, %s: %s, %s: %s}", q("shape"),
                    q(p.key().shape().toString()), q("pass"), q(p.key().pass().toString()), q("winner"),
                    q(p.algorithm()), q("triptych_ms"), custom == null ? "null" : num(custom.millis()),
                    q("cudnn_best"), cudnn == null ? "null" : q(cudnn.candidate()), q("cudnn_ms"),
                    cudnn == null ? "null" : num(cudnn.millis())));
        }
        json.add(q("conv") + ": [\n    " + String.join(",\n    ", rows) + "\n  ]");
    }

    /** DDIM-50 over the stack at batch 64: one whole loop per timing, eager and as a replayed CUDA graph. */
    private static void ddim(CudaBackend be, CudaEvents ev, List<String> json) {
        int batch = 64;
        StepCoefficients[] steps = GpuWorkloads.ddim();
        try (Scope s = Scope.open(); GpuWorkloads.Stack stack = new GpuWorkloads.Stack(GPU)) {
            Tensor start = Tensor.randn(new Generator(4), GPU, batch, 1, GpuWorkloads.SIZE, GpuWorkloads.SIZE);
            Tensor x = Tensor.zerosLike(start);
            // Each loop starts from the same noise: the untrained stack would blow the sample up over many loops.
            Runnable loop = () -> {
                F.copyInto(start, x);
                GpuWorkloads.sample(stack, steps, x);
            };
            double eager = ev.medianMillis(loop, 2, 7);
            double graphMs;
            try (CudaGraph graph = CudaGraph.capture(be, loop)) {
                graphMs = ev.medianMillis(graph::replay, 3, 15);
            }
            json.add(String.format(Locale.ROOT, "%s: {%s: %d, %s: %d, %s: %s, %s: %s, %s: %.1f, %s: %.1f}",
                    q("ddim50"), q("batch"), batch, q("steps"), steps.length, q("eager_ms"), num(eager),
                    q("graph_ms"), num(graphMs), q("eager_samples_per_s"), batch * 1000 / eager,
                    q("graph_samples_per_s"), batch * 1000 / graphMs));
        }
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
