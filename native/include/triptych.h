/*
 * triptych.h - the whole C ABI of Triptych's kernel libraries.
 *
 * Two libraries implement it with the same symbols: libtriptych_cpu.so (C11 + OpenMP) and
 * libtriptych_cuda.so (nvcc). A pointer to tensor data is host memory for the CPU library and device
 * memory for the CUDA library; every other argument means the same on both.
 *
 * Rules every function follows:
 *  - it returns a tri_status; TRI_OK (0) means success. It never prints, aborts or exits.
 *  - on failure, tri_last_error() gives a thread-local message naming the call and its arguments.
 *  - tensors are float32, contiguous, row-major (NCHW for images) unless a descriptor says otherwise.
 *  - outputs may alias inputs only where the function's comment says so.
 *  - work is enqueued on the context (CUDA: its stream) and does not synchronise unless stated.
 *  - reductions are deterministic: the same inputs and thread count give the same bits.
 *
 * Java binds this header through FFM (bindings/); a conformance test compiles against it and checks
 * every struct's size and field offsets, so change a struct only together with its Java layout and bump
 * TRI_ABI_VERSION.
 */
#ifndef TRIPTYCH_H
#define TRIPTYCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TRI_ABI_VERSION 1
#define TRI_MAX_DIMS 8

#if defined(_WIN32)
#define TRI_API __declspec(dllexport)
#else
#define TRI_API __attribute__((visibility("default")))
#endif

/* ---------------------------------------------------------------- statuses */

typedef int32_t tri_status;
#define TRI_OK 0
#define TRI_ERR_INVALID_ARGUMENT 1 /* a null pointer, a bad size or an inconsistent descriptor */
#define TRI_ERR_OUT_OF_MEMORY 2    /* host or device allocation failed */
#define TRI_ERR_UNSUPPORTED 3      /* valid request this library does not implement */
#define TRI_ERR_DEVICE 4           /* the CUDA runtime reported an error; the message carries its name */
#define TRI_ERR_NO_DEVICE 5        /* no usable device (no driver, no GPU, bad ordinal) */
#define TRI_ERR_INTERNAL 6         /* a bug in Triptych */

/* The message of the last failed call on this thread; "" if none. Never NULL. */
TRI_API const char *tri_last_error(void);
/* "TRI_OK", "TRI_ERR_INVALID_ARGUMENT", ...; "TRI_ERR_UNKNOWN" for other values. Never NULL. */
TRI_API const char *tri_status_name(tri_status status);
/* TRI_ABI_VERSION of the library as built; the Java loader refuses a mismatch. */
TRI_API int32_t tri_abi_version(void);

/* ---------------------------------------------------------------- library and devices */

#define TRI_BACKEND_CPU 1
#define TRI_BACKEND_CUDA 2

/* CPU feature bits (tri_library_info.cpu_features and .kernel_isa). */
#define TRI_CPU_SSE42 (1u << 0)
#define TRI_CPU_AVX (1u << 1)
#define TRI_CPU_AVX2 (1u << 2)
#define TRI_CPU_FMA (1u << 3)
#define TRI_CPU_AVX512F (1u << 4)
#define TRI_CPU_F16C (1u << 5)

typedef struct tri_library_info {
    int32_t abi_version;
    int32_t backend;       /* TRI_BACKEND_* */
    int32_t max_threads;   /* CPU: OpenMP threads available; CUDA: 0 */
    uint32_t cpu_features; /* what the host CPU has */
    uint32_t kernel_isa;   /* what the dispatched CPU kernels use (a subset of cpu_features) */
    int32_t device_count;  /* CPU: 1; CUDA: visible GPUs (0 when the driver is missing) */
    char build[128];       /* compiler, flags and BLAS the library was built with, NUL-terminated */
} tri_library_info;

TRI_API tri_status tri_library_query(tri_library_info *out);

typedef struct tri_device_info {
    char name[256];          /* NUL-terminated */
    int64_t total_memory;    /* bytes */
    int32_t compute_major;   /* CUDA compute capability; 0 on the CPU */
    int32_t compute_minor;
    int32_t multiprocessors; /* CUDA SMs; CPU: logical cores */
    int32_t driver_version;  /* CUDA driver API version (e.g. 13000); 0 on the CPU */
    int32_t runtime_version; /* CUDA runtime version the library runs with; 0 on the CPU */
    int32_t reserved;
} tri_device_info;

TRI_API tri_status tri_device_query(int32_t device, tri_device_info *out);

/* ---------------------------------------------------------------- contexts */

/* A context binds one device and (CUDA) one stream. CPU: `threads` OpenMP threads per kernel
 * (0 = all available) and the same count for BLAS. CUDA: `threads` is ignored. */
typedef struct tri_context tri_context;

TRI_API tri_status tri_context_create(int32_t device, int32_t threads, tri_context **out);
TRI_API tri_status tri_context_destroy(tri_context *ctx);
/* Blocks until all work enqueued on ctx has finished (CPU: returns at once). */
TRI_API tri_status tri_context_synchronize(tri_context *ctx);
/* CUDA: the cudaStream_t of ctx, for copies made through the runtime bindings. CPU: NULL. */
TRI_API tri_status tri_context_stream(tri_context *ctx, void **stream);

/* ---------------------------------------------------------------- data movement */

TRI_API tri_status tri_fill_f32(tri_context *ctx, int64_t n, float value, float *out);

/* An N-d walk: element (i_0..i_{rank-1}) of `shape` reads src[sum i_k*src_stride[k]] and writes
 * dst[sum i_k*dst_stride[k]]. Strides are in elements and may be 0 on src (broadcast). Serves permute,
 * slice, concat, expand. dst must not overlap src. */
typedef struct tri_nd_copy {
    int32_t rank;
    int32_t reserved;
    int64_t shape[TRI_MAX_DIMS];
    int64_t src_stride[TRI_MAX_DIMS];
    int64_t dst_stride[TRI_MAX_DIMS];
} tri_nd_copy;

TRI_API tri_status tri_copy_nd_f32(tri_context *ctx, const tri_nd_copy *desc, const float *src, float *dst);

/* ---------------------------------------------------------------- element-wise */

/* Unary ops. alpha/beta as noted; others ignore them. */
#define TRI_UNARY_NEG 0
#define TRI_UNARY_EXP 1
#define TRI_UNARY_LOG 2
#define TRI_UNARY_SQRT 3
#define TRI_UNARY_RELU 4
#define TRI_UNARY_LEAKY_RELU 5 /* alpha = negative slope */
#define TRI_UNARY_SILU 6
#define TRI_UNARY_GELU 7       /* exact (erf) form */
#define TRI_UNARY_TANH 8
#define TRI_UNARY_SIGMOID 9
#define TRI_UNARY_SOFTPLUS 10  /* alpha = beta, beta = threshold (PyTorch's softplus) */
#define TRI_UNARY_CLAMP 11     /* alpha = min, beta = max (either may be +-inf) */
#define TRI_UNARY_POW 12       /* x^alpha */
#define TRI_UNARY_AFFINE 13    /* alpha * x + beta */
#define TRI_UNARY_ABS 14
#define TRI_UNARY_SQUARE 15
#define TRI_UNARY_RSQRT 16
#define TRI_UNARY_RECIPROCAL 17
#define TRI_UNARY_COUNT 18

/* y = op(x); y may alias x. */
TRI_API tri_status tri_unary_f32(tri_context *ctx, int32_t op, int64_t n, const float *x, float alpha, float beta,
                                 float *y);
/* gx = gy * op'(x). x is the forward input, y the forward output (each op reads what it needs; both must
 * be given). gx may alias gy. */
TRI_API tri_status tri_unary_backward_f32(tri_context *ctx, int32_t op, int64_t n, const float *x, const float *y,
                                          const float *gy, float alpha, float beta, float *gx);

#define TRI_BINARY_ADD 0
#define TRI_BINARY_SUB 1
#define TRI_BINARY_MUL 2
#define TRI_BINARY_DIV 3
#define TRI_BINARY_POW 4
#define TRI_BINARY_MAXIMUM 5
#define TRI_BINARY_MINIMUM 6
#define TRI_BINARY_COUNT 7

/* out (contiguous, `shape`) = a op b, where a and b are read through their strides (0 = broadcast). */
typedef struct tri_broadcast {
    int32_t rank;
    int32_t reserved;
    int64_t shape[TRI_MAX_DIMS];
    int64_t a_stride[TRI_MAX_DIMS];
    int64_t b_stride[TRI_MAX_DIMS];
} tri_broadcast;

/* out may alias a or b when that operand is contiguous with the output's shape. */
TRI_API tri_status tri_binary_f32(tri_context *ctx, int32_t op, const tri_broadcast *desc, const float *a,
                                  const float *b, float *out);

/* Activations fused with a per-channel bias, for [outer, channels, inner] tensors
 * (linear: [batch, features, 1]; conv: [N, C, H*W]). y = act(x + bias[c]); bias may be NULL; y may
 * alias x. act is TRI_UNARY_{RELU, LEAKY_RELU, SILU, GELU, TANH, SIGMOID} or -1 for none. */
TRI_API tri_status tri_bias_act_f32(tri_context *ctx, int64_t outer, int64_t channels, int64_t inner, const float *x,
                                    const float *bias, int32_t act, float alpha, float *y);

/* ---------------------------------------------------------------- reductions */

/* Sums x (contiguous, `shape`) over the dims whose bit is set in reduce_mask, times scale. y is
 * contiguous with the reduced dims kept as size 1. */
typedef struct tri_reduce {
    int32_t rank;
    uint32_t reduce_mask;
    int64_t shape[TRI_MAX_DIMS];
} tri_reduce;

TRI_API tri_status tri_sum_f32(tri_context *ctx, const tri_reduce *desc, const float *x, float scale, float *y);

/* Softmax (log_softmax when log != 0) over the last dim of a [rows, cols] tensor; y may alias x. */
TRI_API tri_status tri_softmax_f32(tri_context *ctx, int64_t rows, int64_t cols, const float *x, int32_t log,
                                   float *y);
/* gx from the forward output y and gy. */
TRI_API tri_status tri_softmax_backward_f32(tri_context *ctx, int64_t rows, int64_t cols, const float *y,
                                            const float *gy, int32_t log, float *gx);

/* ---------------------------------------------------------------- convolution */

/* One 2-D convolution: x [n, c_in, h_in, w_in] * w [c_out, c_in/groups, kernel_h, kernel_w]
 * -> y [n, c_out, h_out, w_out]. h_out must equal
 * (h_in + 2*pad_h - dilation_h*(kernel_h-1) - 1)/stride_h + 1 (likewise w_out) - except that for a
 * transposed convolution, which runs as backward-data of the matching forward convolution, h_in/w_in
 * may exceed the minimum by up to stride-1 (PyTorch's output_padding). */
typedef struct tri_conv2d_desc {
    int32_t n;
    int32_t c_in;
    int32_t h_in;
    int32_t w_in;
    int32_t c_out;
    int32_t h_out;
    int32_t w_out;
    int32_t kernel_h;
    int32_t kernel_w;
    int32_t stride_h;
    int32_t stride_w;
    int32_t pad_h;
    int32_t pad_w;
    int32_t dilation_h;
    int32_t dilation_w;
    int32_t groups;
} tri_conv2d_desc;

#define TRI_CONV_FORWARD 0
#define TRI_CONV_BACKWARD_DATA 1
#define TRI_CONV_BACKWARD_WEIGHT 2

/* Bytes of scratch memory the pass needs for this descriptor on this context. */
TRI_API tri_status tri_conv2d_workspace_size(tri_context *ctx, const tri_conv2d_desc *desc, int32_t pass,
                                             int64_t *bytes);
/* y = conv(x, w) + bias; bias may be NULL. */
TRI_API tri_status tri_conv2d_forward_f32(tri_context *ctx, const tri_conv2d_desc *desc, const float *x,
                                          const float *w, const float *bias, float *y, void *workspace,
                                          int64_t workspace_bytes);
/* gx = dL/dx given gy = dL/dy (overwrites gx). Also the forward pass of conv_transpose2d. */
TRI_API tri_status tri_conv2d_backward_data_f32(tri_context *ctx, const tri_conv2d_desc *desc, const float *gy,
                                                const float *w, float *gx, void *workspace,
                                                int64_t workspace_bytes);
/* gw = dL/dw and gbias = dL/dbias (gbias may be NULL); both overwritten. */
TRI_API tri_status tri_conv2d_backward_weight_f32(tri_context *ctx, const tri_conv2d_desc *desc, const float *x,
                                                  const float *gy, float *gw, float *gbias, void *workspace,
                                                  int64_t workspace_bytes);

/* ---------------------------------------------------------------- resampling */

/* y [nc, h*factor, w*factor] repeats each pixel of x [nc, h, w]. */
TRI_API tri_status tri_upsample_nearest_f32(tri_context *ctx, int64_t nc, int64_t h, int64_t w, int32_t factor,
                                            const float *x, float *y);
/* gx [nc, h, w] sums the factor x factor block of gy. */
TRI_API tri_status tri_upsample_nearest_backward_f32(tri_context *ctx, int64_t nc, int64_t h, int64_t w,
                                                     int32_t factor, const float *gy, float *gx);
/* y [nc, h/k, w/k] averages k x k blocks of x [nc, h, w] (stride k, no padding, floor). */
TRI_API tri_status tri_avg_pool_f32(tri_context *ctx, int64_t nc, int64_t h, int64_t w, int32_t k, const float *x,
                                    float *y);
TRI_API tri_status tri_avg_pool_backward_f32(tri_context *ctx, int64_t nc, int64_t h, int64_t w, int32_t k,
                                             const float *gy, float *gx);

/* ---------------------------------------------------------------- normalisation */

/* x [n, c, hw]. training != 0: normalise with the batch statistics, update running_mean/var
 * (unbiased variance, `momentum` as PyTorch) when they are non-NULL, and store the batch mean and
 * 1/sqrt(var+eps) in save_mean/save_invstd [c]. training == 0: normalise with the running statistics and
 * store those in save_*. gamma/beta may be NULL (no affine). */
TRI_API tri_status tri_batch_norm_forward_f32(tri_context *ctx, int64_t n, int64_t c, int64_t hw, const float *x,
                                              const float *gamma, const float *beta, float *running_mean,
                                              float *running_var, float momentum, float eps, int32_t training,
                                              float *y, float *save_mean, float *save_invstd);
/* gx, ggamma, gbeta (the last two may be NULL). training selects whether the batch statistics were used. */
TRI_API tri_status tri_batch_norm_backward_f32(tri_context *ctx, int64_t n, int64_t c, int64_t hw, const float *x,
                                               const float *gy, const float *gamma, const float *save_mean,
                                               const float *save_invstd, int32_t training, float *gx,
                                               float *ggamma, float *gbeta);

/* x [n, c, hw], statistics per (n, group) over c/groups * hw; affine per channel; mean/rstd [n*groups]. */
TRI_API tri_status tri_group_norm_forward_f32(tri_context *ctx, int64_t n, int64_t c, int64_t hw, int32_t groups,
                                              const float *x, const float *gamma, const float *beta, float eps,
                                              float *y, float *mean, float *rstd);
TRI_API tri_status tri_group_norm_backward_f32(tri_context *ctx, int64_t n, int64_t c, int64_t hw, int32_t groups,
                                               const float *x, const float *gy, const float *gamma,
                                               const float *mean, const float *rstd, float *gx, float *ggamma,
                                               float *gbeta);

/* x [rows, cols] normalised over cols; gamma/beta [cols] may be NULL; mean/rstd [rows]. */
TRI_API tri_status tri_layer_norm_forward_f32(tri_context *ctx, int64_t rows, int64_t cols, const float *x,
                                              const float *gamma, const float *beta, float eps, float *y,
                                              float *mean, float *rstd);
TRI_API tri_status tri_layer_norm_backward_f32(tri_context *ctx, int64_t rows, int64_t cols, const float *x,
                                               const float *gy, const float *gamma, const float *mean,
                                               const float *rstd, float *gx, float *ggamma, float *gbeta);

/* ---------------------------------------------------------------- losses
 * Each loss writes one float: scale * sum of its per-element terms (scale = 1/count for a mean).
 * Each backward reads the upstream gradient from gout[0] (a tensor, so no host round trip). */

/* (a - b)^2 */
TRI_API tri_status tri_mse_f32(tri_context *ctx, int64_t n, const float *a, const float *b, float scale, float *out);
/* ga = 2 * scale * gout * (a - b); gb = -ga; either may be NULL. */
TRI_API tri_status tri_mse_backward_f32(tri_context *ctx, int64_t n, const float *a, const float *b,
                                        const float *gout, float scale, float *ga, float *gb);
/* max(x,0) - x*t + log(1 + exp(-|x|)) */
TRI_API tri_status tri_bce_with_logits_f32(tri_context *ctx, int64_t n, const float *x, const float *target,
                                           float scale, float *out);
/* gx = scale * gout * (sigmoid(x) - t) */
TRI_API tri_status tri_bce_with_logits_backward_f32(tri_context *ctx, int64_t n, const float *x,
                                                    const float *target, const float *gout, float scale,
                                                    float *gx);
/* -logp[r, labels[r]] for logp [rows, cols]; a label outside [0, cols) is TRI_ERR_INVALID_ARGUMENT. */
TRI_API tri_status tri_nll_f32(tri_context *ctx, int64_t rows, int64_t cols, const float *logp,
                               const int32_t *labels, float scale, float *out);
/* glogp (overwritten) = -scale * gout at each label, 0 elsewhere. */
TRI_API tri_status tri_nll_backward_f32(tri_context *ctx, int64_t rows, int64_t cols, const int32_t *labels,
                                        const float *gout, float scale, float *glogp);
/* KL(N(mu, exp(logvar)) || N(0, 1)) terms: -0.5 * (1 + logvar - mu^2 - exp(logvar)) */
TRI_API tri_status tri_gaussian_kl_f32(tri_context *ctx, int64_t n, const float *mu, const float *logvar,
                                       float scale, float *out);
/* gmu = scale * gout * mu; glogvar = scale * gout * 0.5 * (exp(logvar) - 1); either may be NULL. */
TRI_API tri_status tri_gaussian_kl_backward_f32(tri_context *ctx, int64_t n, const float *mu, const float *logvar,
                                                const float *gout, float scale, float *gmu, float *glogvar);

/* ---------------------------------------------------------------- embedding */

/* out[i, :] = table[idx[i], :] for table [num, dim]; an index outside [0, num) is TRI_ERR_INVALID_ARGUMENT. */
TRI_API tri_status tri_embedding_f32(tri_context *ctx, int64_t n, int64_t num, int64_t dim, const float *table,
                                     const int32_t *idx, float *out);
/* gtable (overwritten) [num, dim] = sum of gout rows per index. */
TRI_API tri_status tri_embedding_backward_f32(tri_context *ctx, int64_t n, int64_t num, int64_t dim,
                                              const int32_t *idx, const float *gout, float *gtable);

/* ---------------------------------------------------------------- random numbers (Philox4x32-10)
 * Element i of a draw uses the Philox block at counter (offset + i/4) under key `seed` and takes lane i%4
 * (normal: lanes 0,1 and 2,3 are Box-Muller pairs). The CPU and CUDA libraries give bit-identical
 * results: the math lives once in native/common/philox.h. */

TRI_API tri_status tri_philox_uniform_f32(tri_context *ctx, uint64_t seed, uint64_t offset, int64_t n, float low,
                                          float high, float *out);
TRI_API tri_status tri_philox_normal_f32(tri_context *ctx, uint64_t seed, uint64_t offset, int64_t n, float mean,
                                         float std, float *out);
/* mask[i] = (uniform_i >= p) / (1 - p); y = x * mask. p in [0, 1). y may alias x. */
TRI_API tri_status tri_dropout_f32(tri_context *ctx, int64_t n, const float *x, float p, uint64_t seed,
                                   uint64_t offset, float *y, float *mask);

/* ---------------------------------------------------------------- diffusion steps and VAE sampling */

/*
 * One reverse-diffusion step of any of the samplers (DDPM ancestral, DDIM with eta, DPM-Solver++(2M)), as one
 * fused pass over the elements. Every sampler's update is linear in the current sample x, the model output, the
 * data prediction x0 and the previous step's x0, so the host computes the sampler's coefficients from the
 * schedule (in double, diffusers' formulas) and the kernel evaluates, per element i:
 *   x0    = x0_from_x * x + x0_from_model * model_out        (then clamped to [-clip, clip] when clip > 0)
 *   eps   = eps_from_x * x + eps_from_x0 * x0
 *   x_out = out_x * x + out_x0 * x0 + out_eps * eps + out_prev_x0 * prev_x0 + out_noise * z_i
 * where z_i is element i of the standard-normal Philox draw at (seed, offset) (the stream of
 * tri_philox_normal_f32, so CPU and CUDA agree bit for bit). x_out may alias x; x0_out (the clamped x0, which
 * DPM-Solver++ keeps for its next step) may be NULL; prev_x0 may be NULL when out_prev_x0 == 0. The math lives
 * in native/common/denoise.h.
 */
typedef struct tri_step_coefs {
    float x0_from_x;
    float x0_from_model;
    float clip;
    float eps_from_x;
    float eps_from_x0;
    float out_x;
    float out_x0;
    float out_eps;
    float out_prev_x0;
    float out_noise;
    uint64_t seed;
    uint64_t offset;
} tri_step_coefs;

TRI_API tri_status tri_denoise_step_f32(tri_context *ctx, int64_t n, const tri_step_coefs *coefs, const float *x,
                                        const float *model_out, const float *prev_x0, float *x_out, float *x0_out);

/* z = mu + exp(0.5 * logvar) * eps with eps element i of the Philox normal draw at (seed, offset), which is
 * written to eps_out for the backward pass (dz/dmu = 1, dz/dlogvar = 0.5 * exp(0.5 * logvar) * eps). */
TRI_API tri_status tri_reparameterize_f32(tri_context *ctx, int64_t n, const float *mu, const float *logvar,
                                          uint64_t seed, uint64_t offset, float *z, float *eps_out);

/* ---------------------------------------------------------------- optimizers (one fused call per tensor) */

typedef struct tri_sgd_params {
    float lr;
    float momentum;
    float dampening;
    float weight_decay;
    int32_t nesterov;
    int32_t first_step; /* nonzero: the momentum buffer is initialised to the gradient (PyTorch) */
} tri_sgd_params;

/* p -= lr * update (PyTorch's SGD); momentum_buf may be NULL when momentum == 0. */
TRI_API tri_status tri_sgd_update_f32(tri_context *ctx, int64_t n, float *p, const float *g, float *momentum_buf,
                                      const tri_sgd_params *params);

typedef struct tri_adam_params {
    float lr;
    float beta1;
    float beta2;
    float eps;
    float weight_decay;
    int32_t decoupled; /* nonzero: AdamW (p *= 1 - lr*wd); zero: Adam (g += wd*p) */
    int64_t step;      /* 1-based step for bias correction */
} tri_adam_params;

/* PyTorch's Adam/AdamW update of p, m and v in place. */
TRI_API tri_status tri_adam_update_f32(tri_context *ctx, int64_t n, float *p, const float *g, float *m, float *v,
                                       const tri_adam_params *params);
/* ema = decay * ema + (1 - decay) * p */
TRI_API tri_status tri_ema_update_f32(tri_context *ctx, int64_t n, float *ema, const float *p, float decay);

#ifdef __cplusplus
}
#endif

#endif /* TRIPTYCH_H */
