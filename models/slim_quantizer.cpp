#include "models/slim_quantizer.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include "models/group_quantizer.hpp"

namespace mixsim {

SlimQuantized quantize_weights_slim(const MatrixF32& w, const MatrixF32& x, int group_size) {
  if (x.cols() != w.cols())
    throw std::invalid_argument("slim quantizer: X has K=" + std::to_string(x.cols()) +
                                " but W has K=" + std::to_string(w.cols()));
  // The three uniform quantizations; each group takes its codes and scale from one of them.
  const QuantizedMatrix q2 = quantize_weights(w, GroupQuantizerConfig{2, group_size, true});
  const QuantizedMatrix q3 = quantize_weights(w, GroupQuantizerConfig{3, group_size, true});
  const QuantizedMatrix q4 = quantize_weights(w, GroupQuantizerConfig{4, group_size, true});
  const int64_t k_dim = w.cols(), groups = q4.groups();
  std::vector<double> h(static_cast<size_t>(k_dim), 0.0);
  for (int64_t m = 0; m < x.rows(); ++m)
    for (int64_t k = 0; k < k_dim; ++k) h[static_cast<size_t>(k)] += static_cast<double>(x(m, k)) * x(m, k);
  SlimQuantized out;
  out.weights = q4;
  out.group_bits.assign(static_cast<size_t>(w.rows() * groups), 3);
  out.salience.assign(static_cast<size_t>(w.rows() * groups), 0.0);
  const int64_t top = groups / 4;
  std::vector<int64_t> order(static_cast<size_t>(groups));
  for (int64_t n = 0; n < w.rows(); ++n) {
    double* s = &out.salience[static_cast<size_t>(n * groups)];
    for (int64_t g = 0; g < groups; ++g)
      for (int64_t k = g * group_size; k < (g + 1) * group_size; ++k)
        s[g] += static_cast<double>(w(n, k)) * w(n, k) * h[static_cast<size_t>(k)];
    std::iota(order.begin(), order.end(), int64_t{0});
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return s[a] > s[b]; });
    int8_t* bits = &out.group_bits[static_cast<size_t>(n * groups)];
    for (int64_t r = 0; r < groups; ++r) {
      const int64_t g = order[static_cast<size_t>(r)];
      bits[g] = r < top ? 4 : r >= groups - top ? 2 : 3;
      const QuantizedMatrix& src = bits[g] == 4 ? q4 : bits[g] == 3 ? q3 : q2;
      out.weights.scales[static_cast<size_t>(n * groups + g)] = src.scale(n, g);
      for (int64_t k = g * group_size; k < (g + 1) * group_size; ++k)
        out.weights.codes[static_cast<size_t>(n * k_dim + k)] = src.codes[static_cast<size_t>(n * k_dim + k)];
    }
  }
  return out;
}

}  // namespace mixsim
