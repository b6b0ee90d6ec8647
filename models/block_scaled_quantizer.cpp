#include "models/block_scaled_quantizer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "models/e8m0.hpp"
#include "models/fp4_e2m1.hpp"
#include "models/fp8_e4m3.hpp"
#include "models/input_checks.hpp"
#include "models/rounding.hpp"

namespace mixsim {
namespace {

constexpr int kE2M1MaxExponent = 2;   // 6 = 1.5 * 2^2
constexpr double kE2M1Max = 6.0;
constexpr double kE4M3Max = 448.0;
constexpr uint8_t kE4M3One = 0x38;    // 1.0: exponent field 7 (bias 7), mantissa 0
constexpr uint8_t kE4M3MinSubnormal = 0x01;

BlockScaledMatrix empty_like(const MatrixF32& m, int block, BlockScaleFormat fmt,
                             const char* what) {
  require_groups_divide(m.cols(), block, std::string(what) + " block quantizer");
  require_finite(m, what);
  BlockScaledMatrix out;
  out.rows = m.rows();
  out.cols = m.cols();
  out.block_size = block;
  out.scale_format = fmt;
  out.element_codes.assign(m.size(), 0);
  out.scale_codes.assign(static_cast<size_t>(m.rows() * out.blocks()), 0);
  return out;
}

double block_absmax(const MatrixF32& m, int64_t r, int64_t b, int block) {
  double amax = 0.0;
  for (int64_t k = b * block; k < (b + 1) * block; ++k)
    amax = std::max(amax, std::fabs(static_cast<double>(m(r, k))));
  return amax;
}

void encode_block_elements(const MatrixF32& m, int64_t r, int64_t b, double scale,
                           BlockScaledMatrix& out) {
  for (int64_t k = b * out.block_size; k < (b + 1) * out.block_size; ++k)
    out.element_codes[static_cast<size_t>(r * out.cols + k)] =
        fp4_e2m1_encode(static_cast<double>(m(r, k)) / scale);
}

}  // namespace

BlockScaledMatrix quantize_mxfp4(const MatrixF32& m, const char* what) {
  BlockScaledMatrix out = empty_like(m, kMxfp4BlockSize, BlockScaleFormat::E8M0, what);
  out.tensor_scale = 1.0f;
  for (int64_t r = 0; r < out.rows; ++r) {
    for (int64_t b = 0; b < out.blocks(); ++b) {
      const double amax = block_absmax(m, r, b, out.block_size);
      int exponent = 0;
      if (amax > 0.0) {
        int e = 0;
        std::frexp(amax, &e);  // amax = f * 2^e, f in [0.5, 1): floor(log2 amax) = e - 1
        exponent = std::clamp(e - 1 - kE2M1MaxExponent, kE8M0MinExponent, kE8M0MaxExponent);
      }
      out.scale_codes[static_cast<size_t>(r * out.blocks() + b)] =
          e8m0_encode_exponent(exponent);
      encode_block_elements(m, r, b, std::ldexp(1.0, exponent), out);
    }
  }
  return out;
}

BlockScaledMatrix quantize_nvfp4(const MatrixF32& m, const char* what) {
  BlockScaledMatrix out = empty_like(m, kNvfp4BlockSize, BlockScaleFormat::E4M3, what);
  double tensor_amax = 0.0;
  for (float v : m.storage()) tensor_amax = std::max(tensor_amax, std::fabs(double{v}));
  float tensor_scale = 1.0f;
  if (tensor_amax > 0.0) {
    tensor_scale = round_to_fp32(tensor_amax / (kE2M1Max * kE4M3Max));
    if (tensor_scale == 0.0f) tensor_scale = std::numeric_limits<float>::denorm_min();
  }
  out.tensor_scale = tensor_scale;
  for (int64_t r = 0; r < out.rows; ++r) {
    for (int64_t b = 0; b < out.blocks(); ++b) {
      const double amax = block_absmax(m, r, b, out.block_size);
      uint8_t code = kE4M3One;
      if (amax > 0.0) {
        code = fp8_e4m3_encode(amax / (kE2M1Max * static_cast<double>(tensor_scale)));
        if (fp8_e4m3_decode(code) == 0.0) code = kE4M3MinSubnormal;
      }
      out.scale_codes[static_cast<size_t>(r * out.blocks() + b)] = code;
      encode_block_elements(m, r, b, static_cast<double>(tensor_scale) * fp8_e4m3_decode(code),
                            out);
    }
  }
  return out;
}

double block_scale_value(const BlockScaledMatrix& m, int64_t row, int64_t block) {
  const uint8_t code = m.scale_codes[static_cast<size_t>(row * m.blocks() + block)];
  return m.scale_format == BlockScaleFormat::E8M0 ? e8m0_decode(code) : fp8_e4m3_decode(code);
}

MatrixF64 dequantize_block_scaled(const BlockScaledMatrix& m) {
  MatrixF64 out(m.rows, m.cols);
  for (int64_t r = 0; r < m.rows; ++r)
    for (int64_t k = 0; k < m.cols; ++k)
      out(r, k) = static_cast<double>(m.tensor_scale) * block_scale_value(m, r, k / m.block_size) *
                  fp4_e2m1_decode(m.element_codes[static_cast<size_t>(r * m.cols + k)]);
  return out;
}

}  // namespace mixsim
