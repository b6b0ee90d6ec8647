// Synthetic GEMM operand values: shapes follow the GEMM list, P is a (causal) softmax.
#include <gtest/gtest.h>

#include <cmath>

#include "workloads/gemm_operands.hpp"
#include "workloads/model_catalogue.hpp"

namespace mixsim::workloads {
namespace {

ModelSpec small_gqa_model() {
  return parse_model_yaml(
      "name: small\nsource: test\nhidden_size: 128\nnum_attention_heads: 4\n"
      "num_key_value_heads: 2\nintermediate_size: 256\nnum_hidden_layers: 1\nvocab_size: 10\n"
      "mlp: gated\nnorm: rmsnorm\npublished_parameters: 1\npublished_parameters_source: t\n",
      "small.yaml");
}

TEST(GemmOperands, ShapesMatchEveryGemmOfTheLayer) {
  const ModelSpec m = small_gqa_model();
  PhaseSpec p;
  p.phase = Phase::Decode, p.batch = 3, p.context = 40;
  for (const GemmShape& g : expand_layer_gemms(m, p)) {
    const GemmOperandSet s = synthetic_gemm_operands(m, p, g, 7);
    ASSERT_EQ(static_cast<int64_t>(s.x.size()), g.count) << g.name;
    for (int64_t i = 0; i < g.count; ++i) {
      EXPECT_EQ(s.x[i].rows(), g.m) << g.name;
      EXPECT_EQ(s.x[i].cols(), g.k) << g.name;
      EXPECT_EQ(s.w[i].rows(), g.n) << g.name;
      EXPECT_EQ(s.w[i].cols(), g.k) << g.name;
    }
  }
}

TEST(GemmOperands, AttentionProbabilitiesAreACausalSoftmaxInPrefill) {
  const ModelSpec m = small_gqa_model();
  PhaseSpec p;
  p.phase = Phase::Prefill, p.batch = 1, p.seq_len = 16;
  const AttentionOperandSets a = synthetic_attention_operands(m, p, 0, 3);
  ASSERT_EQ(a.pv.x.size(), 2u);  // 1 sequence x 2 KV heads
  const MatrixF32& prob = a.pv.x[0];
  ASSERT_EQ(prob.rows(), 2 * 16);  // 2 query heads per KV head x 16 tokens
  for (int64_t r = 0; r < prob.rows(); ++r) {
    double sum = 0;
    for (int64_t j = 0; j < prob.cols(); ++j) {
      if (j > r % 16) {
        EXPECT_EQ(prob(r, j), 0.0f) << r << "," << j;  // masked future token
      }
      EXPECT_GE(prob(r, j), 0.0f);
      sum += prob(r, j);
    }
    EXPECT_NEAR(sum, 1.0, 1e-6) << r;
  }
  EXPECT_EQ(prob(0, 0), 1.0f);  // the first token sees only itself
}

TEST(GemmOperands, ReferenceProductIsTheFp64Sum) {
  MatrixF32 x(1, 3, std::vector<float>{1.0f, 2.0f, 3.0f});
  MatrixF32 w(2, 3, std::vector<float>{1.0f, 0.5f, -1.0f, 1e8f, 1.0f, -1e8f});
  const MatrixF64 y = reference_product_f64(x, w);
  EXPECT_EQ(y(0, 0), -1.0);
  EXPECT_EQ(y(0, 1), 1e8 + 2.0 - 3e8);  // exact in FP64, FP32 would lose the 2
}

}  // namespace
}  // namespace mixsim::workloads
