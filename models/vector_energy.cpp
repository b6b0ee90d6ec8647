#include "models/vector_energy.hpp"

namespace mixsim {

VectorOpEnergy default_vector_op_energy() {
  constexpr double kAdd = 0.9, kMul = 3.7;  // Horowitz ISSCC 2014, 45 nm: FP32 add / multiply
  const std::string h = "Horowitz, ISSCC 2014, 45 nm 0.9 V";
  VectorOpEnergy e;
  e.pj = {kAdd,
          kMul,
          kAdd,
          kAdd,
          6 * kMul + 7 * kAdd,   // 28.5 pJ
          9 * kMul + 3 * kAdd};  // 36.0 pJ
  e.source = {h + ": 32-bit float add",
              h + ": 32-bit float multiply",
              "assumption: a compare/max is a subtraction, costed as a " + h + " 32-bit float add",
              "assumption: FP32 -> INT8 round and clamp, costed as a " + h + " 32-bit float add",
              "derived from " + h + ": exp by range reduction (1 multiply, 2 adds: x*log2e, "
              "split, exponent insert) + a degree-5 Horner polynomial (5 multiplies, 5 adds) = "
              "6 x 3.7 + 7 x 0.9 pJ",
              "derived from " + h + ": reciprocal (square root) by a seed table + 3 Newton-Raphson "
              "steps of 3 multiplies and 1 add = 9 x 3.7 + 3 x 0.9 pJ"};
  return e;
}

}  // namespace mixsim
