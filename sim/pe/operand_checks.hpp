#pragma once
// Checks shared by the PE types before they read a job's operands.
#include <stdexcept>
#include <string>

#include "sim/run/simulator.hpp"

namespace mixsim::sim::pe_types {

inline const QuantizedOperands& require_operands(const GemmJob& job, const std::string& pe) {
  if (!job.operands)
    throw std::invalid_argument("GEMM " + job.name + ": PE type " + pe +
                                " needs quantized operands to compute values");
  return *job.operands;
}

inline void require_shape(const GemmJob& job, int64_t rows, int64_t cols, int64_t exp_rows,
                          int64_t exp_cols, const char* what) {
  if (rows != exp_rows || cols != exp_cols)
    throw std::invalid_argument("GEMM " + job.name + ": " + what + " is " + std::to_string(rows) +
                                "x" + std::to_string(cols) + " but the job says " +
                                std::to_string(exp_rows) + "x" + std::to_string(exp_cols));
}

inline void require_recipe_match(const GemmJob& job, const QuantizedOperands& ops) {
  if (parse_recipe(job.recipe).name != ops.recipe.name)
    throw std::invalid_argument("GEMM " + job.name + ": job recipe " + job.recipe +
                                " but operands quantized with " + ops.recipe.name);
}

template <typename T>
const T& require_member(const std::optional<T>& member, const GemmJob& job, const char* what) {
  if (!member)
    throw std::invalid_argument("GEMM " + job.name + ": operands of recipe " + job.recipe +
                                " lack " + what);
  return *member;
}

}  // namespace mixsim::sim::pe_types
