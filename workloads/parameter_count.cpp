#include "workloads/parameter_count.hpp"

namespace mixsim::workloads {

namespace {

int64_t norm_parameters(const ModelSpec& m) {
  return m.norm == NormKind::LayerNorm ? 2 * m.hidden_size : m.hidden_size;  // weight (+ bias)
}

int64_t attention_parameters(const ModelSpec& m) {
  const int64_t h = m.hidden_size;
  int64_t p = h * m.q_dim() + 2 * h * m.kv_dim() + m.q_dim() * h;  // q, k, v, o
  if (m.linear_bias) p += m.q_dim() + 2 * m.kv_dim() + h;
  return p;
}

int64_t mlp_parameters(const ModelSpec& m) {
  const int64_t h = m.hidden_size, f = m.intermediate_size;
  if (m.mlp == MlpKind::Plain) return 2 * h * f + (m.linear_bias ? f + h : 0);  // fc1, fc2
  return 3 * h * f + (m.linear_bias ? 2 * f + h : 0);                           // gate, up, down
}

}  // namespace

ParameterCount count_parameters(const ModelSpec& m) {
  ParameterCount c;
  c.embeddings = m.vocab_size * m.hidden_size + m.learned_position_embeddings * m.hidden_size;
  const int64_t ffn = m.is_moe() ? m.num_local_experts * mlp_parameters(m) +
                                       m.hidden_size * m.num_local_experts  // router
                                 : mlp_parameters(m);
  c.per_layer = attention_parameters(m) + ffn + 2 * norm_parameters(m);
  c.layers = m.num_hidden_layers * c.per_layer;
  c.final_norm = norm_parameters(m);
  c.lm_head = m.tie_word_embeddings ? 0 : m.vocab_size * m.hidden_size;
  return c;
}

}  // namespace mixsim::workloads
