#include "models/packed_int4.hpp"

#include <stdexcept>
#include <string>

namespace mixsim {

uint8_t pack_nibbles(int low_code, int high_code) {
  return static_cast<uint8_t>((low_code & 0xF) | ((high_code & 0xF) << 4));
}

int unpack_nibble(uint8_t byte, bool high, bool is_signed) {
  const int nibble = high ? (byte >> 4) & 0xF : byte & 0xF;
  return is_signed && nibble >= 8 ? nibble - 16 : nibble;
}

int PackedInt4Matrix::code(int64_t r, int64_t k) const {
  const uint8_t byte = bytes[static_cast<size_t>(r * bytes_per_row() + k / 2)];
  return unpack_nibble(byte, (k % 2) == 1, is_signed);
}

PackedInt4Matrix pack_int4(const QuantizedMatrix& q) {
  if (q.bits > 4)
    throw std::invalid_argument("pack_int4: " + std::to_string(q.bits) +
                                "-bit codes do not fit a nibble");
  PackedInt4Matrix p;
  p.rows = q.rows;
  p.cols = q.cols;
  p.is_signed = q.is_symmetric;
  const int lo = p.is_signed ? -8 : 0;
  const int hi = p.is_signed ? 7 : 15;
  p.bytes.assign(static_cast<size_t>(p.rows * p.bytes_per_row()), 0);
  for (int64_t r = 0; r < q.rows; ++r) {
    for (int64_t k = 0; k < q.cols; ++k) {
      const int c = q.code(r, k);
      if (c < lo || c > hi)
        throw std::invalid_argument("pack_int4: code " + std::to_string(c) + " at [" +
                                    std::to_string(r) + "][" + std::to_string(k) +
                                    "] outside [" + std::to_string(lo) + ", " +
                                    std::to_string(hi) + "]");
      uint8_t& byte = p.bytes[static_cast<size_t>(r * p.bytes_per_row() + k / 2)];
      byte = (k % 2 == 0) ? pack_nibbles(c, byte >> 4) : pack_nibbles(byte & 0xF, c);
    }
  }
  return p;
}

std::vector<int8_t> unpack_int4(const PackedInt4Matrix& p) {
  std::vector<int8_t> codes(static_cast<size_t>(p.rows * p.cols));
  for (int64_t r = 0; r < p.rows; ++r)
    for (int64_t k = 0; k < p.cols; ++k)
      codes[static_cast<size_t>(r * p.cols + k)] = static_cast<int8_t>(p.code(r, k));
  return codes;
}

}  // namespace mixsim
