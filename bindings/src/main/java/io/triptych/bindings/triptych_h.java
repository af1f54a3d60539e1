package io.triptych.bindings;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Bindings of {@code native/include/triptych.h}, in the shape jextract generates (see {@code regen.sh}), except
 * that the header class is instantiated once per library: libtriptych_cpu.so and libtriptych_cuda.so export
 * the same symbols, and each instance calls into its own library.
 *
 * <p>Every method returns the native {@code tri_status}; callers check it with {@link #check}. A symbol the
 * library lacks is reported when it is first called, so a partially built library can still be queried.
 */
@SuppressWarnings({"unused", "checkstyle:MethodName"})
public final class triptych_h {
    public static final int TRI_ABI_VERSION = 1;
    public static final int TRI_MAX_DIMS = 8;
    public static final int TRI_OK = 0;
    public static final int TRI_ERR_INVALID_ARGUMENT = 1;
    public static final int TRI_ERR_OUT_OF_MEMORY = 2;
    public static final int TRI_ERR_UNSUPPORTED = 3;
    public static final int TRI_ERR_DEVICE = 4;
    public static final int TRI_ERR_NO_DEVICE = 5;
    public static final int TRI_ERR_INTERNAL = 6;
    public static final int TRI_BACKEND_CPU = 1;
    public static final int TRI_BACKEND_CUDA = 2;
    public static final int TRI_CPU_SSE42 = 1 << 0;
    public static final int TRI_CPU_AVX = 1 << 1;
    public static final int TRI_CPU_AVX2 = 1 << 2;
    public static final int TRI_CPU_FMA = 1 << 3;
    public static final int TRI_CPU_AVX512F = 1 << 4;
    public static final int TRI_CPU_F16C = 1 << 5;
    public static final int TRI_UNARY_NEG = 0;
    public static final int TRI_UNARY_EXP = 1;
    public static final int TRI_UNARY_LOG = 2;
    public static final int TRI_UNARY_SQRT = 3;
    public static final int TRI_UNARY_RELU = 4;
    public static final int TRI_UNARY_LEAKY_RELU = 5;
    public static final int TRI_UNARY_SILU = 6;
    public static final int TRI_UNARY_GELU = 7;
    public static final int TRI_UNARY_TANH = 8;
    public static final int TRI_UNARY_SIGMOID = 9;
    public static final int TRI_UNARY_SOFTPLUS = 10;
    public static final int TRI_UNARY_CLAMP = 11;
    public static final int TRI_UNARY_POW = 12;
    public static final int TRI_UNARY_AFFINE = 13;
    public static final int TRI_UNARY_ABS = 14;
    public static final int TRI_UNARY_SQUARE = 15;
    public static final int TRI_UNARY_RSQRT = 16;
    public static final int TRI_UNARY_RECIPROCAL = 17;
    public static final int TRI_UNARY_COUNT = 18;
    public static final int TRI_BINARY_ADD = 0;
    public static final int TRI_BINARY_SUB = 1;
    public static final int TRI_BINARY_MUL = 2;
    public static final int TRI_BINARY_DIV = 3;
    public static final int TRI_BINARY_POW = 4;
    public static final int TRI_BINARY_MAXIMUM = 5;
    public static final int TRI_BINARY_MINIMUM = 6;
    public static final int TRI_BINARY_COUNT = 7;
    public static final int TRI_CONV_FORWARD = 0;
    public static final int TRI_CONV_BACKWARD_DATA = 1;
    public static final int TRI_CONV_BACKWARD_WEIGHT = 2;

    /** C prototypes of every function, as FFM descriptors; the header conformance test compares them. */
    public static final Map<String, FunctionDescriptor> DESCRIPTORS;

    static {
        Map<String, FunctionDescriptor> d = new LinkedHashMap<>();
        d.put("tri_last_error", FunctionDescriptor.of(ADDRESS));
        d.put("tri_status_name", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        d.put("tri_abi_version", FunctionDescriptor.of(JAVA_INT));
        d.put("tri_library_query", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("tri_device_query", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        d.put("tri_context_create", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        d.put("tri_context_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("tri_context_synchronize", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        d.put("tri_context_stream", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        d.put("tri_fill_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_FLOAT, ADDRESS));
        d.put("tri_copy_nd_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        d.put("tri_unary_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, JAVA_FLOAT, JAVA_FLOAT, ADDRESS));
        d.put("tri_unary_backward_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_FLOAT, JAVA_FLOAT, ADDRESS));
        d.put("tri_binary_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        d.put("tri_bias_act_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS));
        d.put("tri_sum_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_FLOAT, ADDRESS));
        d.put("tri_softmax_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS));
        d.put("tri_softmax_backward_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        d.put("tri_conv2d_workspace_size", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        d.put("tri_conv2d_forward_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        d.put("tri_conv2d_backward_data_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        d.put("tri_conv2d_backward_weight_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        d.put("tri_upsample_nearest_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
        d.put("tri_upsample_nearest_backward_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
        d.put("tri_avg_pool_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
        d.put("tri_avg_pool_backward_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
        d.put("tri_batch_norm_forward_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_FLOAT, JAVA_FLOAT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        d.put("tri_batch_norm_backward_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        d.put("tri_group_norm_forward_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_FLOAT, ADDRESS, ADDRESS, ADDRESS));
        d.put("tri_group_norm_backward_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        d.put("tri_layer_norm_forward_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_FLOAT, ADDRESS, ADDRESS, ADDRESS));
        d.put("tri_layer_norm_backward_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        d.put("tri_mse_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, JAVA_FLOAT, ADDRESS));
        d.put("tri_mse_backward_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_FLOAT, ADDRESS, ADDRESS));
        d.put("tri_bce_with_logits_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, JAVA_FLOAT, ADDRESS));
        d.put("tri_bce_with_logits_backward_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_FLOAT, ADDRESS));
        d.put("tri_nll_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_FLOAT, ADDRESS));
        d.put("tri_nll_backward_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_FLOAT, ADDRESS));
        d.put("tri_gaussian_kl_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, JAVA_FLOAT, ADDRESS));
        d.put("tri_gaussian_kl_backward_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_FLOAT, ADDRESS, ADDRESS));
        d.put("tri_embedding_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS));
        d.put("tri_embedding_backward_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS));
        d.put("tri_philox_uniform_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_FLOAT, JAVA_FLOAT, ADDRESS));
        d.put("tri_philox_normal_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_FLOAT, JAVA_FLOAT, ADDRESS));
        d.put("tri_dropout_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_FLOAT, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS));
        d.put("tri_denoise_step_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        d.put("tri_reparameterize_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS));
        d.put("tri_sgd_update_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        d.put("tri_adam_update_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        d.put("tri_ema_update_f32", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, JAVA_FLOAT));
        DESCRIPTORS = Map.copyOf(d);
    }

    private final Path library;
    private final MethodHandle tri_last_error;
    private final MethodHandle tri_status_name;
    private final MethodHandle tri_abi_version;
    private final MethodHandle tri_library_query;
    private final MethodHandle tri_device_query;
    private final MethodHandle tri_context_create;
    private final MethodHandle tri_context_destroy;
    private final MethodHandle tri_context_synchronize;
    private final MethodHandle tri_context_stream;
    private final MethodHandle tri_fill_f32;
    private final MethodHandle tri_copy_nd_f32;
    private final MethodHandle tri_unary_f32;
    private final MethodHandle tri_unary_backward_f32;
    private final MethodHandle tri_binary_f32;
    private final MethodHandle tri_bias_act_f32;
    private final MethodHandle tri_sum_f32;
    private final MethodHandle tri_softmax_f32;
    private final MethodHandle tri_softmax_backward_f32;
    private final MethodHandle tri_conv2d_workspace_size;
    private final MethodHandle tri_conv2d_forward_f32;
    private final MethodHandle tri_conv2d_backward_data_f32;
    private final MethodHandle tri_conv2d_backward_weight_f32;
    private final MethodHandle tri_upsample_nearest_f32;
    private final MethodHandle tri_upsample_nearest_backward_f32;
    private final MethodHandle tri_avg_pool_f32;
    private final MethodHandle tri_avg_pool_backward_f32;
    private final MethodHandle tri_batch_norm_forward_f32;
    private final MethodHandle tri_batch_norm_backward_f32;
    private final MethodHandle tri_group_norm_forward_f32;
    private final MethodHandle tri_group_norm_backward_f32;
    private final MethodHandle tri_layer_norm_forward_f32;
    private final MethodHandle tri_layer_norm_backward_f32;
    private final MethodHandle tri_mse_f32;
    private final MethodHandle tri_mse_backward_f32;
    private final MethodHandle tri_bce_with_logits_f32;
    private final MethodHandle tri_bce_with_logits_backward_f32;
    private final MethodHandle tri_nll_f32;
    private final MethodHandle tri_nll_backward_f32;
    private final MethodHandle tri_gaussian_kl_f32;
    private final MethodHandle tri_gaussian_kl_backward_f32;
    private final MethodHandle tri_embedding_f32;
    private final MethodHandle tri_embedding_backward_f32;
    private final MethodHandle tri_philox_uniform_f32;
    private final MethodHandle tri_philox_normal_f32;
    private final MethodHandle tri_dropout_f32;
    private final MethodHandle tri_denoise_step_f32;
    private final MethodHandle tri_reparameterize_f32;
    private final MethodHandle tri_sgd_update_f32;
    private final MethodHandle tri_adam_update_f32;
    private final MethodHandle tri_ema_update_f32;

    /** Binds every function of the header found by {@code lookup}, which searches {@code library}. */
    public triptych_h(SymbolLookup lookup, Path library) {
        this.library = library;
        Linker linker = Linker.nativeLinker();
        tri_last_error = Downcalls.find(linker, lookup, library, "tri_last_error", DESCRIPTORS.get("tri_last_error"));
        tri_status_name = Downcalls.find(linker, lookup, library, "tri_status_name", DESCRIPTORS.get("tri_status_name"));
        tri_abi_version = Downcalls.find(linker, lookup, library, "tri_abi_version", DESCRIPTORS.get("tri_abi_version"));
        tri_library_query = Downcalls.find(linker, lookup, library, "tri_library_query", DESCRIPTORS.get("tri_library_query"));
        tri_device_query = Downcalls.find(linker, lookup, library, "tri_device_query", DESCRIPTORS.get("tri_device_query"));
        tri_context_create = Downcalls.find(linker, lookup, library, "tri_context_create", DESCRIPTORS.get("tri_context_create"));
        tri_context_destroy = Downcalls.find(linker, lookup, library, "tri_context_destroy", DESCRIPTORS.get("tri_context_destroy"));
        tri_context_synchronize = Downcalls.find(linker, lookup, library, "tri_context_synchronize", DESCRIPTORS.get("tri_context_synchronize"));
        tri_context_stream = Downcalls.find(linker, lookup, library, "tri_context_stream", DESCRIPTORS.get("tri_context_stream"));
        tri_fill_f32 = Downcalls.find(linker, lookup, library, "tri_fill_f32", DESCRIPTORS.get("tri_fill_f32"));
        tri_copy_nd_f32 = Downcalls.find(linker, lookup, library, "tri_copy_nd_f32", DESCRIPTORS.get("tri_copy_nd_f32"));
        tri_unary_f32 = Downcalls.find(linker, lookup, library, "tri_unary_f32", DESCRIPTORS.get("tri_unary_f32"));
        tri_unary_backward_f32 = Downcalls.find(linker, lookup, library, "tri_unary_backward_f32", DESCRIPTORS.get("tri_unary_backward_f32"));
        tri_binary_f32 = Downcalls.find(linker, lookup, library, "tri_binary_f32", DESCRIPTORS.get("tri_binary_f32"));
        tri_bias_act_f32 = Downcalls.find(linker, lookup, library, "tri_bias_act_f32", DESCRIPTORS.get("tri_bias_act_f32"));
        tri_sum_f32 = Downcalls.find(linker, lookup, library, "tri_sum_f32", DESCRIPTORS.get("tri_sum_f32"));
        tri_softmax_f32 = Downcalls.find(linker, lookup, library, "tri_softmax_f32", DESCRIPTORS.get("tri_softmax_f32"));
        tri_softmax_backward_f32 = Downcalls.find(linker, lookup, library, "tri_softmax_backward_f32", DESCRIPTORS.get("tri_softmax_backward_f32"));
        tri_conv2d_workspace_size = Downcalls.find(linker, lookup, library, "tri_conv2d_workspace_size", DESCRIPTORS.get("tri_conv2d_workspace_size"));
        tri_conv2d_forward_f32 = Downcalls.find(linker, lookup, library, "tri_conv2d_forward_f32", DESCRIPTORS.get("tri_conv2d_forward_f32"));
        tri_conv2d_backward_data_f32 = Downcalls.find(linker, lookup, library, "tri_conv2d_backward_data_f32", DESCRIPTORS.get("tri_conv2d_backward_data_f32"));
        tri_conv2d_backward_weight_f32 = Downcalls.find(linker, lookup, library, "tri_conv2d_backward_weight_f32", DESCRIPTORS.get("tri_conv2d_backward_weight_f32"));
        tri_upsample_nearest_f32 = Downcalls.find(linker, lookup, library, "tri_upsample_nearest_f32", DESCRIPTORS.get("tri_upsample_nearest_f32"));
        tri_upsample_nearest_backward_f32 = Downcalls.find(linker, lookup, library, "tri_upsample_nearest_backward_f32", DESCRIPTORS.get("tri_upsample_nearest_backward_f32"));
        tri_avg_pool_f32 = Downcalls.find(linker, lookup, library, "tri_avg_pool_f32", DESCRIPTORS.get("tri_avg_pool_f32"));
        tri_avg_pool_backward_f32 = Downcalls.find(linker, lookup, library, "tri_avg_pool_backward_f32", DESCRIPTORS.get("tri_avg_pool_backward_f32"));
        tri_batch_norm_forward_f32 = Downcalls.find(linker, lookup, library, "tri_batch_norm_forward_f32", DESCRIPTORS.get("tri_batch_norm_forward_f32"));
        tri_batch_norm_backward_f32 = Downcalls.find(linker, lookup, library, "tri_batch_norm_backward_f32", DESCRIPTORS.get("tri_batch_norm_backward_f32"));
        tri_group_norm_forward_f32 = Downcalls.find(linker, lookup, library, "tri_group_norm_forward_f32", DESCRIPTORS.get("tri_group_norm_forward_f32"));
        tri_group_norm_backward_f32 = Downcalls.find(linker, lookup, library, "tri_group_norm_backward_f32", DESCRIPTORS.get("tri_group_norm_backward_f32"));
        tri_layer_norm_forward_f32 = Downcalls.find(linker, lookup, library, "tri_layer_norm_forward_f32", DESCRIPTORS.get("tri_layer_norm_forward_f32"));
        tri_layer_norm_backward_f32 = Downcalls.find(linker, lookup, library, "tri_layer_norm_backward_f32", DESCRIPTORS.get("tri_layer_norm_backward_f32"));
        tri_mse_f32 = Downcalls.find(linker, lookup, library, "tri_mse_f32", DESCRIPTORS.get("tri_mse_f32"));
        tri_mse_backward_f32 = Downcalls.find(linker, lookup, library, "tri_mse_backward_f32", DESCRIPTORS.get("tri_mse_backward_f32"));
        tri_bce_with_logits_f32 = Downcalls.find(linker, lookup, library, "tri_bce_with_logits_f32", DESCRIPTORS.get("tri_bce_with_logits_f32"));
        tri_bce_with_logits_backward_f32 = Downcalls.find(linker, lookup, library, "tri_bce_with_logits_backward_f32", DESCRIPTORS.get("tri_bce_with_logits_backward_f32"));
        tri_nll_f32 = Downcalls.find(linker, lookup, library, "tri_nll_f32", DESCRIPTORS.get("tri_nll_f32"));
        tri_nll_backward_f32 = Downcalls.find(linker, lookup, library, "tri_nll_backward_f32", DESCRIPTORS.get("tri_nll_backward_f32"));
        tri_gaussian_kl_f32 = Downcalls.find(linker, lookup, library, "tri_gaussian_kl_f32", DESCRIPTORS.get("tri_gaussian_kl_f32"));
        tri_gaussian_kl_backward_f32 = Downcalls.find(linker, lookup, library, "tri_gaussian_kl_backward_f32", DESCRIPTORS.get("tri_gaussian_kl_backward_f32"));
        tri_embedding_f32 = Downcalls.find(linker, lookup, library, "tri_embedding_f32", DESCRIPTORS.get("tri_embedding_f32"));
        tri_embedding_backward_f32 = Downcalls.find(linker, lookup, library, "tri_embedding_backward_f32", DESCRIPTORS.get("tri_embedding_backward_f32"));
        tri_philox_uniform_f32 = Downcalls.find(linker, lookup, library, "tri_philox_uniform_f32", DESCRIPTORS.get("tri_philox_uniform_f32"));
        tri_philox_normal_f32 = Downcalls.find(linker, lookup, library, "tri_philox_normal_f32", DESCRIPTORS.get("tri_philox_normal_f32"));
        tri_dropout_f32 = Downcalls.find(linker, lookup, library, "tri_dropout_f32", DESCRIPTORS.get("tri_dropout_f32"));
        tri_denoise_step_f32 = Downcalls.find(linker, lookup, library, "tri_denoise_step_f32", DESCRIPTORS.get("tri_denoise_step_f32"));
        tri_reparameterize_f32 = Downcalls.find(linker, lookup, library, "tri_reparameterize_f32", DESCRIPTORS.get("tri_reparameterize_f32"));
        tri_sgd_update_f32 = Downcalls.find(linker, lookup, library, "tri_sgd_update_f32", DESCRIPTORS.get("tri_sgd_update_f32"));
        tri_adam_update_f32 = Downcalls.find(linker, lookup, library, "tri_adam_update_f32", DESCRIPTORS.get("tri_adam_update_f32"));
        tri_ema_update_f32 = Downcalls.find(linker, lookup, library, "tri_ema_update_f32", DESCRIPTORS.get("tri_ema_update_f32"));
    }

    /** The library file these bindings call into. */
    public Path library() {
        return library;
    }

    /**
     * Throws {@link NativeException} when {@code status} is not TRI_OK, with the call's name, the status name,
     * the library's own message and {@code args} (name, value pairs) for context.
     */
    public void check(int status, String call, Object... args) {
        if (status != TRI_OK) {
            throw new NativeException(call, status, Downcalls.string(tri_status_name(status)),
                    Downcalls.string(tri_last_error()), library, args);
        }
    }

    public MemorySegment tri_last_error() {
        try {
            return (MemorySegment) Downcalls.present(tri_last_error, library, "tri_last_error").invokeExact();
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public MemorySegment tri_status_name(int status) {
        try {
            return (MemorySegment) Downcalls.present(tri_status_name, library, "tri_status_name").invokeExact(status);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_abi_version() {
        try {
            return (int) Downcalls.present(tri_abi_version, library, "tri_abi_version").invokeExact();
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_library_query(MemorySegment out) {
        try {
            return (int) Downcalls.present(tri_library_query, library, "tri_library_query").invokeExact(out);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_device_query(int device, MemorySegment out) {
        try {
            return (int) Downcalls.present(tri_device_query, library, "tri_device_query").invokeExact(device, out);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_context_create(int device, int threads, MemorySegment out) {
        try {
            return (int) Downcalls.present(tri_context_create, library, "tri_context_create").invokeExact(device, threads, out);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_context_destroy(MemorySegment ctx) {
        try {
            return (int) Downcalls.present(tri_context_destroy, library, "tri_context_destroy").invokeExact(ctx);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_context_synchronize(MemorySegment ctx) {
        try {
            return (int) Downcalls.present(tri_context_synchronize, library, "tri_context_synchronize").invokeExact(ctx);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_context_stream(MemorySegment ctx, MemorySegment stream) {
        try {
            return (int) Downcalls.present(tri_context_stream, library, "tri_context_stream").invokeExact(ctx, stream);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_fill_f32(MemorySegment ctx, long n, float value, MemorySegment out) {
        try {
            return (int) Downcalls.present(tri_fill_f32, library, "tri_fill_f32").invokeExact(ctx, n, value, out);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_copy_nd_f32(MemorySegment ctx, MemorySegment desc, MemorySegment src, MemorySegment dst) {
        try {
            return (int) Downcalls.present(tri_copy_nd_f32, library, "tri_copy_nd_f32").invokeExact(ctx, desc, src, dst);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_unary_f32(MemorySegment ctx, int op, long n, MemorySegment x, float alpha, float beta, MemorySegment y) {
        try {
            return (int) Downcalls.present(tri_unary_f32, library, "tri_unary_f32").invokeExact(ctx, op, n, x, alpha, beta, y);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_unary_backward_f32(MemorySegment ctx, int op, long n, MemorySegment x, MemorySegment y, MemorySegment gy, float alpha, float beta, MemorySegment gx) {
        try {
            return (int) Downcalls.present(tri_unary_backward_f32, library, "tri_unary_backward_f32").invokeExact(ctx, op, n, x, y, gy, alpha, beta, gx);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_binary_f32(MemorySegment ctx, int op, MemorySegment desc, MemorySegment a, MemorySegment b, MemorySegment out) {
        try {
            return (int) Downcalls.present(tri_binary_f32, library, "tri_binary_f32").invokeExact(ctx, op, desc, a, b, out);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_bias_act_f32(MemorySegment ctx, long outer, long channels, long inner, MemorySegment x, MemorySegment bias, int act, float alpha, MemorySegment y) {
        try {
            return (int) Downcalls.present(tri_bias_act_f32, library, "tri_bias_act_f32").invokeExact(ctx, outer, channels, inner, x, bias, act, alpha, y);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_sum_f32(MemorySegment ctx, MemorySegment desc, MemorySegment x, float scale, MemorySegment y) {
        try {
            return (int) Downcalls.present(tri_sum_f32, library, "tri_sum_f32").invokeExact(ctx, desc, x, scale, y);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_softmax_f32(MemorySegment ctx, long rows, long cols, MemorySegment x, int log, MemorySegment y) {
        try {
            return (int) Downcalls.present(tri_softmax_f32, library, "tri_softmax_f32").invokeExact(ctx, rows, cols, x, log, y);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_softmax_backward_f32(MemorySegment ctx, long rows, long cols, MemorySegment y, MemorySegment gy, int log, MemorySegment gx) {
        try {
            return (int) Downcalls.present(tri_softmax_backward_f32, library, "tri_softmax_backward_f32").invokeExact(ctx, rows, cols, y, gy, log, gx);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_conv2d_workspace_size(MemorySegment ctx, MemorySegment desc, int pass, MemorySegment bytes) {
        try {
            return (int) Downcalls.present(tri_conv2d_workspace_size, library, "tri_conv2d_workspace_size").invokeExact(ctx, desc, pass, bytes);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_conv2d_forward_f32(MemorySegment ctx, MemorySegment desc, MemorySegment x, MemorySegment w, MemorySegment bias, MemorySegment y, MemorySegment workspace, long workspace_bytes) {
        try {
            return (int) Downcalls.present(tri_conv2d_forward_f32, library, "tri_conv2d_forward_f32").invokeExact(ctx, desc, x, w, bias, y, workspace, workspace_bytes);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_conv2d_backward_data_f32(MemorySegment ctx, MemorySegment desc, MemorySegment gy, MemorySegment w, MemorySegment gx, MemorySegment workspace, long workspace_bytes) {
        try {
            return (int) Downcalls.present(tri_conv2d_backward_data_f32, library, "tri_conv2d_backward_data_f32").invokeExact(ctx, desc, gy, w, gx, workspace, workspace_bytes);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_conv2d_backward_weight_f32(MemorySegment ctx, MemorySegment desc, MemorySegment x, MemorySegment gy, MemorySegment gw, MemorySegment gbias, MemorySegment workspace, long workspace_bytes) {
        try {
            return (int) Downcalls.present(tri_conv2d_backward_weight_f32, library, "tri_conv2d_backward_weight_f32").invokeExact(ctx, desc, x, gy, gw, gbias, workspace, workspace_bytes);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_upsample_nearest_f32(MemorySegment ctx, long nc, long h, long w, int factor, MemorySegment x, MemorySegment y) {
        try {
            return (int) Downcalls.present(tri_upsample_nearest_f32, library, "tri_upsample_nearest_f32").invokeExact(ctx, nc, h, w, factor, x, y);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_upsample_nearest_backward_f32(MemorySegment ctx, long nc, long h, long w, int factor, MemorySegment gy, MemorySegment gx) {
        try {
            return (int) Downcalls.present(tri_upsample_nearest_backward_f32, library, "tri_upsample_nearest_backward_f32").invokeExact(ctx, nc, h, w, factor, gy, gx);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_avg_pool_f32(MemorySegment ctx, long nc, long h, long w, int k, MemorySegment x, MemorySegment y) {
        try {
            return (int) Downcalls.present(tri_avg_pool_f32, library, "tri_avg_pool_f32").invokeExact(ctx, nc, h, w, k, x, y);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_avg_pool_backward_f32(MemorySegment ctx, long nc, long h, long w, int k, MemorySegment gy, MemorySegment gx) {
        try {
            return (int) Downcalls.present(tri_avg_pool_backward_f32, library, "tri_avg_pool_backward_f32").invokeExact(ctx, nc, h, w, k, gy, gx);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_batch_norm_forward_f32(MemorySegment ctx, long n, long c, long hw, MemorySegment x, MemorySegment gamma, MemorySegment beta, MemorySegment running_mean, MemorySegment running_var, float momentum, float eps, int training, MemorySegment y, MemorySegment save_mean, MemorySegment save_invstd) {
        try {
            return (int) Downcalls.present(tri_batch_norm_forward_f32, library, "tri_batch_norm_forward_f32").invokeExact(ctx, n, c, hw, x, gamma, beta, running_mean, running_var, momentum, eps, training, y, save_mean, save_invstd);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_batch_norm_backward_f32(MemorySegment ctx, long n, long c, long hw, MemorySegment x, MemorySegment gy, MemorySegment gamma, MemorySegment save_mean, MemorySegment save_invstd, int training, MemorySegment gx, MemorySegment ggamma, MemorySegment gbeta) {
        try {
            return (int) Downcalls.present(tri_batch_norm_backward_f32, library, "tri_batch_norm_backward_f32").invokeExact(ctx, n, c, hw, x, gy, gamma, save_mean, save_invstd, training, gx, ggamma, gbeta);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_group_norm_forward_f32(MemorySegment ctx, long n, long c, long hw, int groups, MemorySegment x, MemorySegment gamma, MemorySegment beta, float eps, MemorySegment y, MemorySegment mean, MemorySegment rstd) {
        try {
            return (int) Downcalls.present(tri_group_norm_forward_f32, library, "tri_group_norm_forward_f32").invokeExact(ctx, n, c, hw, groups, x, gamma, beta, eps, y, mean, rstd);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_group_norm_backward_f32(MemorySegment ctx, long n, long c, long hw, int groups, MemorySegment x, MemorySegment gy, MemorySegment gamma, MemorySegment mean, MemorySegment rstd, MemorySegment gx, MemorySegment ggamma, MemorySegment gbeta) {
        try {
            return (int) Downcalls.present(tri_group_norm_backward_f32, library, "tri_group_norm_backward_f32").invokeExact(ctx, n, c, hw, groups, x, gy, gamma, mean, rstd, gx, ggamma, gbeta);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_layer_norm_forward_f32(MemorySegment ctx, long rows, long cols, MemorySegment x, MemorySegment gamma, MemorySegment beta, float eps, MemorySegment y, MemorySegment mean, MemorySegment rstd) {
        try {
            return (int) Downcalls.present(tri_layer_norm_forward_f32, library, "tri_layer_norm_forward_f32").invokeExact(ctx, rows, cols, x, gamma, beta, eps, y, mean, rstd);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_layer_norm_backward_f32(MemorySegment ctx, long rows, long cols, MemorySegment x, MemorySegment gy, MemorySegment gamma, MemorySegment mean, MemorySegment rstd, MemorySegment gx, MemorySegment ggamma, MemorySegment gbeta) {
        try {
            return (int) Downcalls.present(tri_layer_norm_backward_f32, library, "tri_layer_norm_backward_f32").invokeExact(ctx, rows, cols, x, gy, gamma, mean, rstd, gx, ggamma, gbeta);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_mse_f32(MemorySegment ctx, long n, MemorySegment a, MemorySegment b, float scale, MemorySegment out) {
        try {
            return (int) Downcalls.present(tri_mse_f32, library, "tri_mse_f32").invokeExact(ctx, n, a, b, scale, out);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_mse_backward_f32(MemorySegment ctx, long n, MemorySegment a, MemorySegment b, MemorySegment gout, float scale, MemorySegment ga, MemorySegment gb) {
        try {
            return (int) Downcalls.present(tri_mse_backward_f32, library, "tri_mse_backward_f32").invokeExact(ctx, n, a, b, gout, scale, ga, gb);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_bce_with_logits_f32(MemorySegment ctx, long n, MemorySegment x, MemorySegment target, float scale, MemorySegment out) {
        try {
            return (int) Downcalls.present(tri_bce_with_logits_f32, library, "tri_bce_with_logits_f32").invokeExact(ctx, n, x, target, scale, out);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_bce_with_logits_backward_f32(MemorySegment ctx, long n, MemorySegment x, MemorySegment target, MemorySegment gout, float scale, MemorySegment gx) {
        try {
            return (int) Downcalls.present(tri_bce_with_logits_backward_f32, library, "tri_bce_with_logits_backward_f32").invokeExact(ctx, n, x, target, gout, scale, gx);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_nll_f32(MemorySegment ctx, long rows, long cols, MemorySegment logp, MemorySegment labels, float scale, MemorySegment out) {
        try {
            return (int) Downcalls.present(tri_nll_f32, library, "tri_nll_f32").invokeExact(ctx, rows, cols, logp, labels, scale, out);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_nll_backward_f32(MemorySegment ctx, long rows, long cols, MemorySegment labels, MemorySegment gout, float scale, MemorySegment glogp) {
        try {
            return (int) Downcalls.present(tri_nll_backward_f32, library, "tri_nll_backward_f32").invokeExact(ctx, rows, cols, labels, gout, scale, glogp);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_gaussian_kl_f32(MemorySegment ctx, long n, MemorySegment mu, MemorySegment logvar, float scale, MemorySegment out) {
        try {
            return (int) Downcalls.present(tri_gaussian_kl_f32, library, "tri_gaussian_kl_f32").invokeExact(ctx, n, mu, logvar, scale, out);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_gaussian_kl_backward_f32(MemorySegment ctx, long n, MemorySegment mu, MemorySegment logvar, MemorySegment gout, float scale, MemorySegment gmu, MemorySegment glogvar) {
        try {
            return (int) Downcalls.present(tri_gaussian_kl_backward_f32, library, "tri_gaussian_kl_backward_f32").invokeExact(ctx, n, mu, logvar, gout, scale, gmu, glogvar);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_embedding_f32(MemorySegment ctx, long n, long num, long dim, MemorySegment table, MemorySegment idx, MemorySegment out) {
        try {
            return (int) Downcalls.present(tri_embedding_f32, library, "tri_embedding_f32").invokeExact(ctx, n, num, dim, table, idx, out);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_embedding_backward_f32(MemorySegment ctx, long n, long num, long dim, MemorySegment idx, MemorySegment gout, MemorySegment gtable) {
        try {
            return (int) Downcalls.present(tri_embedding_backward_f32, library, "tri_embedding_backward_f32").invokeExact(ctx, n, num, dim, idx, gout, gtable);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_philox_uniform_f32(MemorySegment ctx, long seed, long offset, long n, float low, float high, MemorySegment out) {
        try {
            return (int) Downcalls.present(tri_philox_uniform_f32, library, "tri_philox_uniform_f32").invokeExact(ctx, seed, offset, n, low, high, out);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_philox_normal_f32(MemorySegment ctx, long seed, long offset, long n, float mean, float std, MemorySegment out) {
        try {
            return (int) Downcalls.present(tri_philox_normal_f32, library, "tri_philox_normal_f32").invokeExact(ctx, seed, offset, n, mean, std, out);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_dropout_f32(MemorySegment ctx, long n, MemorySegment x, float p, long seed, long offset, MemorySegment y, MemorySegment mask) {
        try {
            return (int) Downcalls.present(tri_dropout_f32, library, "tri_dropout_f32").invokeExact(ctx, n, x, p, seed, offset, y, mask);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_denoise_step_f32(MemorySegment ctx, long n, MemorySegment coefs, MemorySegment x, MemorySegment model_out, MemorySegment prev_x0, MemorySegment x_out, MemorySegment x0_out) {
        try {
            return (int) Downcalls.present(tri_denoise_step_f32, library, "tri_denoise_step_f32").invokeExact(ctx, n, coefs, x, model_out, prev_x0, x_out, x0_out);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_reparameterize_f32(MemorySegment ctx, long n, MemorySegment mu, MemorySegment logvar, long seed, long offset, MemorySegment z, MemorySegment eps_out) {
        try {
            return (int) Downcalls.present(tri_reparameterize_f32, library, "tri_reparameterize_f32").invokeExact(ctx, n, mu, logvar, seed, offset, z, eps_out);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_sgd_update_f32(MemorySegment ctx, long n, MemorySegment p, MemorySegment g, MemorySegment momentum_buf, MemorySegment params) {
        try {
            return (int) Downcalls.present(tri_sgd_update_f32, library, "tri_sgd_update_f32").invokeExact(ctx, n, p, g, momentum_buf, params);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_adam_update_f32(MemorySegment ctx, long n, MemorySegment p, MemorySegment g, MemorySegment m, MemorySegment v, MemorySegment params) {
        try {
            return (int) Downcalls.present(tri_adam_update_f32, library, "tri_adam_update_f32").invokeExact(ctx, n, p, g, m, v, params);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public int tri_ema_update_f32(MemorySegment ctx, long n, MemorySegment ema, MemorySegment p, float decay) {
        try {
            return (int) Downcalls.present(tri_ema_update_f32, library, "tri_ema_update_f32").invokeExact(ctx, n, ema, p, decay);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }
}
