#pragma once
// Microscaling (MX / NV) block-scaled FP4 tensors: E2M1 elements, one shared scale per block of
// consecutive elements along K (32 with an E8M0 scale for MXFP4; 16 with an E4M3 scale plus one
// FP32 per-tensor scale for NVFP4).
#include <cstdint>
#include <vector>

namespace mixsim {

enum class BlockScaleFormat { E8M0, E4M3 };

struct BlockScaledMatrix {
  int64_t rows = 0;
  int64_t cols = 0;                 // K, a multiple of block_size
  int block_size = 32;
  BlockScaleFormat scale_format = BlockScaleFormat::E8M0;
  std::vector<uint8_t> element_codes;  // rows * cols, FP4 E2M1 codes in the low nibble
  std::vector<uint8_t> scale_codes;    // rows * blocks(), E8M0 or E4M3 codes
  float tensor_scale = 1.0f;           // NVFP4 per-tensor FP32 scale; 1 for MXFP4

  int64_t blocks() const { return block_size > 0 ? cols / block_size : 0; }
};

}  // namespace mixsim
