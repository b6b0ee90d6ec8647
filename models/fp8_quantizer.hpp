#pragma once
// FP8 operands for the fp8-e4m3 / fp8-e5m2 recipes (the fp8-mac PE, COAT-style FP8 GEMMs;
// docs/PES.md). Per row (per token for X, per output channel for W):
//   s = fl32(amax / FMAX)   (FMAX = 448 for E4M3, 57344 for E5M2; an all-zero row gets s = 1,
//                            a scale that underflows FP32 the smallest FP32 subnormal)
//   code = fp8(v / s)       (the FP64 quotient rounded once, ties to even; E4M3 saturates)
// GEMM (golden_gemm_fp8): every product of two FP8 values is exact in FP32 (at most 4 x 4
// significant bits, exponents within FP32's normal range), accumulated k ascending:
//   acc = 0f; for k: acc = fl32(acc + x8[m][k] * w8[n][k]);  Y = fl32(fl32(acc * sx[m]) * sw[n]).
#include <cstdint>
#include <string>
#include <vector>

#include "models/matrix.hpp"

namespace mixsim {

enum class Fp8Format { E4M3, E5M2 };

struct Fp8Matrix {
  int64_t rows = 0;
  int64_t cols = 0;
  Fp8Format format = Fp8Format::E4M3;
  std::vector<uint8_t> codes;  // rows * cols
  std::vector<float> scales;   // rows, FP32
};

double fp8_decode(Fp8Format f, uint8_t code);
double fp8_max_finite(Fp8Format f);  // 448 or 57344
const char* fp8_format_name(Fp8Format f);  // "e4m3" / "e5m2"

// Throws std::invalid_argument naming `what` and the position of a NaN/Inf.
Fp8Matrix quantize_fp8_per_row(const MatrixF32& v, Fp8Format f, const std::string& what);

// X (M x K) and W (N x K) in the same format; throws on a K or format mismatch.
MatrixF32 golden_gemm_fp8(const Fp8Matrix& x, const Fp8Matrix& w);
// FP64 sum over k of (sx * x8) * (sw * w8): the reference of the same quantized operands.
MatrixF64 reference_gemm_fp8(const Fp8Matrix& x, const Fp8Matrix& w);

}  // namespace mixsim
