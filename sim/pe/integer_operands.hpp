#pragma once
// What every integer-weight x integer-activation PE type (int8-mac, int4-mac, slim-mixed,
// lut-gemm) hands the array and its epilogue: the weight codes as the PE multiplies them
// (centered when asymmetric), the activations' codes, shapes checked, and the float-scale fold.
#include <memory>

#include "sim/pe/epilogues.hpp"
#include "sim/pe/operand_checks.hpp"

namespace mixsim::sim::pe_types {

inline ArrayOperands integer_lane_operands(const GemmJob& job, const QuantizedOperands& ops,
                                           const char* activations) {
  const auto& w = require_member(ops.weights, job, "weights");
  const auto& a = require_member(ops.activations, job, activations);
  require_shape(job, w.rows, w.cols, job.n, job.k, "W");
  require_shape(job, a.rows, a.cols, job.m, job.k, "X");
  ArrayOperands out;
  out.lane = Lane::Int32;
  out.m = job.m, out.n = job.n, out.k = job.k;
  out.act_i8 = a.codes.data();
  out.w_i8 = centered_weights(w, out.owned_w_i8);  // symmetric codes: no copy
  return out;
}

inline std::unique_ptr<OutputEpilogue> float_scale_epilogue(const GemmJob& job, const std::string& pe,
                                                            const char* activations) {
  const auto& ops = require_operands(job, pe);
  return std::make_unique<FloatScaleEpilogue>(require_member(ops.weights, job, "weights"),
                                              require_member(ops.activations, job, activations));
}

}  // namespace mixsim::sim::pe_types
