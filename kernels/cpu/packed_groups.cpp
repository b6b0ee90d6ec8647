#include "kernels/cpu/packed_groups.hpp"

#include <stdexcept>
#include <string>

namespace mixsim::kernels {

namespace {

GroupPackedInt4 empty_packed(int64_t rows, int64_t cols, int group_size, const char* what) {
  if (group_size <= 0 || group_size % 2 != 0 || cols % group_size != 0)
    throw std::invalid_argument(std::string(what) + ": group size " + std::to_string(group_size) +
                                " must be even and divide K=" + std::to_string(cols));
  GroupPackedInt4 p;
  p.rows = rows;
  p.cols = cols;
  p.group_size = group_size;
  p.bytes.assign(static_cast<size_t>(rows * cols / 2), 0);
  p.offsets.assign(static_cast<size_t>(rows * (cols / group_size)), 0);
  return p;
}

// Byte index and nibble shift of element (n, k) in the group layout.
void locate(const GroupPackedInt4& p, int64_t n, int64_t k, size_t& byte, int& shift) {
  const int64_t g = k / p.group_size;
  const int64_t j = k % p.group_size;
  const int64_t half = p.group_size / 2;
  byte = static_cast<size_t>(n * (p.cols / 2) + g * half + (j % half));
  shift = j < half ? 0 : 4;
}

void store_nibble(GroupPackedInt4& p, int64_t n, int64_t k, int u) {
  size_t byte = 0;
  int shift = 0;
  locate(p, n, k, byte, shift);
  p.bytes[byte] = static_cast<uint8_t>(p.bytes[byte] | ((u & 0xF) << shift));
}

}  // namespace

GroupPackedInt4 pack_int4_groups(const QuantizedMatrix& w) {
  if (w.bits != 4)
    throw std::invalid_argument("pack_int4_groups: weights have " + std::to_string(w.bits) +
                                " bits; only 4-bit codes pack two per byte");
  GroupPackedInt4 p = empty_packed(w.rows, w.cols, w.group_size, "pack_int4_groups");
  const int64_t groups = w.groups();
  const int code_offset = w.is_symmetric ? 8 : 0;  // symmetric q in [-8,7] stored as q + 8
  for (int64_t n = 0; n < w.rows; ++n) {
    for (int64_t g = 0; g < groups; ++g)
      p.offsets[static_cast<size_t>(n * groups + g)] = w.zero(n, g) + code_offset;
    for (int64_t k = 0; k < w.cols; ++k) {
      const int u = w.code(n, k) + code_offset;
      if (u < 0 || u > 15)
        throw std::invalid_argument("pack_int4_groups: code " + std::to_string(w.code(n, k)) +
                                    " at (" + std::to_string(n) + "," + std::to_string(k) +
                                    ") is outside the 4-bit range");
      store_nibble(p, n, k, u);
    }
  }
  return p;
}

GroupPackedInt4 pack_fp4_blocks(const BlockScaledMatrix& w) {
  GroupPackedInt4 p = empty_packed(w.rows, w.cols, w.block_size, "pack_fp4_blocks");
  for (int64_t n = 0; n < w.rows; ++n)
    for (int64_t k = 0; k < w.cols; ++k)
      store_nibble(p, n, k, w.element_codes[static_cast<size_t>(n * w.cols + k)] & 0xF);
  return p;
}

int packed_nibble(const GroupPackedInt4& p, int64_t n, int64_t k) {
  size_t byte = 0;
  int shift = 0;
  locate(p, n, k, byte, shift);
  return (p.bytes[byte] >> shift) & 0xF;
}

}  // namespace mixsim::kernels
