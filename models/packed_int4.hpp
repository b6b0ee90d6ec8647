#pragma once
// Two 4-bit codes per byte: the storage format of INT4 weights in memory (kernels, the memory
// model and the RTL weight buffer see this layout).
// Nibble order: byte j of a row holds element k = 2j in the LOW nibble (bits 3..0) and element
// k = 2j+1 in the HIGH nibble (bits 7..4), i.e. byte = (code[2j] & 0xF) | (code[2j+1] << 4).
// Signed codes are 4-bit two's complement (-8 -> 0x8, -1 -> 0xF); unsigned codes are 0..15.
// Each row starts on a byte boundary; an odd K leaves the last high nibble 0.
#include <cstdint>
#include <vector>

#include "models/quantized_matrix.hpp"

namespace mixsim {

struct PackedInt4Matrix {
  int64_t rows = 0;
  int64_t cols = 0;
  bool is_signed = true;
  std::vector<uint8_t> bytes;  // rows * bytes_per_row()

  int64_t bytes_per_row() const { return (cols + 1) / 2; }
  int code(int64_t r, int64_t k) const;  // sign-extended when is_signed
};

uint8_t pack_nibbles(int low_code, int high_code);
int unpack_nibble(uint8_t byte, bool high, bool is_signed);

// Throws std::invalid_argument if q.bits > 4 or a code is outside the 4-bit range.
PackedInt4Matrix pack_int4(const QuantizedMatrix& q);
// The unpacked codes, rows * cols, row-major (inverse of pack_int4).
std::vector<int8_t> unpack_int4(const PackedInt4Matrix& p);

}  // namespace mixsim
