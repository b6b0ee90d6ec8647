#include "sim/run/run_value_check.hpp"

#include "models/recipe.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace mixsim::sim {

ErrorStats error_stats(const MatrixF32& values, const MatrixF64& reference) {
  if (values.rows() != reference.rows() || values.cols() != reference.cols())
    throw std::invalid_argument("error_stats: shape mismatch");
  double err2 = 0.0, ref2 = 0.0, max_abs = 0.0;
  bool nan = false;
  for (size_t i = 0; i < values.size(); ++i) {
    const double v = values.data()[i], r = reference.data()[i];
    if (std::isnan(v)) nan = true;
    const double d = v - r;
    err2 += d * d;
    ref2 += r * r;
    max_abs = std::max(max_abs, std::abs(d));
  }
  ErrorStats e;
  const double nan_value = std::numeric_limits<double>::quiet_NaN();
  if (nan) return ErrorStats{nan_value, nan_value, nan_value};
  e.rel_fro = ref2 > 0 ? std::sqrt(err2 / ref2) : std::sqrt(err2);
  e.sqnr_db = err2 > 0 ? 10.0 * std::log10(ref2 / err2) : std::numeric_limits<double>::infinity();
  e.max_abs = max_abs;
  return e;
}

int64_t count_bit_mismatches(const MatrixF32& values, const MatrixF32& golden) {
  if (values.rows() != golden.rows() || values.cols() != golden.cols())
    return static_cast<int64_t>(std::max(values.size(), golden.size()));
  int64_t mismatches = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    uint32_t a, b;
    std::memcpy(&a, values.data() + i, 4);
    std::memcpy(&b, golden.data() + i, 4);
    mismatches += (a != b || std::isnan(values.data()[i])) ? 1 : 0;
  }
  return mismatches;
}

CheckMethod check_method_for(const std::string& pe, const std::string& recipe) {
  if (pe == "dequant-mac") return CheckMethod::Fp16Tolerance;
  if (pe == "fp16-mac") return CheckMethod::Fp32Tolerance;
  // The FP4 block PEs compute exact integer block dots and fold them in the golden's order.
  if (pe == "mx-fp4" || pe == "nv-fp4") return CheckMethod::BitExact;
  // fp8-mac is a float path: the array adds each K-tile's column sum to the accumulator, a
  // different association than the golden's k-ascending sum (FP32 tolerance, ARITHMETIC.md §10).
  if (recipe == "fp16") return CheckMethod::Fp32Tolerance;
  const RecipeKind kind = parse_recipe(recipe).kind;  // w2a8 / w3a8 / w4a8 [-intscale], w8a8
  const bool integer_recipe =
      kind == RecipeKind::W4A8 || kind == RecipeKind::W4A8IntScale || kind == RecipeKind::W8A8;
  return integer_recipe ? CheckMethod::BitExact : CheckMethod::Fp32Tolerance;
}

double tolerance_for(CheckMethod method, int64_t k) {
  switch (method) {
    case CheckMethod::BitExact: return 0.0;
    case CheckMethod::Fp32Tolerance: return 1e-5 * std::sqrt(static_cast<double>(k) / 128.0);
    case CheckMethod::Fp16Tolerance: return 2e-3;
  }
  return 0.0;
}

ValueCheck check_values(CheckMethod method, int64_t k, const MatrixF32& values,
                        const MatrixF32* golden, const MatrixF64& reference) {
  ValueCheck c;
  c.vs_reference = error_stats(values, reference);
  c.tolerance = tolerance_for(method, k);
  if (method == CheckMethod::BitExact) {
    if (!golden) throw std::logic_error("check_values: bit-exact check needs golden values");
    c.method = "bit-exact";
    c.mismatches = count_bit_mismatches(values, *golden);
    c.passed = c.mismatches == 0;
  } else {
    c.method = "tolerance";
    c.passed = std::isfinite(c.vs_reference.rel_fro) && c.vs_reference.rel_fro <= c.tolerance;
  }
  return c;
}

}  // namespace mixsim::sim
