#include "workloads/gemm_operands.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "workloads/deterministic_random.hpp"
#include "workloads/synthetic_source.hpp"

namespace mixsim::workloads {

namespace {

MatrixF32 transpose(const MatrixF32& a) {
  MatrixF32 t(a.cols(), a.rows());
  for (int64_t r = 0; r < a.rows(); ++r)
    for (int64_t c = 0; c < a.cols(); ++c) t(c, r) = a(r, c);
  return t;
}

}  // namespace

template <typename WT>
MatrixF64 reference_product_f64(const MatrixF32& x, const Matrix<WT>& w) {
  if (x.cols() != w.cols())
    throw std::invalid_argument("reference_product_f64: X has K=" + std::to_string(x.cols()) +
                                " but W has K=" + std::to_string(w.cols()));
  MatrixF64 y(x.rows(), w.rows());
  parallel_rows(w.rows(), [&](int64_t n) {
    const auto wr = w.row(n);
    for (int64_t m = 0; m < x.rows(); ++m) {
      const auto xr = x.row(m);
      double acc = 0.0;
      for (size_t k = 0; k < xr.size(); ++k) acc += static_cast<double>(xr[k]) * static_cast<double>(wr[k]);
      y(m, n) = acc;
    }
  });
  return y;
}

template MatrixF64 reference_product_f64(const MatrixF32&, const Matrix<float>&);
template MatrixF64 reference_product_f64(const MatrixF32&, const Matrix<double>&);

namespace {

std::string layer_label(const ModelSpec& model, int layer) {
  return model.name + "/layer" + std::to_string(layer);
}

}  // namespace

namespace {

GemmOperandPair projection_instance(const ModelSpec& model, const GemmShape& g, int64_t i,
                                    uint64_t seed) {
  const std::string base = layer_label(model, g.layer) + "/" + g.name.substr(g.name.find('.') + 1);
  const std::string label = g.count > 1 ? base + "/instance" + std::to_string(i) : base;
  return {synthetic_activations(g.m, g.k, seed, label + "/input"),
          synthetic_weights(g.n, g.k, seed, label + "/weight")};
}

}  // namespace

GemmOperandSet synthetic_projection_operands(const ModelSpec& model, const GemmShape& g,
                                             uint64_t seed) {
  GemmOperandSet in;
  for (int64_t i = 0; i < g.count; ++i) {
    GemmOperandPair p = projection_instance(model, g, i, seed);
    in.x.push_back(std::move(p.x));
    in.w.push_back(std::move(p.w));
  }
  return in;
}

namespace {

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

}  // namespace

MatrixF32 softmax_probabilities(const MatrixF64& scores, int64_t q_tokens, bool causal) {
  MatrixF32 p(scores.rows(), scores.cols());
  for (int64_t r = 0; r < scores.rows(); ++r) {
    const int64_t visible = causal ? (r % q_tokens) + 1 : scores.cols();
    double mx = -std::numeric_limits<double>::infinity();
    for (int64_t j = 0; j < visible; ++j) mx = std::max(mx, scores(r, j));
    double sum = 0.0;
    std::vector<double> e(static_cast<size_t>(visible));
    for (int64_t j = 0; j < visible; ++j) sum += e[static_cast<size_t>(j)] = deterministic_exp(scores(r, j) - mx);
    for (int64_t j = 0; j < visible; ++j) p(r, j) = static_cast<float>(e[static_cast<size_t>(j)] / sum);
  }
  return p;
}

namespace {

struct AttentionInstance {
  GemmOperandPair qk, pv;
};

// Q, K, V of one (batch element, KV head); attn_qk is Q K^T, attn_pv is softmax(Q K^T/sqrt(d)) V.
AttentionInstance attention_instance(const ModelSpec& md, const PhaseSpec& phase, int layer,
                                     int64_t i, uint64_t seed) {
  const bool decode = phase.phase == Phase::Decode;
  const int64_t q_tokens = decode ? 1 : phase.seq_len;
  const int64_t kv_tokens = decode ? phase.context : phase.seq_len;
  const int64_t m = md.queries_per_kv_head() * q_tokens;
  const std::string label = layer_label(md, layer) + "/attention/instance" + std::to_string(i);
  MatrixF32 q = synthetic_activations(m, md.head_dim, seed, label + "/q", query_stats());
  MatrixF32 k = synthetic_activations(kv_tokens, md.head_dim, seed, label + "/k", key_stats());
  MatrixF32 v = synthetic_activations(kv_tokens, md.head_dim, seed, label + "/v", query_stats());
  MatrixF64 scores = reference_product_f64(q, k);
  const double inv_sqrt_d = 1.0 / std::sqrt(static_cast<double>(md.head_dim));
  for (double& s : scores.storage()) s *= inv_sqrt_d;
  AttentionInstance a;
  a.pv = {softmax_probabilities(scores, q_tokens, !decode), transpose(v)};
  a.qk = {std::move(q), std::move(k)};
  return a;
}

}  // namespace

AttentionOperandSets synthetic_attention_operands(const ModelSpec& md, const PhaseSpec& phase,
                                                  int layer, uint64_t seed) {
  AttentionOperandSets a;
  const int64_t count = phase.batch * md.num_key_value_heads;
  for (int64_t i = 0; i < count; ++i) {
    AttentionInstance inst = attention_instance(md, phase, layer, i, seed);
    a.qk.x.push_back(std::move(inst.qk.x));
    a.qk.w.push_back(std::move(inst.qk.w));
    a.pv.x.push_back(std::move(inst.pv.x));
    a.pv.w.push_back(std::move(inst.pv.w));
  }
  return a;
}

GemmOperandSet synthetic_gemm_operands(const ModelSpec& model, const PhaseSpec& phase,
                                       const GemmShape& gemm, uint64_t seed) {
  if (gemm.operand == GemmOperand::Weight) return synthetic_projection_operands(model, gemm, seed);
  AttentionOperandSets a = synthetic_attention_operands(model, phase, gemm.layer, seed);
  return gemm.operand == GemmOperand::KeyCache ? std::move(a.qk) : std::move(a.pv);
}

GemmOperandPair synthetic_gemm_instance(const ModelSpec& model, const PhaseSpec& phase,
                                        const GemmShape& gemm, int64_t instance, uint64_t seed) {
  if (instance < 0 || instance >= gemm.count)
    throw std::invalid_argument("synthetic_gemm_instance: " + gemm.name + " has " +
                                std::to_string(gemm.count) + " instances, not " +
                                std::to_string(instance));
  if (gemm.operand == GemmOperand::Weight) return projection_instance(model, gemm, instance, seed);
  AttentionInstance a = attention_instance(model, phase, gemm.layer, instance, seed);
  return gemm.operand == GemmOperand::KeyCache ? std::move(a.qk) : std::move(a.pv);
}

}  // namespace mixsim::workloads
