#!/usr/bin/env bash
# Regenerates the FFM bindings with jextract, on machines that have it (jextract is not installable on the
# project's build machines, so the bindings in src/main/java are kept by hand in jextract's shape).
#
# jextract writes into a scratch folder; compare it with src/main/java/io/triptych/bindings and carry over the
# differences. Two deliberate differences from jextract's output stay:
#   - triptych_h is instantiated once per kernel library (libtriptych_cpu.so and libtriptych_cuda.so export the
#     same symbols), where jextract emits static methods bound to one library;
#   - a missing symbol is reported at its first call (NativeException), not at class initialisation.
# AbiConformanceTest checks struct layouts, prototypes and constants against the headers either way.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
out="${1:-$here/target/jextract}"
openblas_include="$root/native/target/openblas/org/bytedeco/openblas/linux-x86_64/include"
command -v jextract >/dev/null || { echo "regen.sh: jextract is not on PATH" >&2; exit 1; }
[ -f "$openblas_include/cblas.h" ] || { echo "regen.sh: build the native module first (mvn -pl native install)" >&2; exit 1; }
mkdir -p "$out"

jextract --output "$out" --target-package io.triptych.bindings --header-class-name triptych_h \
  -I "$root/native/include" "$root/native/include/triptych.h"

jextract --output "$out" --target-package io.triptych.bindings --header-class-name cblas_h \
  --include-function cblas_sgemm --include-function openblas_set_num_threads --include-function openblas_set_num_threads_local \
  --include-function openblas_get_num_threads --include-function openblas_get_config \
  --include-function openblas_get_corename --include-function openblas_get_parallel \
  --include-constant CblasRowMajor --include-constant CblasColMajor \
  --include-constant CblasNoTrans --include-constant CblasTrans \
  -I "$openblas_include" "$openblas_include/cblas.h"

# The CUDA runtime, cuDNN 9 and cuBLAS bindings: only the functions, constants and structs the CUDA backend uses.
# Headers: cuda_runtime_api.h from CUDA_HOME (default /usr/local/cuda); cudnn.h and cublas_v2.h from CUDNN_INCLUDE and
# CUBLAS_INCLUDE, else CUDA_HOME's include/, else the include/ of the nvidia-cudnn / nvidia-cublas Python packages
# (where the GPU machines have them). A binding whose header is missing is skipped with a line saying so. The kept
# classes differ from jextract's as triptych_h does (one instance per opened library, a missing symbol reported at its
# call) and add check() and open(); CudaHeaderConformanceTest compiles their prototypes against these same headers.
cuda_include="${CUDA_HOME:-/usr/local/cuda}/include"
nvidia_include() {
  python3 -c "import os, nvidia.$1 as m; print(os.path.join(list(m.__path__)[0], 'include'))" 2>/dev/null || true
}
header_dir() {  # header_dir HEADER EXPLICIT_DIR PYTHON_PACKAGE: the first folder holding HEADER
  local d
  for d in "$2" "$cuda_include" "$(nvidia_include "$3")"; do
    if [ -n "$d" ] && [ -f "$d/$1" ]; then echo "$d"; return; fi
  done
}
# include_args KIND NAME...: one --include-KIND option per name
include_args() {
  local kind="$1" name; shift
  for name in "$@"; do printf -- '--include-%s\n%s\n' "$kind" "$name"; done
}

runtime_functions=(cudaGetDeviceCount cudaSetDevice cudaGetDevice cudaGetLastError cudaDeviceGetAttribute cudaMemGetInfo cudaMallocAsync cudaFreeAsync
  cudaMemcpyAsync cudaMemsetAsync cudaStreamSynchronize cudaMallocHost cudaFreeHost cudaEventCreate cudaEventRecord
  cudaEventSynchronize cudaEventElapsedTime cudaEventDestroy cudaStreamBeginCapture cudaStreamEndCapture
  cudaGraphInstantiate cudaGraphLaunch cudaGraphExecDestroy cudaGraphDestroy cudaDeviceGetDefaultMemPool
  cudaMemPoolSetAttribute cudaMemPoolGetAttribute cudaGetErrorName cudaGetErrorString cudaRuntimeGetVersion
  cudaDriverGetVersion)
runtime_constants=(cudaSuccess cudaErrorInvalidValue cudaErrorMemoryAllocation cudaErrorInsufficientDriver
  cudaErrorNoDevice cudaErrorInvalidDevice cudaErrorNotReady cudaErrorStreamCaptureInvalidated cudaMemcpyHostToHost
  cudaMemcpyHostToDevice cudaMemcpyDeviceToHost cudaMemcpyDeviceToDevice cudaMemcpyDefault cudaStreamCaptureModeGlobal
  cudaStreamCaptureModeThreadLocal cudaStreamCaptureModeRelaxed cudaMemPoolReuseFollowEventDependencies
  cudaMemPoolReuseAllowOpportunistic cudaMemPoolReuseAllowInternalDependencies cudaMemPoolAttrReleaseThreshold
  cudaMemPoolAttrReservedMemCurrent cudaMemPoolAttrReservedMemHigh cudaMemPoolAttrUsedMemCurrent
  cudaMemPoolAttrUsedMemHigh cudaDevAttrMultiProcessorCount cudaDevAttrComputeCapabilityMajor
  cudaDevAttrComputeCapabilityMinor cudaDevAttrMemoryPoolsSupported cudaGraphInstantiateFlagAutoFreeOnLaunch)
if [ -f "$cuda_include/cuda_runtime_api.h" ]; then
  mapfile -t selection < <(include_args function "${runtime_functions[@]}"; include_args constant "${runtime_constants[@]}")
  jextract --output "$out" --target-package io.triptych.bindings --header-class-name cuda_runtime_h "${selection[@]}" \
    -I "$cuda_include" "$cuda_include/cuda_runtime_api.h"
else
  echo "regen.sh: $cuda_include/cuda_runtime_api.h not found (set CUDA_HOME); cuda_runtime_h not generated" >&2
fi

cudnn_functions=(cudnnGetVersion cudnnGetErrorString cudnnGetLastErrorString cudnnCreate cudnnDestroy cudnnSetStream
  cudnnCreateTensorDescriptor cudnnSetTensor4dDescriptor cudnnDestroyTensorDescriptor cudnnCreateFilterDescriptor
  cudnnSetFilter4dDescriptor cudnnDestroyFilterDescriptor cudnnCreateConvolutionDescriptor
  cudnnDestroyConvolutionDescriptor cudnnSetConvolutionMathType cudnnSetConvolutionGroupCount
  cudnnSetConvolution2dDescriptor cudnnGetConvolutionForwardAlgorithmMaxCount cudnnGetConvolutionForwardAlgorithm_v7
  cudnnFindConvolutionForwardAlgorithmEx cudnnGetConvolutionForwardWorkspaceSize cudnnConvolutionForward
  cudnnGetConvolutionBackwardDataAlgorithmMaxCount cudnnGetConvolutionBackwardDataAlgorithm_v7
  cudnnFindConvolutionBackwardDataAlgorithmEx cudnnGetConvolutionBackwardDataWorkspaceSize cudnnConvolutionBackwardData
  cudnnGetConvolutionBackwardFilterAlgorithmMaxCount cudnnGetConvolutionBackwardFilterAlgorithm_v7
  cudnnFindConvolutionBackwardFilterAlgorithmEx cudnnGetConvolutionBackwardFilterWorkspaceSize
  cudnnConvolutionBackwardFilter)
cudnn_constants=(CUDNN_STATUS_SUCCESS CUDNN_STATUS_NOT_INITIALIZED CUDNN_STATUS_SUBLIBRARY_LOADING_FAILED
  CUDNN_STATUS_BAD_PARAM CUDNN_STATUS_NOT_SUPPORTED CUDNN_STATUS_INTERNAL_ERROR
  CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED CUDNN_STATUS_EXECUTION_FAILED CUDNN_DATA_FLOAT CUDNN_DATA_DOUBLE
  CUDNN_DATA_HALF CUDNN_DATA_BFLOAT16 CUDNN_DEFAULT_MATH CUDNN_TENSOR_OP_MATH CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION
  CUDNN_FMA_MATH CUDNN_TENSOR_NCHW CUDNN_TENSOR_NHWC CUDNN_CONVOLUTION CUDNN_CROSS_CORRELATION CUDNN_NON_DETERMINISTIC
  CUDNN_DETERMINISTIC CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_PRECOMP_GEMM
  CUDNN_CONVOLUTION_FWD_ALGO_GEMM CUDNN_CONVOLUTION_FWD_ALGO_DIRECT CUDNN_CONVOLUTION_FWD_ALGO_FFT
  CUDNN_CONVOLUTION_FWD_ALGO_FFT_TILING CUDNN_CONVOLUTION_FWD_ALGO_WINOGRAD CUDNN_CONVOLUTION_FWD_ALGO_WINOGRAD_NONFUSED
  CUDNN_CONVOLUTION_FWD_ALGO_COUNT CUDNN_CONVOLUTION_BWD_DATA_ALGO_0 CUDNN_CONVOLUTION_BWD_DATA_ALGO_1
  CUDNN_CONVOLUTION_BWD_DATA_ALGO_FFT CUDNN_CONVOLUTION_BWD_DATA_ALGO_FFT_TILING CUDNN_CONVOLUTION_BWD_DATA_ALGO_WINOGRAD
  CUDNN_CONVOLUTION_BWD_DATA_ALGO_WINOGRAD_NONFUSED CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT
  CUDNN_CONVOLUTION_BWD_FILTER_ALGO_0 CUDNN_CONVOLUTION_BWD_FILTER_ALGO_1 CUDNN_CONVOLUTION_BWD_FILTER_ALGO_FFT
  CUDNN_CONVOLUTION_BWD_FILTER_ALGO_3 CUDNN_CONVOLUTION_BWD_FILTER_ALGO_WINOGRAD
  CUDNN_CONVOLUTION_BWD_FILTER_ALGO_WINOGRAD_NONFUSED CUDNN_CONVOLUTION_BWD_FILTER_ALGO_FFT_TILING
  CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT)
cudnn_structs=(cudnnConvolutionFwdAlgoPerfStruct cudnnConvolutionBwdDataAlgoPerfStruct
  cudnnConvolutionBwdFilterAlgoPerfStruct)
cudnn_typedefs=(cudnnConvolutionFwdAlgoPerf_t cudnnConvolutionBwdDataAlgoPerf_t cudnnConvolutionBwdFilterAlgoPerf_t)
cudnn_include="$(header_dir cudnn.h "${CUDNN_INCLUDE:-}" cudnn)"
if [ -n "$cudnn_include" ]; then
  mapfile -t selection < <(include_args function "${cudnn_functions[@]}"; include_args constant "${cudnn_constants[@]}"
    include_args struct "${cudnn_structs[@]}"; include_args typedef "${cudnn_typedefs[@]}")
  jextract --output "$out" --target-package io.triptych.bindings --header-class-name cudnn_h "${selection[@]}" \
    -I "$cudnn_include" -I "$cuda_include" "$cudnn_include/cudnn.h"
else
  echo "regen.sh: cudnn.h not found (set CUDNN_INCLUDE or install nvidia-cudnn-cu12); cudnn_h not generated" >&2
fi

cublas_functions=(cublasCreate_v2 cublasDestroy_v2 cublasSetStream_v2 cublasSetMathMode cublasGetStatusName
  cublasGetStatusString cublasSgemm_v2 cublasGemmEx cublasSgemmStridedBatched)
cublas_constants=(CUBLAS_STATUS_SUCCESS CUBLAS_STATUS_NOT_INITIALIZED CUBLAS_STATUS_ALLOC_FAILED
  CUBLAS_STATUS_INVALID_VALUE CUBLAS_STATUS_ARCH_MISMATCH CUBLAS_STATUS_MAPPING_ERROR CUBLAS_STATUS_EXECUTION_FAILED
  CUBLAS_STATUS_INTERNAL_ERROR CUBLAS_STATUS_NOT_SUPPORTED CUBLAS_STATUS_LICENSE_ERROR CUBLAS_OP_N CUBLAS_OP_T
  CUBLAS_DEFAULT_MATH CUBLAS_PEDANTIC_MATH CUBLAS_TF32_TENSOR_OP_MATH CUBLAS_COMPUTE_32F CUBLAS_COMPUTE_32F_PEDANTIC
  CUBLAS_COMPUTE_32F_FAST_16F CUBLAS_COMPUTE_32F_FAST_16BF CUBLAS_COMPUTE_32F_FAST_TF32 CUBLAS_GEMM_DEFAULT CUDA_R_32F
  CUDA_R_16F CUDA_R_16BF)
cublas_include="$(header_dir cublas_v2.h "${CUBLAS_INCLUDE:-}" cublas)"
if [ -n "$cublas_include" ]; then
  mapfile -t selection < <(include_args function "${cublas_functions[@]}"; include_args constant "${cublas_constants[@]}")
  jextract --output "$out" --target-package io.triptych.bindings --header-class-name cublas_h "${selection[@]}" \
    -I "$cublas_include" -I "$cuda_include" "$cublas_include/cublas_v2.h"
else
  echo "regen.sh: cublas_v2.h not found (set CUBLAS_INCLUDE or install nvidia-cublas-cu12); cublas_h not generated" >&2
fi

echo "regen.sh: generated into $out; diff it against $here/src/main/java/io/triptych/bindings"
