package io.triptych.engine;

import io.triptych.bindings.triptych_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A backend's three convolution passes on the kernel library's {@code tri_conv2d_desc}. By default they are the
 * kernel library's own; the CUDA backend chooses per shape between its kernels and cuDNN. Callers ask for the
 * workspace of a pass, allocate it from the backend, then run the pass with it. {@code context} (name, value pairs)
 * goes into the message of a failure.
 */
public interface Convolutions {
    /** Bytes of workspace {@code pass} (TRI_CONV_*) needs for {@code desc}. */
    long workspaceBytes(MemorySegment desc, int pass, Object... context);

    /** y = conv(x, w) + bias (bias may be NULL). */
    void forward(MemorySegment desc, MemorySegment x, MemorySegment w, MemorySegment bias, MemorySegment y,
                 MemorySegment workspace, long workspaceBytes, Object... context);

    /** gx = dL/dx from gy (also conv_transpose2d's forward). */
    void backwardData(MemorySegment desc, MemorySegment gy, MemorySegment w, MemorySegment gx,
                      MemorySegment workspace, long workspaceBytes, Object... context);

    /** gw = dL/dw and gbias = dL/dbias (gbias may be NULL). */
    void backwardWeight(MemorySegment desc, MemorySegment x, MemorySegment gy, MemorySegment gw, MemorySegment gbias,
                        MemorySegment workspace, long workspaceBytes, Object... context);

    /** The kernel library's convolutions on {@code backend}'s context. */
    record Kernels(Backend backend) implements Convolutions {
        @Override
        public long workspaceBytes(MemorySegment desc, int pass, Object... context) {
            triptych_h k = backend.kernels();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG);
                k.check(k.tri_conv2d_workspace_size(backend.context(), desc, pass, out), "tri_conv2d_workspace_size",
                        context);
                return out.get(ValueLayout.JAVA_LONG, 0);
            }
        }

        @Override
        public void forward(MemorySegment desc, MemorySegment x, MemorySegment w, MemorySegment bias, MemorySegment y,
                            MemorySegment workspace, long workspaceBytes, Object... context) {
            triptych_h k = backend.kernels();
            k.check(k.tri_conv2d_forward_f32(backend.context(), desc, x, w, bias, y, workspace, workspaceBytes),
                    "tri_conv2d_forward_f32", context);
        }

        @Override
        public void backwardData(MemorySegment desc, MemorySegment gy, MemorySegment w, MemorySegment gx,
                                 MemorySegment workspace, long workspaceBytes, Object... context) {
            triptych_h k = backend.kernels();
            k.check(k.tri_conv2d_backward_data_f32(backend.context(), desc, gy, w, gx, workspace, workspaceBytes),
                    "tri_conv2d_backward_data_f32", context);
        }

        @Override
        public void backwardWeight(MemorySegment desc, MemorySegment x, MemorySegment gy, MemorySegment gw,
                                   MemorySegment gbias, MemorySegment workspace, long workspaceBytes,
                                   Object... context) {
            triptych_h k = backend.kernels();
            k.check(k.tri_conv2d_backward_weight_f32(backend.context(), desc, x, gy, gw, gbias, workspace,
                    workspaceBytes), "tri_conv2d_backward_weight_f32", context);
        }
    }
}
