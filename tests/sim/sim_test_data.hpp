#pragma once
// Test data for the simulator suites: seeded, outlier-heavy operands and small hardware.
#include <cstdint>
#include <cstdio>
#include <random>

#include "models/matrix.hpp"
#include "sim/config/hardware_config.hpp"

namespace mixsim::sim::testing {

// Gaussian values with heavy-tailed outliers: a few whole channels (columns) scaled by 25x
// and 1% of single elements scaled by 10x, like real LLM activations and weights.
inline MatrixF32 outlier_matrix(int64_t rows, int64_t cols, float sigma, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, sigma);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  MatrixF32 m(rows, cols);
  std::vector<float> channel_gain(static_cast<size_t>(cols), 1.0f);
  for (auto& g : channel_gain)
    if (u(rng) < 0.03f) g = 25.0f;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) {
      float v = normal(rng) * channel_gain[static_cast<size_t>(c)];
      if (u(rng) < 0.01f) v *= 10.0f;
      m(r, c) = v;
    }
  return m;
}

// A small array with generous buffers and a fast memory: exercises tiling and partial tiles.
inline HardwareConfig small_hardware(int rows, int cols) {
  HardwareConfig hw;
  hw.array.rows = rows;
  hw.array.cols = cols;
  hw.weight_buffer.capacity_bytes = 16 * 1024;
  hw.activation_buffer.capacity_bytes = 16 * 1024;
  hw.output_buffer.capacity_bytes = 16 * 1024;
  return hw;
}

}  // namespace mixsim::sim::testing
