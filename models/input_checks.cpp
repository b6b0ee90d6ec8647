#include "models/input_checks.hpp"

#include <cmath>
#include <stdexcept>

namespace mixsim {

void require_finite(const MatrixF32& m, const std::string& what) {
  for (int64_t r = 0; r < m.rows(); ++r) {
    for (int64_t c = 0; c < m.cols(); ++c) {
      const float v = m(r, c);
      if (std::isfinite(v)) continue;
      const char* kind = std::isnan(v) ? "NaN" : (v > 0 ? "+inf" : "-inf");
      throw std::invalid_argument(what + "[" + std::to_string(r) + "][" + std::to_string(c) +
                                  "] is " + kind + " (non-finite inputs are not quantized)");
    }
  }
}

void require_groups_divide(int64_t cols, int64_t group_size, const std::string& what) {
  if (group_size <= 0)
    throw std::invalid_argument(what + ": group size " + std::to_string(group_size) +
                                " must be positive");
  if (cols % group_size != 0)
    throw std::invalid_argument(what + ": K=" + std::to_string(cols) +
                                " is not a multiple of the group size G=" +
                                std::to_string(group_size));
}

}  // namespace mixsim
