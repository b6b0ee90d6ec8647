#pragma once
// The architecture numbers of one LLM, as read from workloads/catalogue/<name>.yaml. Every field
// mirrors a Hugging Face config.json field (the YAML names its source in a comment).
#include <cstdint>
#include <string>

namespace mixsim::workloads {

enum class MlpKind {
  Gated,  // LLaMA/Mistral/Mixtral: down(silu(gate(x)) * up(x)) -> gate_proj, up_proj, down_proj
  Plain,  // OPT: fc2(relu(fc1(x))) -> fc1, fc2
};

enum class NormKind { RmsNorm, LayerNorm };  // RMSNorm: weight only; LayerNorm: weight + bias

struct ModelSpec {
  std::string name;          // catalogue key, e.g. "llama2-7b"
  std::string display_name;  // e.g. "LLaMA-2 7B"
  std::string source;        // where the numbers come from (config.json URL)
  std::string hf_architecture;  // config.json "architectures", e.g. "LlamaForCausalLM"
  int64_t hidden_size = 0;
  int64_t num_attention_heads = 0;
  int64_t num_key_value_heads = 0;  // == num_attention_heads without GQA
  int64_t head_dim = 0;             // hidden_size / num_attention_heads unless given
  int64_t intermediate_size = 0;    // FFN width (OPT: ffn_dim)
  int64_t num_hidden_layers = 0;
  int64_t vocab_size = 0;
  int64_t max_position_embeddings = 0;  // longest context (prompt + generated); 0: not given
  bool tie_word_embeddings = false;
  MlpKind mlp = MlpKind::Gated;
  NormKind norm = NormKind::RmsNorm;
  bool linear_bias = false;               // OPT: every Linear has a bias
  int64_t learned_position_embeddings = 0;  // OPT: max_position_embeddings + 2 (offset); 0: RoPE
  // Mixture of experts (Mixtral): 0 experts = dense MLP.
  int64_t num_local_experts = 0;
  int64_t num_experts_per_tok = 0;
  // The published total parameter count and where it is from (checked by tests within 1%).
  int64_t published_parameters = 0;
  std::string published_parameters_source;

  int64_t queries_per_kv_head() const { return num_attention_heads / num_key_value_heads; }
  int64_t kv_dim() const { return num_key_value_heads * head_dim; }
  int64_t q_dim() const { return num_attention_heads * head_dim; }
  bool is_moe() const { return num_local_experts > 0; }
};

}  // namespace mixsim::workloads
