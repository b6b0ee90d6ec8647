#pragma once
// JSON report of the GPU benchmark, written with fmt from a host-compiled file (nvcc cannot
// compile fmt's compile-time format checks). Written to PATH.tmp, then renamed.
#include <cstdint>
#include <string>
#include <vector>

namespace mixsim::bench {

struct GpuBenchResult {
  std::string kernel;
  int64_t m = 0, n = 0, k = 0;
  double median_us = 0.0;
  double bytes = 0.0;  // bytes the kernel must read (weights + scales + activations)
  double gbps = 0.0;
  double tops = 0.0;
};

struct GpuBenchReport {
  std::string device;
  int sms = 0;
  int64_t l2_bytes = 0;
  double copy_gbps = 0.0;  // device-to-device copy, bytes read + written
  std::string method;
  std::vector<GpuBenchResult> results;
};

void write_gpu_bench_json(const GpuBenchReport& report, const std::string& path);

}  // namespace mixsim::bench
