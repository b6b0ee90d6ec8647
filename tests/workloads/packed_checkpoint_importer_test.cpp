// GPTQ / AWQ importer: checkpoints packed here by an independent few-line packer must come back
// as exactly the codes, zero points and scales that were packed (no re-quantization).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "test_files.hpp"
#include "workloads/packed_checkpoint_importer.hpp"

namespace mixsim::workloads {
namespace {

using testing::le_bytes;

// The quantized layer the test invents: codes[k][n], zero points z[g][n], FP16 scale bits.
struct Layer {
  int64_t n, k, groups, bits;
  std::vector<std::vector<int>> code;   // [K][N]
  std::vector<std::vector<int>> zero;   // [G][N] (actual zero point)
  std::vector<uint16_t> scale_bits;     // [G*N] FP16 bit patterns
  std::vector<int32_t> g_idx;           // [K]
};

// FP16 value of a normal FP16 bit pattern, straight from the IEEE definition.
double fp16_value(uint16_t b) {
  const int e = (b >> 10) & 0x1F, m = b & 0x3FF;
  return ((b & 0x8000) ? -1.0 : 1.0) * std::ldexp(1.0 + m / 1024.0, e - 15);
}

// Zero points are drawn from [min_zero, max_zero]: GPTQ v1 stores z - 1, so it needs z >= 1.
Layer random_layer(int64_t n, int64_t k, int64_t groups, int bits, unsigned seed, int min_zero,
                   int max_zero, bool act_order) {
  std::printf("seed=%u\n", seed);
  std::mt19937 rng(seed);  // only the test's own data; exact bits do not matter across libs
  Layer l{n, k, groups, bits, {}, {}, {}, {}};
  const int top = (1 << bits) - 1;
  l.code.assign(k, std::vector<int>(n));
  for (auto& row : l.code) for (int& c : row) c = std::uniform_int_distribution<int>(0, top)(rng);
  l.zero.assign(groups, std::vector<int>(n));
  for (auto& row : l.zero) for (int& z : row) z = std::uniform_int_distribution<int>(min_zero, max_zero)(rng);
  for (int64_t i = 0; i < groups * n; ++i)  // normal FP16, exponents 2^-9 .. 2^-1
    l.scale_bits.push_back(static_cast<uint16_t>(std::uniform_int_distribution<int>(6, 14)(rng) << 10 |
                                                 std::uniform_int_distribution<int>(0, 1023)(rng)));
  for (int64_t i = 0; i < k; ++i) l.g_idx.push_back(static_cast<int32_t>(i / (k / groups)));
  if (act_order) std::shuffle(l.g_idx.begin(), l.g_idx.end(), rng);
  return l;
}

double expected_weight(const Layer& l, int64_t n, int64_t k) {  // s * (q - z), original order
  const int g = l.g_idx[k];
  return fp16_value(l.scale_bits[g * l.n + n]) * (l.code[k][n] - l.zero[g][n]);
}

// GPTQ packing: codes along K into int32 [K/P, N]; zeros (minus `offset`) along N [G, N/P].
void write_gptq(const Layer& l, const std::filesystem::path& path, int offset, bool with_g_idx) {
  const int p = 32 / l.bits;
  std::vector<uint32_t> qweight((l.k / p) * l.n, 0), qzeros(l.groups * (l.n / p), 0);
  for (int64_t k = 0; k < l.k; ++k)
    for (int64_t n = 0; n < l.n; ++n)
      qweight[(k / p) * l.n + n] |= uint32_t(l.code[k][n]) << (l.bits * (k % p));
  for (int64_t g = 0; g < l.groups; ++g)
    for (int64_t n = 0; n < l.n; ++n)
      qzeros[g * (l.n / p) + n / p] |= uint32_t(l.zero[g][n] - offset) << (l.bits * (n % p));
  std::vector<testing::TestTensor> t = {
      {"layer.qweight", "I32", {l.k / p, l.n}, le_bytes(qweight)},
      {"layer.qzeros", "I32", {l.groups, l.n / p}, le_bytes(qzeros)},
      {"layer.scales", "F16", {l.groups, l.n}, le_bytes(l.scale_bits)}};
  if (with_g_idx) t.push_back({"layer.g_idx", "I32", {l.k}, le_bytes(l.g_idx)});
  testing::write_safetensors(path, t);
}

// AWQ packing: along N with AutoAWQ's order, qweight int32 [K, N/8], qzeros [G, N/8].
void write_awq(const Layer& l, const std::filesystem::path& path) {
  const int order[8] = {0, 2, 4, 6, 1, 3, 5, 7};
  std::vector<uint32_t> qweight(l.k * (l.n / 8), 0), qzeros(l.groups * (l.n / 8), 0);
  for (int64_t k = 0; k < l.k; ++k)
    for (int64_t j = 0; j < l.n / 8; ++j)
      for (int i = 0; i < 8; ++i) qweight[k * (l.n / 8) + j] |= uint32_t(l.code[k][8 * j + order[i]]) << (4 * i);
  for (int64_t g = 0; g < l.groups; ++g)
    for (int64_t j = 0; j < l.n / 8; ++j)
      for (int i = 0; i < 8; ++i) qzeros[g * (l.n / 8) + j] |= uint32_t(l.zero[g][8 * j + order[i]]) << (4 * i);
  testing::write_safetensors(path, {{"layer.qweight", "I32", {l.k, l.n / 8}, le_bytes(qweight)},
                                    {"layer.qzeros", "I32", {l.groups, l.n / 8}, le_bytes(qzeros)},
                                    {"layer.scales", "F16", {l.groups, l.n}, le_bytes(l.scale_bits)}});
}

// Every dequantized weight equals the packed one exactly (in the original input order).
void expect_exact(const Layer& l, const ImportedLinear& imp) {
  const QuantizedMatrix& w = imp.weights;
  ASSERT_EQ(w.rows, l.n); ASSERT_EQ(w.cols, l.k);
  ASSERT_EQ(w.group_size, l.k / l.groups); ASSERT_EQ(w.bits, l.bits);
  ASSERT_FALSE(w.is_symmetric);
  int64_t mismatches = 0;
  for (int64_t n = 0; n < l.n; ++n)
    for (int64_t j = 0; j < l.k; ++j) {
      const int64_t k = imp.input_permutation.empty() ? j : imp.input_permutation[j];
      mismatches += w.dequantized(n, j) != expected_weight(l, n, k);
      mismatches += w.code(n, j) != l.code[k][n];
    }
  EXPECT_EQ(mismatches, 0);
}

TEST(PackedImport, GptqV1ReproducesDequantizedWeightsExactly) {
  const auto dir = testing::scratch_dir("gptq");
  const Layer l = random_layer(24, 256, 2, 4, 1234u, 1, 15, false);
  write_gptq(l, dir / "g.safetensors", 1, true);  // v1 stores z - 1
  const ImportedLinear imp = import_packed_linear(SafetensorsFile((dir / "g.safetensors").string()), "layer", {});
  EXPECT_TRUE(imp.input_permutation.empty());
  expect_exact(l, imp);
}

TEST(PackedImport, GptqV2ExactZerosAndNoGidx) {
  const auto dir = testing::scratch_dir("gptq2");
  const Layer l = random_layer(16, 128, 4, 4, 77u, 0, 15, false);
  write_gptq(l, dir / "g.safetensors", 0, false);
  PackedImportOptions opt;
  opt.zeros = ZeroConvention::Exact;
  expect_exact(l, import_packed_linear(SafetensorsFile((dir / "g.safetensors").string()), "layer", opt));
}

TEST(PackedImport, GptqTwoBit) {
  const auto dir = testing::scratch_dir("gptq2bit");
  const Layer l = random_layer(32, 128, 2, 2, 5u, 1, 3, false);
  write_gptq(l, dir / "g.safetensors", 1, true);
  PackedImportOptions opt;
  opt.bits = 2;
  expect_exact(l, import_packed_linear(SafetensorsFile((dir / "g.safetensors").string()), "layer", opt));
}

TEST(PackedImport, ActOrderGidxBecomesAPermutationOfK) {
  const auto dir = testing::scratch_dir("actorder");
  const Layer l = random_layer(8, 128, 4, 4, 99u, 1, 15, true);
  write_gptq(l, dir / "g.safetensors", 1, true);
  const ImportedLinear imp = import_packed_linear(SafetensorsFile((dir / "g.safetensors").string()), "layer", {});
  ASSERT_EQ(imp.input_permutation.size(), 128u);
  expect_exact(l, imp);
  // The product with X in the original feature order matches a direct FP64 sum.
  MatrixF32 x(3, l.k);
  for (int64_t i = 0; i < 3 * l.k; ++i) x.data()[i] = static_cast<float>((i * 37 % 101) - 50) / 8.0f;
  const MatrixF64 y = imported_linear_reference(x, imp);
  for (int64_t m = 0; m < 3; ++m)
    for (int64_t n = 0; n < l.n; ++n) {
      double want = 0;
      for (int64_t k = 0; k < l.k; ++k) want += static_cast<double>(x(m, k)) * expected_weight(l, n, k);
      EXPECT_NEAR(y(m, n), want, 1e-12 * (1 + std::abs(want)));
    }
}

TEST(PackedImport, AwqInterleavedOrderReproducesWeightsExactly) {
  const auto dir = testing::scratch_dir("awq");
  const Layer l = random_layer(32, 256, 2, 4, 4242u, 0, 15, false);
  write_awq(l, dir / "a.safetensors");
  PackedImportOptions opt;
  opt.format = PackedFormat::Awq;
  expect_exact(l, import_packed_linear(SafetensorsFile((dir / "a.safetensors").string()), "layer", opt));
}

std::string import_error(const PackedLinearTensors& t, PackedImportOptions opt = {}) {
  try {
    import_packed_linear(t, opt, "ckpt.safetensors: model.layers.0.q_proj");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

PackedLinearTensors consistent_tensors() {  // K = 64, N = 16, G = 2
  PackedLinearTensors t;
  t.qweight = Matrix<int32_t>(8, 16, 0x11111111);
  t.qzeros = Matrix<int32_t>(2, 2, 0);
  t.scales = MatrixF32(2, 16, 0.5f);
  return t;
}

TEST(PackedImport, InconsistentShapesAreClearErrors) {
  EXPECT_EQ(import_error(consistent_tensors()), "");
  auto bad_scales = consistent_tensors();
  bad_scales.scales = MatrixF32(2, 15, 0.5f);
  const std::string e1 = import_error(bad_scales);
  EXPECT_NE(e1.find("ckpt.safetensors: model.layers.0.q_proj"), std::string::npos) << e1;
  EXPECT_NE(e1.find("scales [2, 15]"), std::string::npos) << e1;
  EXPECT_NE(e1.find("qweight [8, 16]"), std::string::npos) << e1;
  auto bad_zeros = consistent_tensors();
  bad_zeros.qzeros = Matrix<int32_t>(2, 3, 0);
  EXPECT_NE(import_error(bad_zeros).find("qzeros [2, 3]"), std::string::npos);
  auto bad_groups = consistent_tensors();
  bad_groups.scales = MatrixF32(3, 16, 0.5f);
  bad_groups.qzeros = Matrix<int32_t>(3, 2, 0);
  EXPECT_NE(import_error(bad_groups).find("not a multiple"), std::string::npos);
  auto bad_gidx = consistent_tensors();
  bad_gidx.g_idx = std::vector<int32_t>(63, 0);
  EXPECT_NE(import_error(bad_gidx).find("g_idx has 63 entries"), std::string::npos);
  auto unbalanced = consistent_tensors();
  unbalanced.g_idx = std::vector<int32_t>(64, 0);
  EXPECT_NE(import_error(unbalanced).find("puts 64 input features in group 0"), std::string::npos);
  PackedImportOptions eight;
  eight.bits = 8;
  EXPECT_NE(import_error(consistent_tensors(), eight).find("not supported"), std::string::npos);
}

TEST(PackedImport, GptqV1ZeroOverflowIsAnError) {
  auto t = consistent_tensors();
  t.qzeros(1, 1) = 0xF << 8;  // group 1, column 8 + 2 stores 15 -> zero 16 under +1
  const std::string e = import_error(t);
  EXPECT_NE(e.find("group 1, column 10"), std::string::npos) << e;
  PackedImportOptions exact;
  exact.zeros = ZeroConvention::Exact;
  EXPECT_EQ(import_error(t, exact), "");
}

TEST(PackedImport, MissingTensorNamesFileAndTensor) {
  const auto dir = testing::scratch_dir("missing");
  testing::write_safetensors(dir / "m.safetensors", {{"layer.qweight", "I32", {1, 1}, le_bytes(std::vector<int32_t>{0})}});
  try {
    import_packed_linear(SafetensorsFile((dir / "m.safetensors").string()), "layer", {});
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("'layer.qzeros'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("m.safetensors"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mixsim::workloads
