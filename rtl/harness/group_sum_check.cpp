#include "rtl/harness/group_sum_check.hpp"

#include <cstring>
#include <string>

#include "models/golden_gemms.hpp"
#include "models/pe/group_dequant.hpp"

namespace mixsim::rtl {

void compare_group_sums(CheckResult& r, const std::vector<int64_t>& sums, const QuantizedOperands& ops,
                        int m, int n, int k_groups) {
  const QuantizedActivations& a = *ops.activations;
  const QuantizedMatrix& q = *ops.weights;
  size_t i = 0;
  for (int mi = 0; mi < m; ++mi)
    for (int ni = 0; ni < n; ++ni)
      for (int g = 0; g < k_groups; ++g, ++i) {
        const int64_t expected = group_partial_sum(a, mi, q, ni, g);
        r.compare_lazy(sums[i] == expected, [&] {
          return "P[" + std::to_string(mi) + "][" + std::to_string(ni) + "][" + std::to_string(g) +
                 "]: rtl " + std::to_string(sums[i]) + ", models " + std::to_string(expected);
        });
      }
}

void compare_y_from_group_sums(CheckResult& r, const std::vector<int64_t>& sums, const QuantizedOperands& ops,
                               int m, int n, int k_groups) {
  const QuantizedActivations& a = *ops.activations;
  const QuantizedMatrix& q = *ops.weights;
  const MatrixF32 golden = golden_gemm(ops);
  for (int mi = 0; mi < m; ++mi)
    for (int ni = 0; ni < n; ++ni) {
      float acc = 0.0f;
      for (int g = 0; g < k_groups; ++g)
        acc = pe::GroupDequant::accumulate_float_scale(
            acc, q.scale(ni, g), static_cast<int32_t>(sums[static_cast<size_t>((mi * n + ni) * k_groups + g)]));
      const float y = pe::GroupDequant::finish_float_scale(acc, a.scales[static_cast<size_t>(mi)]);
      const float e = golden(mi, ni);
      r.compare_lazy(std::memcmp(&y, &e, sizeof y) == 0, [&] {
        return "Y[" + std::to_string(mi) + "][" + std::to_string(ni) + "]: rtl " + std::to_string(y) +
               ", golden " + std::to_string(e);
      });
    }
}

}  // namespace mixsim::rtl
