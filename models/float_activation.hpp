#pragma once
// Float activation formats of the MixPE's float-activation recipes (w{b}a16-gG, w{b}abf16-gG,
// w{b}afp8-gG): X is held as values of the format (in FP32 storage) and the PE multiplies the
// format's signed significand by the weight code (models/pe/shift_add_float.hpp).
//   FP16      X rounded to FP16 (RNE); |x| beyond 65504 is an error.
//   BF16      X rounded to BF16 (RNE), no scale. BF16 has FP32's exponent range, so its range is
//             bounded here (docs/PES.md, "BF16 range"): |bf16(x)| >= 2^64 is an error and
//             0 < |bf16(x)| < 2^-64 is flushed to a zero of x's sign. Then every product is a
//             multiple of 2^-71 below 15 * 2^64, so products, group sums, scaled group sums and
//             outputs are FP32-normal or zero and never overflow - the contract of the RTL's
//             FP32 adder (rtl/fp32_add.v: zeros and normal numbers).
//   FP8_E4M3  OCP E4M3 with one FP32 scale per token (models/fp8_quantizer.hpp's per-row rule,
//             s = fl32(amax / 448)); the PE multiplies the unscaled E4M3 values and the token
//             scale is applied once per output (Y = fl32(acc * s_x[m])).
#include <cstdint>
#include <string>

#include "models/matrix.hpp"
#include "models/minifloat.hpp"

namespace mixsim {

enum class FloatActivation { FP16, BF16, FP8E4M3 };

// "fp16", "bf16", "fp8-e4m3": the names config files use (activation: ...).
const char* float_activation_name(FloatActivation f);
// The bit layout (sign, exponent, mantissa, bias) of the format.
const MinifloatFormat& float_activation_format(FloatActivation f);

// BF16 range bounds (see above): values at or above kBf16ActivationLimit are rejected, nonzero
// values below kBf16ActivationFlush become zero.
inline constexpr double kBf16ActivationLimit = 18446744073709551616.0;  // 2^64
inline constexpr double kBf16ActivationFlush = 1.0 / 18446744073709551616.0;  // 2^-64

// X rounded to BF16 under the bounds above; throws std::invalid_argument naming the element.
MatrixF32 round_activations_to_bf16(const MatrixF32& x);

// Code bits of a value of the format (exact: the value must be representable) and back.
uint32_t float_activation_encode(FloatActivation f, double value);
double float_activation_decode(FloatActivation f, uint32_t code);

}  // namespace mixsim
