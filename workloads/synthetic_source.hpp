#pragma once
// Seeded synthetic tensors with LLM-like statistics (docs/WORKLOADS.md, "Sources"):
//  * weights: Student-t (6 degrees of freedom, unit variance) bulk -- Gaussian-like centre with
//    heavy tails (kurtosis 6) -- times a per-output-row scale drawn uniformly in
//    [row_scale_min, row_scale_max], times `std`;
//  * activations: Gaussian per element, times a per-token scale and a per-channel scale; a few
//    outlier channels (same channels for every token, as LLM.int8 / SmoothQuant report) get a
//    channel scale of `outlier_factor_min..max` times the median channel scale, so their median
//    magnitude is 20-100x that of the others by default.
// Every row comes from its own stream derive_seed(seed, label, row): the result does not depend
// on the thread count, and equal (seed, label, shape, stats) give equal bytes on every machine.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/matrix.hpp"

namespace mixsim::workloads {

struct WeightStats {
  double std = 0.02;  // LLaMA initializer_range
  double row_scale_min = 0.5;
  double row_scale_max = 1.5;
};

struct ActivationStats {
  int64_t outlier_channels = 6;   // capped at cols / 16
  double outlier_factor_min = 20.0;
  double outlier_factor_max = 100.0;
  double channel_scale_min = 0.5;  // bulk channels: uniform in [min, max], median 1
  double channel_scale_max = 1.5;
  double token_scale_min = 0.5;
  double token_scale_max = 1.5;
};

MatrixF32 synthetic_weights(int64_t rows, int64_t cols, uint64_t seed, const std::string& label,
                            const WeightStats& stats = {});
MatrixF32 synthetic_activations(int64_t rows, int64_t cols, uint64_t seed,
                                const std::string& label, const ActivationStats& stats = {});

// The outlier channel indices synthetic_activations uses (sorted), and every channel's scale.
std::vector<int64_t> outlier_channels(int64_t cols, uint64_t seed, const std::string& label,
                                      const ActivationStats& stats);
std::vector<double> channel_scales(int64_t cols, uint64_t seed, const std::string& label,
                                   const ActivationStats& stats);

// Runs body(row) for row in [0, rows) on up to `threads` threads (0: hardware concurrency).
// Rows are independent, so the result is the same for any thread count.
void parallel_rows(int64_t rows, const std::function<void(int64_t)>& body, unsigned threads = 0);

}  // namespace mixsim::workloads
