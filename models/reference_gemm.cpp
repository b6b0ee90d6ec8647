#include <stdexcept>
#include <string>

#include "models/golden_gemms.hpp"

namespace mixsim {

MatrixF64 reference_gemm_dequantized(const MatrixF64& x_hat, const MatrixF64& w_hat) {
  if (x_hat.cols() != w_hat.cols())
    throw std::invalid_argument("reference GEMM: X has K=" + std::to_string(x_hat.cols()) +
                                " but W has K=" + std::to_string(w_hat.cols()));
  MatrixF64 y(x_hat.rows(), w_hat.rows());
  for (int64_t m = 0; m < x_hat.rows(); ++m) {
    for (int64_t n = 0; n < w_hat.rows(); ++n) {
      double acc = 0.0;
      for (int64_t k = 0; k < x_hat.cols(); ++k) acc += x_hat(m, k) * w_hat(n, k);
      y(m, n) = acc;
    }
  }
  return y;
}

}  // namespace mixsim
