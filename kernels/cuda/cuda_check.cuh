#pragma once
// Every CUDA and cuBLAS call is checked; a failure throws std::runtime_error naming the call,
// the file and the line (exit code 0 proves nothing on a GPU).
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

namespace mixsim::kernels {

inline void cuda_check(cudaError_t e, const char* what, const char* file, int line) {
  if (e != cudaSuccess)
    throw std::runtime_error(std::string("CUDA error: ") + cudaGetErrorString(e) + " in " + what +
                             " at " + file + ":" + std::to_string(line));
}
inline void cublas_check(cublasStatus_t s, const char* what, const char* file, int line) {
  if (s != CUBLAS_STATUS_SUCCESS)
    throw std::runtime_error(std::string("cuBLAS error ") + std::to_string(static_cast<int>(s)) +
                             " in " + what + " at " + file + ":" + std::to_string(line));
}

}  // namespace mixsim::kernels

#define MIXSIM_CUDA_CHECK(call) ::mixsim::kernels::cuda_check((call), #call, __FILE__, __LINE__)
#define MIXSIM_CUBLAS_CHECK(call) ::mixsim::kernels::cublas_check((call), #call, __FILE__, __LINE__)
#define MIXSIM_CUDA_CHECK_LAUNCH() MIXSIM_CUDA_CHECK(cudaGetLastError())
