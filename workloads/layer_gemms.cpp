#include "workloads/layer_gemms.hpp"

#include <algorithm>
#include <stdexcept>

namespace mixsim::workloads {

namespace {

struct LayerBuilder {
  const ModelSpec& model;
  const PhaseSpec& phase;
  int layer;
  std::vector<GemmShape> gemms;

  int64_t tokens() const {
    return phase.phase == Phase::Decode ? phase.batch : phase.batch * phase.seq_len;
  }

  void add(const std::string& name, int64_t m, int64_t n, int64_t k, int64_t count,
           GemmOperand operand) {
    const StoragePlan& s = phase.storage;
    GemmShape g;
    g.name = "layer" + std::to_string(layer) + "." + name;
    g.m = m, g.n = n, g.k = k, g.count = count, g.operand = operand, g.layer = layer;
    g.macs = count * m * n * k;
    g.causal_macs = g.macs;
    switch (operand) {
      case GemmOperand::Weight:  // W is n x k, groups along k
        g.bytes = count * (s.weights.bytes(n, k) + s.activations.bytes(m, k) + s.outputs.bytes(m, n));
        break;
      case GemmOperand::KeyCache:  // K cache: n = kv_tokens rows of head_dim = k
        g.bytes = count * (s.kv_cache.bytes(n, k) + s.activations.bytes(m, k) + s.outputs.bytes(m, n));
        break;
      case GemmOperand::ValueCache:  // V cache: k = kv_tokens rows of head_dim = n
        g.bytes = count * (s.kv_cache.bytes(k, n) + s.activations.bytes(m, k) + s.outputs.bytes(m, n));
        break;
    }
    gemms.push_back(g);
  }

  void add_attention() {
    const ModelSpec& md = model;
    const bool decode = phase.phase == Phase::Decode;
    const int64_t q_tokens = decode ? 1 : phase.seq_len;
    const int64_t kv_tokens = decode ? phase.context : phase.seq_len;
    const int64_t m = md.queries_per_kv_head() * q_tokens;
    const int64_t count = phase.batch * md.num_key_value_heads;
    add("attn_qk", m, kv_tokens, md.head_dim, count, GemmOperand::KeyCache);
    add("attn_pv", m, md.head_dim, kv_tokens, count, GemmOperand::ValueCache);
    if (!decode) {  // causal: query i sees keys 0..i, S(S+1)/2 of S*S pairs
      const int64_t causal_pairs = phase.seq_len * (phase.seq_len + 1) / 2;
      const int64_t per_pair = count * md.queries_per_kv_head() * md.head_dim;
      gemms[gemms.size() - 2].causal_macs = per_pair * causal_pairs;
      gemms[gemms.size() - 1].causal_macs = per_pair * causal_pairs;
    }
  }

  void add_mlp() {
    const ModelSpec& md = model;
    const int64_t t = tokens(), h = md.hidden_size, f = md.intermediate_size;
    if (md.mlp == MlpKind::Plain) {
      add("fc1", t, f, h, 1, GemmOperand::Weight);
      add("fc2", t, h, f, 1, GemmOperand::Weight);
      return;
    }
    if (!md.is_moe()) {
      add("gate_proj", t, f, h, 1, GemmOperand::Weight);
      add("up_proj", t, f, h, 1, GemmOperand::Weight);
      add("down_proj", t, h, f, 1, GemmOperand::Weight);
      return;
    }
    const int64_t pairs = t * md.num_experts_per_tok;
    const int64_t active = std::min(md.num_local_experts, pairs);
    const int64_t m = (pairs + active - 1) / active;
    add("router", t, md.num_local_experts, h, 1, GemmOperand::Weight);
    add("expert.w1", m, f, h, active, GemmOperand::Weight);  // gate
    add("expert.w3", m, f, h, active, GemmOperand::Weight);  // up
    add("expert.w2", m, h, f, active, GemmOperand::Weight);  // down
  }

  void build() {
    const ModelSpec& md = model;
    const int64_t t = tokens(), h = md.hidden_size;
    add("q_proj", t, md.q_dim(), h, 1, GemmOperand::Weight);
    add("k_proj", t, md.kv_dim(), h, 1, GemmOperand::Weight);
    add("v_proj", t, md.kv_dim(), h, 1, GemmOperand::Weight);
    add_attention();
    add(md.mlp == MlpKind::Plain ? "out_proj" : "o_proj", t, h, md.q_dim(), 1,
        GemmOperand::Weight);
    add_mlp();
  }
};

void check_phase(const ModelSpec& model, const PhaseSpec& phase, int layer) {
  if (phase.batch < 1)
    throw std::invalid_argument("batch must be >= 1, got " + std::to_string(phase.batch));
  if (phase.phase == Phase::Prefill && phase.seq_len < 1)
    throw std::invalid_argument("prefill needs a sequence length >= 1, got " +
                                std::to_string(phase.seq_len));
  if (phase.phase == Phase::Decode && phase.context < 1)
    throw std::invalid_argument("decode needs a context (KV cache length) >= 1, got " +
                                std::to_string(phase.context));
  if (layer < 0 || layer >= model.num_hidden_layers)
    throw std::invalid_argument("layer " + std::to_string(layer) + " out of range: " +
                                model.name + " has layers 0.." +
                                std::to_string(model.num_hidden_layers - 1));
}

}  // namespace

std::vector<GemmShape> expand_layer_gemms(const ModelSpec& model, const PhaseSpec& phase,
                                          int layer) {
  check_phase(model, phase, layer);
  LayerBuilder b{model, phase, layer, {}};
  b.build();
  return b.gemms;
}

std::vector<GemmShape> expand_model_gemms(const ModelSpec& model, const PhaseSpec& phase) {
  std::vector<GemmShape> all;
  for (int l = 0; l < model.num_hidden_layers; ++l) {
    auto layer = expand_layer_gemms(model, phase, l);
    all.insert(all.end(), layer.begin(), layer.end());
  }
  return all;
}

Phase parse_phase(const std::string& name) {
  if (name == "prefill") return Phase::Prefill;
  if (name == "decode") return Phase::Decode;
  throw std::invalid_argument("unknown phase '" + name + "'; allowed: prefill, decode");
}

std::string phase_name(Phase phase) { return phase == Phase::Prefill ? "prefill" : "decode"; }

}  // namespace mixsim::workloads
