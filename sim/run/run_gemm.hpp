#pragma once
// One GEMM through the simulator with real values, for `mixsim gemm --impl sim`: quantizes X and
// W with the recipe (models/), runs simulate_gemm in cycle mode on the hardware of a run config
// (default: the shipped configs/default.yaml) and returns Y with the timing, counters, energy
// and the same value check `mixsim run` applies.
#include <string>

#include "models/matrix.hpp"
#include "sim/run/results.hpp"
#include "sim/run/simulator.hpp"

namespace mixsim::sim {

struct SingleGemmOptions {
  std::string pe = "mixpe";
  std::string recipe = "w4a8-g128";  // "fp16" for fp16-mac
  std::string config_path;           // "" = default_config_path(); its hardware and energy are used
  SimMode mode = SimMode::Cycle;     // Fast gives timing only (no Y)
};

struct SingleGemmResult {
  MatrixF32 y;                 // M x N (empty in fast mode)
  GemmSimResult sim;           // cycles, latency, counters, energy (values moved into y)
  std::optional<ValueCheck> check;  // vs models/ golden / FP64 reference (cycle mode)
};

// X is M x K, W is N x K (ARITHMETIC.md). Throws ConfigError for a bad config, and
// std::invalid_argument for a PE/recipe mismatch or shapes the recipe cannot take (K % G != 0).
SingleGemmResult simulate_single_gemm(const MatrixF32& x, const MatrixF32& w,
                                      const SingleGemmOptions& options = {});

// Times an M x N x K GEMM without operands (`mixsim gemm --impl sim --shape MxNxK`): the cycle
// model (or the fast model) on the config's hardware, no values. Same checks as above on the
// PE/recipe pair and K; dimensions must be >= 1.
GemmSimResult time_gemm_shape(int64_t m, int64_t n, int64_t k, const SingleGemmOptions& options = {});

}  // namespace mixsim::sim
