#pragma once
// The vector / special-function unit that runs a model's non-GEMM ops (norms, softmax,
// activations, RoPE, residual adds, activation quantization, KV-cache append, embedding lookup):
// `lanes` FP32 lanes, each finishing `ops_per_lane_cycle` elementary ops of a class per cycle,
// reading and writing through the same SRAM buffers and DRAM as the array (docs/END_TO_END.md).
#include <array>
#include <cstdint>

namespace mixsim::sim {

// Elementary operation classes the vector unit counts (sim/vector/vector_op.hpp decomposes every
// op into them; models/vector_energy.hpp gives their energies with sources).
enum class VectorClass { Add, Mul, Cmp, Cvt, Exp, Rsqrt };
inline constexpr int kVectorClasses = 6;
inline constexpr std::array<const char*, kVectorClasses> kVectorClassNames = {"add", "mul", "cmp",
                                                                              "cvt", "exp", "rsqrt"};

struct VectorUnitConfig {
  int lanes = 64;              // FP32 lanes (>= 1)
  int latency_cycles = 8;      // pipeline fill of one op (first input to first output)
  // Elementary ops of each class one lane completes per cycle (add, mul, cmp, cvt: fully
  // pipelined; exp and rsqrt/reciprocal: a special-function unit shared by 4 lanes). Assumed
  // values, documented in docs/END_TO_END.md; override in hardware.vector.ops_per_lane_cycle.
  std::array<double, kVectorClasses> ops_per_lane_cycle = {1.0, 1.0, 1.0, 1.0, 0.25, 0.25};
};

}  // namespace mixsim::sim
