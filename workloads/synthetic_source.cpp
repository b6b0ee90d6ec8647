#include "workloads/synthetic_source.hpp"

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>

#include "workloads/deterministic_random.hpp"

namespace mixsim::workloads {

void parallel_rows(int64_t rows, const std::function<void(int64_t)>& body, unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<int64_t>(threads, std::max<int64_t>(rows, 1)));
  if (threads <= 1) {
    for (int64_t r = 0; r < rows; ++r) body(r);
    return;
  }
  std::atomic<int64_t> next{0};
  auto worker = [&] {
    for (int64_t r = next++; r < rows; r = next++) body(r);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
}

namespace {

void check_shape(int64_t rows, int64_t cols) {
  if (rows < 1 || cols < 1)
    throw std::invalid_argument("synthetic tensor: shape must be positive, got " +
                                std::to_string(rows) + " x " + std::to_string(cols));
}

// Stream ids: rows use indices 0..rows-1 of the label; per-tensor vectors use sub-labels.
constexpr const char* kRowScales = "/row_scales";
constexpr const char* kChannels = "/channels";
constexpr const char* kTokens = "/token_scales";

}  // namespace

MatrixF32 synthetic_weights(int64_t rows, int64_t cols, uint64_t seed, const std::string& label,
                            const WeightStats& stats) {
  check_shape(rows, cols);
  MatrixF32 w(rows, cols);
  Xoshiro256 scale_rng(derive_seed(seed, label + kRowScales, 0));
  std::vector<double> row_scale(static_cast<size_t>(rows));
  for (auto& s : row_scale) s = scale_rng.uniform(stats.row_scale_min, stats.row_scale_max);
  parallel_rows(rows, [&](int64_t r) {
    Xoshiro256 rng(derive_seed(seed, label, static_cast<uint64_t>(r)));
    const double s = stats.std * row_scale[static_cast<size_t>(r)];
    for (float& v : w.row(r)) v = static_cast<float>(s * rng.student_t6_unit_variance());
  });
  return w;
}

std::vector<int64_t> outlier_channels(int64_t cols, uint64_t seed, const std::string& label,
                                      const ActivationStats& stats) {
  const int64_t count = std::min(stats.outlier_channels, cols / 16);
  Xoshiro256 rng(derive_seed(seed, label + kChannels, 1));
  std::vector<int64_t> picked;
  while (static_cast<int64_t>(picked.size()) < count) {
    const auto c = static_cast<int64_t>(rng.below(static_cast<uint64_t>(cols)));
    if (std::find(picked.begin(), picked.end(), c) == picked.end()) picked.push_back(c);
  }
  std::sort(picked.begin(), picked.end());
  return picked;
}

std::vector<double> channel_scales(int64_t cols, uint64_t seed, const std::string& label,
                                   const ActivationStats& stats) {
  Xoshiro256 rng(derive_seed(seed, label + kChannels, 0));
  std::vector<double> scale(static_cast<size_t>(cols));
  for (auto& s : scale) s = rng.uniform(stats.channel_scale_min, stats.channel_scale_max);
  Xoshiro256 factor_rng(derive_seed(seed, label + kChannels, 2));
  for (int64_t c : outlier_channels(cols, seed, label, stats))
    scale[static_cast<size_t>(c)] =
        factor_rng.uniform(stats.outlier_factor_min, stats.outlier_factor_max);
  return scale;
}

MatrixF32 synthetic_activations(int64_t rows, int64_t cols, uint64_t seed,
                                const std::string& label, const ActivationStats& stats) {
  check_shape(rows, cols);
  const std::vector<double> channel = channel_scales(cols, seed, label, stats);
  Xoshiro256 token_rng(derive_seed(seed, label + kTokens, 0));
  std::vector<double> token(static_cast<size_t>(rows));
  for (auto& t : token) t = token_rng.uniform(stats.token_scale_min, stats.token_scale_max);
  MatrixF32 x(rows, cols);
  parallel_rows(rows, [&](int64_t r) {
    Xoshiro256 rng(derive_seed(seed, label, static_cast<uint64_t>(r)));
    auto row = x.row(r);
    for (int64_t c = 0; c < cols; ++c)
      row[static_cast<size_t>(c)] = static_cast<float>(
          token[static_cast<size_t>(r)] * channel[static_cast<size_t>(c)] * rng.standard_normal());
  });
  return x;
}

}  // namespace mixsim::workloads
