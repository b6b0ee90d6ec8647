#pragma once
// The plain loops of the "cpu-scalar" reference, in exactly the order models/golden_gemms.hpp
// defines (bit-exact with golden_gemm for every recipe). Everything here has internal linkage
// (anonymous namespace) on purpose: the file is included by two translation units compiled with
// different flags -- scalar_gemm.cpp without auto-vectorization (the truly scalar baseline) and
// scalar_gemm_autovec.cpp with the project's -O3 (GCC vectorizes the integer loops) -- and each
// must keep its own copy of the code.
#include <stdexcept>
#include <string>

#include "kernels/cpu/fp4_tables.hpp"
#include "kernels/cpu/operand_access.hpp"
#include "kernels/output_scaling.hpp"
#include "models/block_scaled_quantizer.hpp"
#include "models/matrix.hpp"
#include "models/recipe.hpp"

namespace mixsim::kernels {

namespace {

// Exact int32 group sum (|P| <= 127 * 255 * G fits INT32 for every allowed G).
int32_t group_sum(const QuantizedActivations& a, int64_t m, const QuantizedMatrix& w, int64_t n,
                  int64_t g) {
  const int8_t* x = a.codes.data() + m * a.cols;
  const int8_t* q = w.codes.data() + n * w.cols;
  const int32_t z = w.zero(n, g);
  int32_t p = 0;
  for (int64_t k = g * w.group_size; k < (g + 1) * w.group_size; ++k)
    p += int32_t{x[k]} * (int32_t{q[k]} - z);
  return p;
}

MatrixF32 group_dequant(const QuantizedActivations& a, const QuantizedMatrix& w) {
  MatrixF32 y(a.rows, w.rows);
  for (int64_t m = 0; m < a.rows; ++m)
    for (int64_t n = 0; n < w.rows; ++n) {
      float acc = 0.0f;
      for (int64_t g = 0; g < w.groups(); ++g)
        acc = group_dequant_step(acc, w.scale(n, g), group_sum(a, m, w, n, g));
      y(m, n) = group_dequant_output(acc, a.scales[static_cast<size_t>(m)]);
    }
  return y;
}

MatrixF32 integer_scale(const QuantizedActivations& a, const QuantizedMatrix& w,
                        const IntegerScales& s) {
  MatrixF32 y(a.rows, w.rows);
  const int64_t groups = w.groups();
  for (int64_t m = 0; m < a.rows; ++m) {
    const float out_scale = intscale_output_scale(a.scales[static_cast<size_t>(m)], s.alpha);
    for (int64_t n = 0; n < w.rows; ++n) {
      int64_t acc = 0;
      for (int64_t g = 0; g < groups; ++g)
        acc += int64_t{s.scales[static_cast<size_t>(n * groups + g)]} * group_sum(a, m, w, n, g);
      y(m, n) = intscale_output(acc, out_scale);
    }
  }
  return y;
}

MatrixF32 w4a16(const MatrixF32& x, const QuantizedMatrix& w) {
  MatrixF32 y(x.rows(), w.rows);
  for (int64_t m = 0; m < x.rows(); ++m)
    for (int64_t n = 0; n < w.rows; ++n) {
      float acc = 0.0f;
      for (int64_t g = 0; g < w.groups(); ++g) {
        const int z = w.zero(n, g);
        float part = 0.0f;
        for (int64_t k = g * w.group_size; k < (g + 1) * w.group_size; ++k)
          part = add_rn(part, mul_rn(x(m, k), static_cast<float>(w.code(n, k) - z)));
        acc = add_rn(acc, mul_rn(w.scale(n, g), part));
      }
      y(m, n) = acc;
    }
  return y;
}

MatrixF32 block_scaled(const BlockScaledMatrix& x, const BlockScaledMatrix& w) {
  MatrixF32 y(x.rows, w.rows);
  const float tensor = x.tensor_scale * w.tensor_scale;
  for (int64_t m = 0; m < x.rows; ++m)
    for (int64_t n = 0; n < w.rows; ++n) {
      float acc = 0.0f;
      for (int64_t b = 0; b < x.blocks(); ++b) {
        int32_t d = 0;
        for (int64_t k = b * x.block_size; k < (b + 1) * x.block_size; ++k)
          d += kE2M1Doubled[x.element_codes[static_cast<size_t>(m * x.cols + k)] & 0xF] *
               kE2M1Doubled[w.element_codes[static_cast<size_t>(n * w.cols + k)] & 0xF];
        acc = block_scaled_step(acc, d, block_scale_value(x, m, b), block_scale_value(w, n, b));
      }
      y(m, n) = acc * tensor;
    }
  return y;
}

// The entry point, also with internal linkage (see the file comment).
MatrixF32 scalar_gemm_loops(const QuantizedOperands& ops) {
  const Recipe& r = ops.recipe;
  switch (r.kind) {
    case RecipeKind::W4A16:
      return w4a16(fp16_activations_of(ops), weights_of(ops));
    case RecipeKind::W4A8:
    case RecipeKind::W8A8:
      return group_dequant(activations_of(ops), weights_of(ops));
    case RecipeKind::W4A8IntScale:
      return integer_scale(activations_of(ops), weights_of(ops), integer_scales_of(ops));
    case RecipeKind::MXFP4:
    case RecipeKind::NVFP4:
      return block_scaled(block_activations_of(ops), block_weights_of(ops));
    case RecipeKind::FP8:
      break;  // no CPU FP8 kernel (the support check rejects it before this)
  }
  throw std::invalid_argument("cpu-scalar: unhandled recipe " + r.name);
}

}  // namespace
}  // namespace mixsim::kernels
