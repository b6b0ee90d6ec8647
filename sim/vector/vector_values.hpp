#pragma once
// Cycle mode's values for the vector unit: the unit's FP32-lane arithmetic for each op kind
// (reductions accumulate one partial per lane, then a pairwise tree over the lanes; softmax is
// online over chunks of `lanes` scores with a running max; RoPE reads its cos/sin from an FP16
// table, as the timing model streams it), checked against the FP64 golden definitions of
// models/vector_ops.hpp. Tolerances (relative Frobenius error vs FP64, docs/END_TO_END.md):
//   norms, softmax: 1e-5 * sqrt(cols / 128) (FP32 accumulation, docs/ARITHMETIC.md);
//   elementwise (silu, gelu, relu, gated_mul, residual_add, embedding): 1e-6 (a few FP32 ulps);
//   rope: 1e-3 (the FP16 cos/sin table, 2^-11 relative per entry);
//   act_quant: INT8 codes against models/activation_quantizer.hpp, every code within 1 and at most
//     0.1 % of them differing (the lane divides in FP32, the golden in FP64); rel_fro holds the
//     fraction that differs.
#include <cstdint>
#include <vector>

#include "sim/run/end_to_end_results.hpp"
#include "sim/run/step_ops.hpp"
#include "sim/vector/vector_unit.hpp"
#include "workloads/model_spec.hpp"

namespace mixsim::sim {

// One check per vector op kind that has a golden definition, on the first op of that kind in
// `ops`, with seeded inputs of its shape (rows capped at 64).
std::vector<VectorValueCheck> check_vector_values(const std::vector<StepOp>& ops, uint64_t seed,
                                                  const workloads::ModelSpec& model, const VectorUnit& unit);

}  // namespace mixsim::sim
