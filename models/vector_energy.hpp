#pragma once
// Energy of one elementary FP32 operation of the vector / special-function unit, at 45 nm, each
// with its source. Classes in order: add, mul, cmp, cvt, exp, rsqrt (the order of
// sim/config/vector_config.hpp's VectorClass). Primary figures: M. Horowitz, "Computing's energy
// problem (and what we can do about it)", ISSCC 2014, 45 nm 0.9 V (FP32 add 0.9 pJ, FP32 multiply
// 3.7 pJ). exp and rsqrt are not in the paper; they are costed as the FP32 adds and multiplies of
// a stated algorithm, so the number follows from the cited primitives.
#include <array>
#include <string>

namespace mixsim {

struct VectorOpEnergy {
  std::array<double, 6> pj{};           // per elementary op, 45 nm
  std::array<std::string, 6> source{};  // where each number comes from
};

VectorOpEnergy default_vector_op_energy();

}  // namespace mixsim
