#pragma once
// Group-quantized integer weights W (N x K, row-major like a PyTorch Linear), groups along K.
// Codes are kept unpacked (one int8 per element) for clarity; PackedInt4 (packed_int4.hpp)
// is the storage format kernels and the memory model see.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mixsim {

struct QuantizedMatrix {
  int64_t rows = 0;        // N: output features
  int64_t cols = 0;        // K: input features (reduction dimension)
  int group_size = 128;    // G along K; per-channel quantization is G == K
  int bits = 4;            // b
  bool is_symmetric = true;
  // Symmetric: codes in [-2^(b-1), 2^(b-1)-1]. Asymmetric: codes in [0, 2^b-1] (b <= 7).
  std::vector<int8_t> codes;   // rows * cols
  std::vector<float> scales;   // rows * groups(); every value exactly representable in FP16
  std::vector<int8_t> zeros;   // rows * groups(), asymmetric only, in [0, 2^b-1]

  int64_t groups() const { return group_size > 0 ? cols / group_size : 0; }
  int code(int64_t n, int64_t k) const { return codes[static_cast<size_t>(n * cols + k)]; }
  float scale(int64_t n, int64_t g) const { return scales[static_cast<size_t>(n * groups() + g)]; }
  int zero(int64_t n, int64_t g) const {
    return is_symmetric ? 0 : zeros[static_cast<size_t>(n * groups() + g)];
  }
  // q - z for element (n, k): the integer the PE multiplies by.
  int centered(int64_t n, int64_t k) const { return code(n, k) - zero(n, k / group_size); }
  // s * (q - z) in double: exact for FP16 scales and small integers.
  double dequantized(int64_t n, int64_t k) const {
    return static_cast<double>(scale(n, k / group_size)) * centered(n, k);
  }
};

// Integer-scale form of a QuantizedMatrix's scales: s_int = round(s * 2^alpha), one alpha per
// matrix (see integer_scale.hpp for how alpha is chosen and the overflow bound).
struct IntegerScales {
  int alpha = 0;
  std::vector<int32_t> scales;  // rows * groups
};

// Per-token (per-row) symmetric activations X (M x K): x ~= scale[m] * code.
struct QuantizedActivations {
  int64_t rows = 0;  // M
  int64_t cols = 0;  // K
  int bits = 8;
  std::vector<int8_t> codes;  // rows * cols, in [-(2^(b-1)-1), 2^(b-1)-1]
  std::vector<float> scales;  // rows

  int code(int64_t m, int64_t k) const { return codes[static_cast<size_t>(m * cols + k)]; }
  double dequantized(int64_t m, int64_t k) const {
    return static_cast<double>(scales[static_cast<size_t>(m)]) * code(m, k);
  }
};

}  // namespace mixsim
