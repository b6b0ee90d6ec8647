// Model catalogue: parameter counts vs published figures, GEMM expansion per phase, bad YAML.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "workloads/layer_gemms.hpp"
#include "workloads/model_catalogue.hpp"
#include "workloads/parameter_count.hpp"

namespace mixsim::workloads {
namespace {

const GemmShape& by_name(const std::vector<GemmShape>& gemms, const std::string& suffix) {
  for (const auto& g : gemms)
    if (g.name.size() >= suffix.size() &&
        g.name.compare(g.name.size() - suffix.size(), suffix.size(), suffix) == 0)
      return g;
  throw std::runtime_error("no GEMM named *" + suffix);
}

PhaseSpec decode(int64_t batch, int64_t context) {
  PhaseSpec p;
  p.phase = Phase::Decode, p.batch = batch, p.context = context;
  return p;
}

TEST(Catalogue, HoldsTheEightModelsOfTheIssue) {
  const auto names = known_model_names();
  for (const char* want : {"llama2-7b", "llama2-13b", "llama2-70b", "llama3-8b", "llama3-70b",
                           "mistral-7b", "mixtral-8x7b", "opt-6.7b"})
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
}

class PublishedParameters : public ::testing::TestWithParam<std::string> {};

TEST_P(PublishedParameters, CountWithinOnePercentOfPublishedFigure) {
  const ModelSpec m = find_model(GetParam());
  const int64_t counted = count_parameters(m).total();
  const double rel = std::abs(static_cast<double>(counted - m.published_parameters)) /
                     static_cast<double>(m.published_parameters);
  std::printf("%-14s counted %14lld published %14lld rel %.4f%%\n", m.name.c_str(),
              static_cast<long long>(counted), static_cast<long long>(m.published_parameters),
              100 * rel);
  EXPECT_LT(rel, 0.01) << m.name << " (" << m.published_parameters_source << ")";
}

INSTANTIATE_TEST_SUITE_P(EveryCatalogueModel, PublishedParameters,
                         ::testing::ValuesIn(known_model_names()),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& ch : n) if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

// The weights the decode GEMMs of all layers touch (n*k per weight GEMM, all experts for MoE)
// must equal the parameter count minus embeddings, LM head, norms and biases: two independent
// derivations from the same catalogue numbers.
TEST(Catalogue, DecodeGemmWeightsEqualLinearParameters) {
  for (const auto& name : known_model_names()) {
    const ModelSpec m = find_model(name);
    const ParameterCount c = count_parameters(m);
    int64_t weights = 0;
    for (const auto& g : expand_layer_gemms(m, decode(1, 16))) {
      if (g.operand != GemmOperand::Weight) continue;
      const bool expert = g.name.find("expert.") != std::string::npos;
      weights += g.n * g.k * (expert ? m.num_local_experts : g.count);
    }
    const int64_t norm = m.norm == NormKind::LayerNorm ? 2 * m.hidden_size : m.hidden_size;
    int64_t bias = 0;
    if (m.linear_bias) bias = m.q_dim() + 2 * m.kv_dim() + m.hidden_size +
                              m.intermediate_size + m.hidden_size;
    EXPECT_EQ(weights, c.per_layer - 2 * norm - bias) << name;
  }
}

TEST(LayerGemms, Llama2_7bDecodeShapes) {
  const auto gemms = expand_layer_gemms(find_model("llama2-7b"), decode(1, 2048));
  ASSERT_EQ(gemms.size(), 9u);
  const auto& q = by_name(gemms, ".q_proj");
  EXPECT_EQ(q.m, 1); EXPECT_EQ(q.n, 4096); EXPECT_EQ(q.k, 4096);
  const auto& down = by_name(gemms, ".down_proj");
  EXPECT_EQ(down.n, 4096); EXPECT_EQ(down.k, 11008);
  const auto& qk = by_name(gemms, ".attn_qk");
  EXPECT_EQ(qk.m, 1); EXPECT_EQ(qk.n, 2048); EXPECT_EQ(qk.k, 128); EXPECT_EQ(qk.count, 32);
  const auto& pv = by_name(gemms, ".attn_pv");
  EXPECT_EQ(pv.m, 1); EXPECT_EQ(pv.n, 128); EXPECT_EQ(pv.k, 2048); EXPECT_EQ(pv.count, 32);
  for (const auto& g : gemms) EXPECT_EQ(g.macs, g.count * g.m * g.n * g.k) << g.name;
  // FP16 bytes: weights + input + output, 2 bytes each.
  EXPECT_EQ(q.bytes, 2 * (4096 * 4096 + 4096 + 4096));
  EXPECT_EQ(qk.bytes, 32 * 2 * (2048 * 128 + 128 + 2048));
}

TEST(LayerGemms, GqaStacksQueryHeadsOfAGroupIntoM) {
  const ModelSpec m = find_model("llama3-8b");  // 32 query heads, 8 KV heads
  const auto gemms = expand_layer_gemms(m, decode(4, 1000));
  const auto& qk = by_name(gemms, ".attn_qk");
  EXPECT_EQ(qk.m, 4); EXPECT_EQ(qk.count, 4 * 8); EXPECT_EQ(qk.n, 1000);
  EXPECT_EQ(by_name(gemms, ".k_proj").n, 1024);
  EXPECT_EQ(by_name(gemms, ".q_proj").m, 4);
}

TEST(LayerGemms, PrefillCountsDenseAttentionAndCausalShare) {
  PhaseSpec p;
  p.phase = Phase::Prefill, p.batch = 2, p.seq_len = 512;
  const auto gemms = expand_layer_gemms(find_model("llama2-7b"), p);
  const auto& qk = by_name(gemms, ".attn_qk");
  EXPECT_EQ(qk.m, 512); EXPECT_EQ(qk.n, 512); EXPECT_EQ(qk.count, 64);
  EXPECT_EQ(qk.macs, 64LL * 512 * 512 * 128);
  EXPECT_EQ(qk.causal_macs, 64LL * 128 * (512 * 513 / 2));
  EXPECT_EQ(by_name(gemms, ".gate_proj").m, 1024);
}

TEST(LayerGemms, MixtralRoutesEachTokenToTopTwoExperts) {
  const ModelSpec m = find_model("mixtral-8x7b");
  const auto one = expand_layer_gemms(m, decode(1, 64));
  EXPECT_EQ(by_name(one, ".router").n, 8);
  EXPECT_EQ(by_name(one, ".expert.w1").count, 2);
  EXPECT_EQ(by_name(one, ".expert.w1").m, 1);
  const auto many = expand_layer_gemms(m, decode(64, 64));  // 128 pairs over 8 experts
  EXPECT_EQ(by_name(many, ".expert.w2").count, 8);
  EXPECT_EQ(by_name(many, ".expert.w2").m, 16);
  EXPECT_EQ(by_name(many, ".expert.w2").macs, 128LL * 4096 * 14336);
}

TEST(LayerGemms, OptUsesFc1Fc2WithoutGate) {
  const auto gemms = expand_layer_gemms(find_model("opt-6.7b"), decode(1, 128));
  EXPECT_EQ(by_name(gemms, ".fc1").n, 16384);
  EXPECT_EQ(by_name(gemms, ".fc2").k, 16384);
  for (const auto& g : gemms) EXPECT_EQ(g.name.find("gate"), std::string::npos) << g.name;
}

TEST(LayerGemms, AllLayersRepeatTheLayerList) {
  const ModelSpec m = find_model("llama2-13b");
  const auto all = expand_model_gemms(m, decode(1, 64));
  EXPECT_EQ(all.size(), 40u * 9u);
  EXPECT_EQ(all.back().name, "layer39.down_proj");
}

TEST(LayerGemms, ImpossiblePhasesAreErrors) {
  const ModelSpec m = find_model("llama2-7b");
  EXPECT_THROW(expand_layer_gemms(m, decode(0, 16)), std::invalid_argument);
  EXPECT_THROW(expand_layer_gemms(m, decode(1, 0)), std::invalid_argument);
  EXPECT_THROW(expand_layer_gemms(m, decode(1, 16), 32), std::invalid_argument);
  EXPECT_THROW(parse_phase("generate"), std::invalid_argument);
}

TEST(Catalogue, UnknownModelListsKnownOnes) {
  try {
    find_model("llama9-1b");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("llama9-1b"), std::string::npos) << what;
    EXPECT_NE(what.find("llama2-7b"), std::string::npos) << what;
    EXPECT_NE(what.find("opt-6.7b"), std::string::npos) << what;
  }
}

const char* kGoodYaml =
    "name: tiny\nsource: test\nhidden_size: 64\nnum_attention_heads: 4\n"
    "intermediate_size: 128\nnum_hidden_layers: 2\nvocab_size: 100\nmlp: gated\n"
    "norm: rmsnorm\npublished_parameters: 1000\npublished_parameters_source: test\n";

std::string error_of(const std::string& yaml) {
  try {
    parse_model_yaml(yaml, "tiny.yaml");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(Catalogue, BadYamlErrorsNameFileLineKeyAndAllowedValues) {
  EXPECT_EQ(parse_model_yaml(kGoodYaml, "tiny.yaml").head_dim, 16);
  const std::string unknown = error_of(std::string(kGoodYaml) + "hiden_size: 3\n");
  EXPECT_NE(unknown.find("tiny.yaml:12"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("hiden_size"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("hidden_size"), std::string::npos) << unknown;
  std::string bad_mlp = kGoodYaml;
  bad_mlp.replace(bad_mlp.find("mlp: gated"), 10, "mlp: swiglu");
  const std::string mlp = error_of(bad_mlp);
  EXPECT_NE(mlp.find("'mlp'"), std::string::npos) << mlp;
  EXPECT_NE(mlp.find("gated, plain"), std::string::npos) << mlp;
  const std::string gqa = error_of(std::string(kGoodYaml) + "num_key_value_heads: 3\n");
  EXPECT_NE(gqa.find("num_key_value_heads"), std::string::npos) << gqa;
  std::string negative = kGoodYaml;
  negative.replace(negative.find("hidden_size: 64"), 15, "hidden_size: -4");
  EXPECT_NE(error_of(negative).find("must be > 0"), std::string::npos);
  EXPECT_NE(error_of("name: [1, 2\n").find("tiny.yaml"), std::string::npos);
}

}  // namespace
}  // namespace mixsim::workloads
