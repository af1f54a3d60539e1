/* TRI_HD marks the scalar math in native/common/ that both kernel libraries compile: host code for the CPU
 * library (gcc), host and device code for the CUDA library (nvcc). */
#ifndef TRI_HD_H
#define TRI_HD_H

#ifdef __CUDACC__
#define TRI_HD __host__ __device__
#else
#define TRI_HD
#endif

/* For the op switches, which must fold away when the op is a compile-time constant. */
#define TRI_HD_INLINE TRI_HD __attribute__((always_inline))

#endif
