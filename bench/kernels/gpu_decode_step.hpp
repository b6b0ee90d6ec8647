#pragma once
// End-to-end decode step on the GPU (issue 13, item 5): the GEMMs of one LLaMA-2-7B decode step
// (32 layers x q, k, v, o, gate, up, down) timed back to back, for cuBLAS FP16 and each CUDA
// recipe path of mixsim. Schema "mixsim-gpu-decode-step/1": docs/PERFORMANCE.md, section
// "gpu_decode_step.json".
#include <cstdint>
#include <string>
#include <vector>

namespace mixsim::bench {

struct DecodeGemmTiming {
  std::string name;  // q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj
  int64_t m = 0, n = 0, k = 0;
  double seconds = 0.0;  // one GEMM (median graph replay of the 32 layers' GEMMs / 32)
};

struct DecodeRun {
  std::string impl;    // cublas-fp16, cuda-w4a16, cuda-w4a8-intscale, ...
  std::string recipe;  // mixsim recipe name, or fp16
  double step_seconds = 0.0;  // the whole step: all layers' GEMMs in one CUDA graph
  std::vector<DecodeGemmTiming> per_gemm;
};

struct DecodeStep {
  std::string gpu;    // cudaDeviceProp::name (what nvidia-smi prints)
  std::string model;  // llama2-7b
  int64_t batch = 1;
  int layers = 32;
  std::vector<DecodeRun> runs;
};

// One step as the single-batch document {"schema":"mixsim-gpu-decode-step/1","gpu":...}.
std::string decode_step_json(const DecodeStep& step);
// {"schema":"mixsim-gpu-decode-step/1","steps":[<decode_step_json of each batch>, ...]}.
void write_decode_steps_json(const std::vector<DecodeStep>& steps, const std::string& path);
// The single-batch document alone.
void write_decode_step_json(const DecodeStep& step, const std::string& path);

// Runs the benchmark on device 0 for each batch and returns the steps (prints progress).
std::vector<DecodeStep> run_decode_step_bench(const std::vector<int64_t>& batches);

}  // namespace mixsim::bench
