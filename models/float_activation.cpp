#include "models/float_activation.hpp"

#include <cmath>
#include <stdexcept>

#include "models/bf16.hpp"
#include "models/fp16.hpp"
#include "models/fp8_e4m3.hpp"

namespace mixsim {

const char* float_activation_name(FloatActivation f) {
  switch (f) {
    case FloatActivation::FP16: return "fp16";
    case FloatActivation::BF16: return "bf16";
    case FloatActivation::FP8E4M3: return "fp8-e4m3";
  }
  return "?";
}

const MinifloatFormat& float_activation_format(FloatActivation f) {
  switch (f) {
    case FloatActivation::FP16: return kFp16Format;
    case FloatActivation::BF16: return kBf16Format;
    case FloatActivation::FP8E4M3: return kFp8E4M3Format;
  }
  throw std::invalid_argument("float_activation_format: unknown format");
}

MatrixF32 round_activations_to_bf16(const MatrixF32& x) {
  MatrixF32 out(x.rows(), x.cols());
  for (int64_t m = 0; m < x.rows(); ++m)
    for (int64_t k = 0; k < x.cols(); ++k) {
      const double r = bf16_round(static_cast<double>(x(m, k)));
      if (!(std::fabs(r) < kBf16ActivationLimit))
        throw std::invalid_argument("X[" + std::to_string(m) + "][" + std::to_string(k) + "] = " +
                                    std::to_string(x(m, k)) +
                                    " is outside the BF16 activation range of the MixPE "
                                    "(|x| < 2^64, docs/PES.md)");
      out(m, k) = std::fabs(r) < kBf16ActivationFlush ? std::copysign(0.0f, x(m, k))
                                                      : static_cast<float>(r);
    }
  return out;
}

uint32_t float_activation_encode(FloatActivation f, double value) {
  const MinifloatFormat& fmt = float_activation_format(f);
  const uint32_t code = minifloat_encode(fmt, value);
  if (minifloat_decode(fmt, code) != value)
    throw std::invalid_argument(std::string("float_activation_encode: ") + std::to_string(value) +
                                " is not a " + float_activation_name(f) + " value");
  return code;
}

double float_activation_decode(FloatActivation f, uint32_t code) {
  return minifloat_decode(float_activation_format(f), code);
}

}  // namespace mixsim
