#include "sim/run/step_ops.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "sim/run/moe_router.hpp"

namespace mixsim::sim {
namespace {

constexpr int64_t kMaxAttentionChunks = 64;  // KV head groups per layer (batch x KV heads), merged above
constexpr int64_t kFp16 = 2;

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

class StepBuilder {
 public:
  StepBuilder(const workloads::ModelSpec& md, const StepSpec& s) : md_(md), s_(s), t_(s.batch * s.q_tokens) {}

  std::vector<StepOp> build() {
    const int64_t h = md_.hidden_size;
    int64_t x = vec(VectorOpKind::Embedding, "embedding", t_, h, {});
    if (md_.learned_position_embeddings > 0) {
      const int64_t pos = vec(VectorOpKind::Embedding, "position_embedding", t_, h, {});
      x = vec(VectorOpKind::ResidualAdd, "position_add", t_, h, {x, pos});
    }
    for (int l = 0; l < md_.num_hidden_layers; ++l) x = layer(l, x);
    layer_ = -1;
    // Only the last token of each sequence needs logits.
    const int64_t nf = norm("final_norm", s_.batch, {x});
    const int64_t xq = quant(s_.batch, h, nf);
    gemm("lm_head", "lm_head", s_.batch, md_.vocab_size, h, 1, GemmRole::Weight, {xq});
    return std::move(ops_);
  }

 private:
  int64_t push(StepOp op) {
    op.layer = layer_;
    if (layer_ >= 0) op.name = fmt::format("layer{}.{}", layer_, op.name);
    ops_.push_back(std::move(op));
    return static_cast<int64_t>(ops_.size()) - 1;
  }
  int64_t gemm(const std::string& name, const std::string& type, int64_t m, int64_t n, int64_t k, int64_t count,
               GemmRole role, std::vector<int64_t> deps) {
    StepOp op;
    op.name = name, op.type = type, op.unit = OpUnit::Array;
    op.m = m, op.n = n, op.k = k, op.count = count, op.role = role;
    op.macs = count * m * n * k;
    op.deps = std::move(deps);
    return push(std::move(op));
  }
  int64_t vec(VectorOpKind kind, const std::string& name, int64_t rows, int64_t cols, std::vector<int64_t> deps,
              int64_t extra = 0, int64_t param_bytes = 0) {
    StepOp op;
    op.name = name, op.type = vector_op_kind_name(kind), op.unit = OpUnit::Vector;
    op.vector.kind = kind, op.vector.rows = rows, op.vector.cols = cols;
    op.vector.extra = extra, op.vector.param_bytes = param_bytes;
    op.deps = std::move(deps);
    return push(std::move(op));
  }
  int64_t norm(const std::string& name, int64_t rows, std::vector<int64_t> deps) {
    const bool ln = md_.norm == workloads::NormKind::LayerNorm;
    return vec(ln ? VectorOpKind::LayerNorm : VectorOpKind::RmsNorm, name, rows, md_.hidden_size, std::move(deps),
               0, (ln ? 2 : 1) * md_.hidden_size * kFp16);
  }
  int64_t quant(int64_t rows, int64_t cols, int64_t input) {
    if (!s_.int8_activations) return input;
    return vec(VectorOpKind::ActQuant, "act_quant", rows, cols, {input});
  }
  int64_t bias(int64_t rows, int64_t cols, int64_t input) {
    if (!md_.linear_bias) return input;
    return vec(VectorOpKind::BiasAdd, "bias_add", rows, cols, {input}, 0, cols * kFp16);
  }
  int64_t append(const std::string& name, int64_t input) {
    StepOp op;
    const int64_t cols = md_.kv_dim();
    int64_t param = 0;
    KvStoreFormat f;
    f.bits = s_.kv->code_bits;
    f.bits_per_element = s_.kv->name == "fp16" ? 16.0 : s_.kv->bits_per_element;
    int64_t group = md_.head_dim;
    if (s_.kv->kivi) {  // written to the FP16 window, later re-read and stored as codes
      f.bits_per_element += 16.0;
      param = t_ * cols * kFp16;
      group = s_.kv->kivi->value_group_channels;
    }
    const int64_t i = vec(VectorOpKind::KvAppend, name, t_, cols, {input}, group, param);
    ops_[static_cast<size_t>(i)].vector.kv = f;
    return i;
  }

  // Attention of one layer: one chunk per group of (sequence, KV head) pairs.
  std::vector<int64_t> attention(int64_t q, int64_t kc, int64_t vc) {  // q by value: may be re-quantized
    const int64_t pairs = s_.batch * md_.num_key_value_heads;
    const int64_t per_chunk = ceil_div(pairs, kMaxAttentionChunks);
    const int64_t m = md_.queries_per_kv_head() * s_.q_tokens, d = md_.head_dim, l = s_.kv_tokens;
    const bool kivi = s_.kv->kivi.has_value();
    // KIVI: the prefill attends to the codes it has just written (the PE runs no FP16 operands);
    // a decode step runs the quantized tokens on the array and the FP16 window on the vector unit.
    const int64_t lq = kivi && !s_.prefill ? s_.kv->quantized_tokens(l) : l;
    const int64_t window = l - lq;
    const int64_t groups = kivi ? s_.kv->kivi->key_group_tokens : 1;
    // An INT8 attention lane (int8-mac against an INT8 or KIVI cache) needs Q and P as INT8 too.
    const bool int8_lane = s_.kv->attention_recipe == "w8a8";
    if (int8_lane) q = vec(VectorOpKind::ActQuant, "act_quant", t_, md_.q_dim(), {q});
    std::vector<int64_t> outs;
    std::vector<int64_t> pending;  // softmax outputs whose P.V is not yet issued
    std::vector<int64_t> counts;
    auto back = [&](size_t c) {
      const int64_t h = counts[c];
      int64_t p = pending[c];
      if (lq > 0) {
        if (kivi)
          p = vec(VectorOpKind::KvDequantScale, "kv_scale_p", h * m, (d / s_.kv->kivi->value_group_channels) * lq,
                  {p}, 0, h * lq * (d / s_.kv->kivi->value_group_channels) * 2 * kFp16);
        p = gemm(fmt::format("attn_pv.h{}", c), "attn_pv", m, d, lq, h, GemmRole::ValueCache, {p, vc});
      }
      outs.push_back(p);
    };
    for (int64_t first = 0; first < pairs; first += per_chunk) {
      const int64_t h = std::min(per_chunk, pairs - first);
      const size_t c = counts.size();
      counts.push_back(h);
      std::vector<int64_t> sm_deps;
      if (lq > 0) {
        int64_t qs = q;
        if (kivi)
          qs = vec(VectorOpKind::KvDequantScale, "kv_scale_q", h * m, ceil_div(lq, groups) * d, {q}, 0,
                   h * ceil_div(lq, groups) * d * 2 * kFp16);
        sm_deps.push_back(gemm(fmt::format("attn_qk.h{}", c), "attn_qk", m, lq, d, h, GemmRole::KeyCache, {qs, kc}));
      }
      if (window > 0) {
        const int64_t r = vec(VectorOpKind::AttnResidual, "attn_residual", h * m, window, {q, kc, vc}, d,
                              h * window * d * 2 * kFp16);
        ops_[static_cast<size_t>(r)].macs = h * m * window * d * 2;
        sm_deps.push_back(r);
      }
      int64_t p = vec(VectorOpKind::Softmax, "softmax", h * m, l, sm_deps);
      if (int8_lane && lq > 0) p = vec(VectorOpKind::ActQuant, "act_quant", h * m, lq, {p});
      pending.push_back(p);
      if (c >= 1) back(c - 1);  // the previous chunk's P.V after this chunk's Q.K^T
    }
    back(counts.size() - 1);
    return outs;
  }

  int64_t mlp(int64_t x) {
    const int64_t h = md_.hidden_size, f = md_.intermediate_size;
    const int64_t xq = quant(t_, h, x);
    if (md_.mlp == workloads::MlpKind::Plain) {
      int64_t a = bias(t_, f, gemm("fc1", "fc1", t_, f, h, 1, GemmRole::Weight, {xq}));
      a = vec(VectorOpKind::Relu, "relu", t_, f, {a});
      return bias(t_, h, gemm("fc2", "fc2", t_, h, f, 1, GemmRole::Weight, {quant(t_, f, a)}));
    }
    auto expert = [&](const std::string& prefix, int64_t rows, std::vector<int64_t> deps) {
      const int64_t g = gemm(prefix + (prefix.empty() ? "gate_proj" : "w1"), prefix.empty() ? "gate_proj" : "expert.w1",
                             rows, f, h, 1, GemmRole::Weight, deps);
      const int64_t u = gemm(prefix + (prefix.empty() ? "up_proj" : "w3"), prefix.empty() ? "up_proj" : "expert.w3",
                             rows, f, h, 1, GemmRole::Weight, deps);
      const int64_t s = vec(VectorOpKind::Silu, "silu", rows, f, {g});
      const int64_t gm = vec(VectorOpKind::GatedMul, "gated_mul", rows, f, {s, u});
      return gemm(prefix + (prefix.empty() ? "down_proj" : "w2"), prefix.empty() ? "down_proj" : "expert.w2", rows,
                  h, f, 1, GemmRole::Weight, {quant(rows, f, gm)});
    };
    if (!md_.is_moe()) return expert("", t_, {xq});
    const int64_t e = md_.num_local_experts, k = md_.num_experts_per_tok;
    const int64_t r = gemm("router", "router", t_, e, h, 1, GemmRole::Weight, {xq});
    const int64_t route = vec(VectorOpKind::MoeRoute, "moe_route", t_, e, {r}, k);
    const std::vector<int64_t> load = route_tokens(s_.seed, s_.step, layer_, t_, e, k);
    std::vector<int64_t> outs;
    for (int64_t i = 0; i < e; ++i)
      if (load[static_cast<size_t>(i)] > 0)
        outs.push_back(expert(fmt::format("expert{}.", i), load[static_cast<size_t>(i)], {route, xq}));
    return vec(VectorOpKind::MoeCombine, "moe_combine", t_, h, outs, k, t_ * k * 4);
  }

  int64_t layer(int l, int64_t x_in) {
    layer_ = l;
    const int64_t h = md_.hidden_size;
    const int64_t xq = quant(t_, h, norm("input_norm", t_, {x_in}));
    int64_t q = bias(t_, md_.q_dim(), gemm("q_proj", "q_proj", t_, md_.q_dim(), h, 1, GemmRole::Weight, {xq}));
    int64_t k = bias(t_, md_.kv_dim(), gemm("k_proj", "k_proj", t_, md_.kv_dim(), h, 1, GemmRole::Weight, {xq}));
    const int64_t v = bias(t_, md_.kv_dim(), gemm("v_proj", "v_proj", t_, md_.kv_dim(), h, 1, GemmRole::Weight, {xq}));
    if (md_.learned_position_embeddings == 0) {  // RoPE: cos/sin of the position, head_dim FP16 per token
      q = vec(VectorOpKind::Rope, "rope_q", t_, md_.q_dim(), {q}, 0, t_ * md_.head_dim * kFp16);
      k = vec(VectorOpKind::Rope, "rope_k", t_, md_.kv_dim(), {k}, 0, t_ * md_.head_dim * kFp16);
    }
    const int64_t kc = append("kv_append_k", k), vc = append("kv_append_v", v);
    const std::vector<int64_t> att = attention(q, kc, vc);
    const int64_t aq = s_.int8_activations ? vec(VectorOpKind::ActQuant, "act_quant", t_, md_.q_dim(), att) : -1;
    const std::string o_name = md_.mlp == workloads::MlpKind::Plain ? "out_proj" : "o_proj";
    const int64_t o = bias(t_, h, gemm(o_name, o_name, t_, h, md_.q_dim(), 1, GemmRole::Weight,
                                       aq >= 0 ? std::vector<int64_t>{aq} : att));
    const int64_t r1 = vec(VectorOpKind::ResidualAdd, "residual_add", t_, h, {o, x_in});
    const int64_t m = mlp(norm("post_attention_norm", t_, {r1}));
    return vec(VectorOpKind::ResidualAdd, "residual_add", t_, h, {m, r1});
  }

  const workloads::ModelSpec& md_;
  const StepSpec& s_;
  int64_t t_;
  int layer_ = -1;
  std::vector<StepOp> ops_;
};

}  // namespace

std::vector<StepOp> build_step_ops(const workloads::ModelSpec& model, const StepSpec& spec) {
  if (spec.batch < 1 || spec.q_tokens < 1 || spec.kv_tokens < spec.q_tokens)
    throw std::invalid_argument(fmt::format("step: need batch >= 1, q_tokens >= 1 and kv_tokens >= q_tokens "
                                            "(got {}, {}, {})", spec.batch, spec.q_tokens, spec.kv_tokens));
  if (spec.kv == nullptr) throw std::invalid_argument("step: no KV-cache plan");
  return StepBuilder(model, spec).build();
}

}  // namespace mixsim::sim
