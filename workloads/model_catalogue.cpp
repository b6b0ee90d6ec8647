#include "workloads/model_catalogue.hpp"

#include <algorithm>
#include <stdexcept>

#include "workloads/embedded_files.hpp"
#include "workloads/yaml_fields.hpp"

namespace mixsim::workloads {

namespace {

const std::set<std::string> kModelKeys = {
    "name", "display_name", "source", "hf_architecture", "hidden_size", "num_attention_heads",
    "num_key_value_heads", "head_dim", "intermediate_size", "num_hidden_layers", "vocab_size", "max_position_embeddings",
    "tie_word_embeddings", "mlp", "norm", "linear_bias", "learned_position_embeddings",
    "num_local_experts", "num_experts_per_tok", "published_parameters",
    "published_parameters_source"};

void check_consistency(const ModelSpec& m, const YamlFields& f) {
  if (m.num_attention_heads % m.num_key_value_heads != 0)
    f.fail("num_key_value_heads", "must divide num_attention_heads (" +
                                      std::to_string(m.num_attention_heads) + "), got " +
                                      std::to_string(m.num_key_value_heads));
  if (!f.has("head_dim") && m.hidden_size % m.num_attention_heads != 0)
    f.fail("num_attention_heads", "must divide hidden_size unless head_dim is given");
  if (m.is_moe() && (m.num_experts_per_tok < 1 || m.num_experts_per_tok > m.num_local_experts))
    f.fail("num_experts_per_tok", "must be in [1, num_local_experts]");
  if (m.is_moe() && m.mlp != MlpKind::Gated)
    f.fail("mlp", "mixture-of-experts models must use the gated MLP");
}

}  // namespace

ModelSpec parse_model_yaml(std::string_view yaml_text, const std::string& origin) {
  const YamlFields f(yaml_text, origin);
  f.reject_unknown_keys(kModelKeys);
  ModelSpec m;
  m.name = f.string("name");
  m.display_name = f.string_or("display_name", m.name);
  m.source = f.string("source");
  m.hf_architecture = f.string_or("hf_architecture", "");
  m.hidden_size = f.positive_int("hidden_size");
  m.num_attention_heads = f.positive_int("num_attention_heads");
  m.num_key_value_heads = f.has("num_key_value_heads") ? f.positive_int("num_key_value_heads")
                                                       : m.num_attention_heads;
  m.head_dim = f.has("head_dim") ? f.positive_int("head_dim")
                                 : m.hidden_size / m.num_attention_heads;
  m.intermediate_size = f.positive_int("intermediate_size");
  m.num_hidden_layers = f.positive_int("num_hidden_layers");
  m.vocab_size = f.positive_int("vocab_size");
  m.max_position_embeddings = f.int_or("max_position_embeddings", 0, 0);
  m.tie_word_embeddings = f.boolean_or("tie_word_embeddings", false);
  m.mlp = f.choice("mlp", {"gated", "plain"}) == "gated" ? MlpKind::Gated : MlpKind::Plain;
  m.norm = f.choice("norm", {"rmsnorm", "layernorm"}) == "rmsnorm" ? NormKind::RmsNorm
                                                                    : NormKind::LayerNorm;
  m.linear_bias = f.boolean_or("linear_bias", false);
  m.learned_position_embeddings = f.int_or("learned_position_embeddings", 0, 0);
  m.num_local_experts = f.int_or("num_local_experts", 0, 0);
  m.num_experts_per_tok = f.int_or("num_experts_per_tok", 0, 0);
  m.published_parameters = f.positive_int("published_parameters");
  m.published_parameters_source = f.string("published_parameters_source");
  check_consistency(m, f);
  return m;
}

std::vector<std::string> known_model_names() {
  std::vector<std::string> names;
  for (const auto& file : embedded_model_files())
    names.push_back(parse_model_yaml(file.text, std::string(file.path)).name);
  std::sort(names.begin(), names.end());
  return names;
}

ModelSpec find_model(std::string_view name) {
  for (const auto& file : embedded_model_files()) {
    ModelSpec m = parse_model_yaml(file.text, std::string(file.path));
    if (m.name == name) return m;
  }
  throw std::invalid_argument("unknown model '" + std::string(name) +
                              "'; known models: " + join(known_model_names(), ", "));
}

}  // namespace mixsim::workloads
