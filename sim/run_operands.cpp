#include "sim/run_operands.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "workloads/deterministic_random.hpp"
#include "workloads/synthetic_source.hpp"

namespace mixsim::sim {
namespace {

using workloads::ActivationStats;

std::string short_name(const std::string& name) { return name.substr(name.find('.') + 1); }

std::string layer_label(const workloads::ModelSpec& model, int layer) {
  return model.name + "/layer" + std::to_string(layer);
}

ActivationStats query_stats() {
  ActivationStats s;
  s.outlier_channels = 0;
  return s;
}

ActivationStats key_stats() {  // KIVI: a few key channels with large magnitude
  ActivationStats s;
  s.outlier_channels = 4;
  s.outlier_factor_min = 5.0;
  s.outlier_factor_max = 15.0;
  return s;
}

// Row-wise softmax of scores (rows = query rows); in prefill query row r (token r % q_tokens)
// sees keys 0..r%q_tokens only (causal mask), the rest of its probabilities are 0.
MatrixF32 softmax_rows(const MatrixF64& scores, int64_t q_tokens, bool causal) {
  MatrixF32 p(scores.rows(), scores.cols(), 0.0f);
  for (int64_t r = 0; r < scores.rows(); ++r) {
    const int64_t visible = causal ? std::min(scores.cols(), r % q_tokens + 1) : scores.cols();
    double peak = -std::numeric_limits<double>::infinity();
    for (int64_t j = 0; j < visible; ++j) peak = std::max(peak, scores(r, j));
    std::vector<double> e(static_cast<size_t>(visible));
    double sum = 0.0;
    for (int64_t j = 0; j < visible; ++j)
      sum += e[static_cast<size_t>(j)] = workloads::deterministic_exp(scores(r, j) - peak);
    for (int64_t j = 0; j < visible; ++j) p(r, j) = static_cast<float>(e[static_cast<size_t>(j)] / sum);
  }
  return p;
}

MatrixF32 transposed(const MatrixF32& a) {
  MatrixF32 t(a.cols(), a.rows());
  for (int64_t r = 0; r < a.rows(); ++r)
    for (int64_t c = 0; c < a.cols(); ++c) t(c, r) = a(r, c);
  return t;
}

GemmOperandsFp attention_operands(const workloads::ModelSpec& model,
                                  const workloads::PhaseSpec& phase,
                                  const workloads::GemmShape& gemm, uint64_t seed) {
  const bool decode = phase.phase == workloads::Phase::Decode;
  const int64_t q_tokens = decode ? 1 : phase.seq_len;
  const int64_t kv_tokens = decode ? phase.context : phase.seq_len;
  const int64_t q_rows = gemm.m;  // queries_per_kv_head * q_tokens
  const std::string label = layer_label(model, gemm.layer) + "/attention/instance0";
  MatrixF32 q = workloads::synthetic_activations(q_rows, model.head_dim, seed, label + "/q", query_stats());
  MatrixF32 k = workloads::synthetic_activations(kv_tokens, model.head_dim, seed, label + "/k", key_stats());
  if (gemm.operand == workloads::GemmOperand::KeyCache) return {std::move(q), std::move(k)};
  MatrixF32 v = workloads::synthetic_activations(kv_tokens, model.head_dim, seed, label + "/v", query_stats());
  MatrixF64 scores = exact_product_f64(q, k);
  const double inv_sqrt_d = 1.0 / std::sqrt(static_cast<double>(model.head_dim));
  for (double& s : scores.storage()) s *= inv_sqrt_d;
  return {softmax_rows(scores, q_tokens, !decode), transposed(v)};
}

}  // namespace

MatrixF64 exact_product_f64(const MatrixF32& x, const MatrixF32& w) {
  if (x.cols() != w.cols())
    throw std::invalid_argument("exact_product_f64: K mismatch " + std::to_string(x.cols()) +
                                " vs " + std::to_string(w.cols()));
  MatrixF64 y(x.rows(), w.rows());
  workloads::parallel_rows(w.rows(), [&](int64_t n) {
    const auto wr = w.row(n);
    for (int64_t m = 0; m < x.rows(); ++m) {
      const auto xr = x.row(m);
      double acc = 0.0;
      for (size_t k = 0; k < xr.size(); ++k) acc += static_cast<double>(xr[k]) * wr[k];
      y(m, n) = acc;
    }
  });
  return y;
}

GemmOperandsFp synthetic_gemm_operands(const workloads::ModelSpec& model,
                                       const workloads::PhaseSpec& phase,
                                       const workloads::GemmShape& gemm, uint64_t seed) {
  if (gemm.operand != workloads::GemmOperand::Weight)
    return attention_operands(model, phase, gemm, seed);
  std::string label = layer_label(model, gemm.layer) + "/" + short_name(gemm.name);
  if (gemm.count > 1) label += "/instance0";
  return {workloads::synthetic_activations(gemm.m, gemm.k, seed, label + "/input"),
          workloads::synthetic_weights(gemm.n, gemm.k, seed, label + "/weight")};
}

}  // namespace mixsim::sim
