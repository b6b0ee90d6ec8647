#pragma once
// Kernel launch with optional programmatic dependent launch (PDL, compute capability 9.0): with
// `programmatic`, the kernel may start while the stream's previous kernel is still running, once
// that kernel has executed griddepcontrol.launch_dependents. The kernel itself must execute
// griddepcontrol.wait before it touches anything the previous kernel writes. In a decode step
// this overlaps one GEMV's weight streaming with the tail of the kernel before it.
#include <cuda_runtime.h>

#include "kernels/cuda/cuda_check.cuh"

namespace mixsim::kernels {

template <typename... KernelArgs, typename... Args>
void launch_kernel(void (*kernel)(KernelArgs...), dim3 grid, dim3 block, size_t smem_bytes,
                   cudaStream_t stream, bool programmatic, Args&&... args) {
  cudaLaunchConfig_t config{};
  config.gridDim = grid;
  config.blockDim = block;
  config.dynamicSmemBytes = smem_bytes;
  config.stream = stream;
  cudaLaunchAttribute attribute{};
  attribute.id = cudaLaunchAttributeProgrammaticStreamSerialization;
  attribute.val.programmaticStreamSerializationAllowed = 1;
  config.attrs = &attribute;
  config.numAttrs = programmatic ? 1 : 0;
  MIXSIM_CUDA_CHECK(cudaLaunchKernelEx(&config, kernel, static_cast<KernelArgs>(args)...));
}

}  // namespace mixsim::kernels
