#pragma once
// Two's-complement signed and unsigned b-bit integer formats (INT2/3/4/8, UINT2..8): ranges and
// clamping. Signed b-bit: [-2^(b-1), 2^(b-1)-1]; unsigned: [0, 2^b-1].
#include <cstdint>

namespace mixsim {

struct IntFormat {
  int bits = 4;
  bool is_signed = true;

  int64_t min() const { return is_signed ? -(int64_t{1} << (bits - 1)) : 0; }
  int64_t max() const {
    return is_signed ? (int64_t{1} << (bits - 1)) - 1 : (int64_t{1} << bits) - 1;
  }
  bool contains(int64_t v) const { return v >= min() && v <= max(); }
};

// Throws std::invalid_argument unless 2 <= bits <= 8 (what the quantizers support).
IntFormat make_int_format(int bits, bool is_signed);

// Round-half-to-even then clamp into the format.
int64_t quantize_to_int(double x, const IntFormat& format);

}  // namespace mixsim
