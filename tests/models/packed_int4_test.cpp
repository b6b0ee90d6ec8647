// Packed INT4 layout: documented nibble order and lossless round trip.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <random>

#include "models/packed_int4.hpp"

namespace mixsim {
namespace {

QuantizedMatrix codes_matrix(int64_t rows, int64_t cols, bool is_signed, uint32_t seed) {
  std::mt19937 gen(seed);
  std::uniform_int_distribution<int> d(is_signed ? -8 : 0, is_signed ? 7 : 15);
  QuantizedMatrix q;
  q.rows = rows;
  q.cols = cols;
  q.group_size = static_cast<int>(cols);
  q.bits = 4;
  q.is_symmetric = is_signed;
  q.scales.assign(static_cast<size_t>(rows), 1.0f);
  if (!is_signed) q.zeros.assign(static_cast<size_t>(rows), 0);
  for (int64_t i = 0; i < rows * cols; ++i) q.codes.push_back(static_cast<int8_t>(d(gen)));
  return q;
}

TEST(PackedInt4, NibbleOrderIsLowNibbleFirst) {
  QuantizedMatrix q = codes_matrix(1, 4, true, 1);
  q.codes = {1, -2, -8, 7};
  const PackedInt4Matrix p = pack_int4(q);
  ASSERT_EQ(p.bytes.size(), 2u);
  EXPECT_EQ(p.bytes[0], 0xE1);  // element 0 = 1 in bits 3..0, element 1 = -2 = 0xE in bits 7..4
  EXPECT_EQ(p.bytes[1], 0x78);  // -8 = 0x8 low, 7 high
  EXPECT_EQ(pack_nibbles(0xA, 0x5), 0x5A);
  EXPECT_EQ(unpack_nibble(0x5A, false, false), 0xA);
  EXPECT_EQ(unpack_nibble(0x5A, false, true), -6);
  EXPECT_EQ(unpack_nibble(0x5A, true, true), 5);
}

TEST(PackedInt4, RoundTripSignedUnsignedAndOddWidth) {
  const uint32_t seed = 99;
  std::printf("seed=%u\n", seed);
  for (bool is_signed : {true, false}) {
    for (int64_t cols : {1, 2, 7, 64, 129}) {
      const QuantizedMatrix q = codes_matrix(3, cols, is_signed, seed + static_cast<uint32_t>(cols));
      const PackedInt4Matrix p = pack_int4(q);
      EXPECT_EQ(p.bytes_per_row(), (cols + 1) / 2);
      EXPECT_EQ(unpack_int4(p), q.codes) << "cols=" << cols << " signed=" << is_signed;
      if (cols % 2 == 1) {  // the padding nibble of each row is zero
        for (int64_t r = 0; r < 3; ++r)
          EXPECT_EQ(p.bytes[static_cast<size_t>(r * p.bytes_per_row() + cols / 2)] >> 4, 0);
      }
    }
  }
}

TEST(PackedInt4, RejectsWideOrOutOfRangeCodes) {
  QuantizedMatrix q = codes_matrix(1, 2, true, 3);
  q.codes = {9, 0};
  EXPECT_THROW(pack_int4(q), std::invalid_argument);
  q.bits = 8;
  q.codes = {1, 0};
  EXPECT_THROW(pack_int4(q), std::invalid_argument);
}

}  // namespace
}  // namespace mixsim
