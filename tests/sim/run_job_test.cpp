// run_job / simulate_single_gemm / value checks / printed explanation, in process, on tiny
// shapes (attention GEMMs of one LLaMA-2-7B layer against a short KV cache, 8x8 array).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>

#include <fmt/format.h>

#include "models/recipe.hpp"
#include "sim/config/config_loader.hpp"
#include "sim/run/run_gemm.hpp"
#include "sim/run/run_job.hpp"
#include "sim/run/run_report_text.hpp"
#include "sim/run/run_value_check.hpp"
#include "tests/sim/config_test_support.hpp"
#include "workloads/synthetic_source.hpp"

namespace mixsim::sim {
namespace {

using ::testing::HasSubstr;

std::string tiny_config_text() {
  std::string text = config_test::replaced(config_test::kValidConfig, "  layers: [0]",
                                           "  layers: [0]\n  gemms: [attn_qk, attn_pv]");
  text = config_test::replaced(text, "  - {pe: int8-mac, recipe: w8a8}",
                               "  - {pe: dequant-mac, recipe: w4a8-g128}\n"
                               "  - {pe: fp16-mac, recipe: fp16}\n"
                               "  - {pe: int8-mac, recipe: w8a8}");
  return text;
}

RunConfig tiny_config(uint64_t seed) {
  RunConfig c = parse_run_config(tiny_config_text(), "tiny.yaml", ".");
  c.seed = seed;
  return c;
}

TEST(RunJob, AllValueChecksPassAndTotalsAddUp) {
  const uint64_t seed = 5;
  std::printf("seed=%llu\n", static_cast<unsigned long long>(seed));
  const RunOutcome out = run_job(tiny_config(seed));
  EXPECT_TRUE(out.failed_checks.empty()) << fmt::format("{}", fmt::join(out.failed_checks, "\n"));
  ASSERT_EQ(out.results.runs.size(), 4u);
  for (const auto& run : out.results.runs) {
    SCOPED_TRACE(run.pe);
    ASSERT_EQ(run.gemms.size(), 2u);
    int64_t cycles = 0;
    for (const auto& g : run.gemms) {
      ASSERT_TRUE(g.check.has_value());
      EXPECT_TRUE(g.check->passed);
      EXPECT_EQ(g.check->method, run.pe == "mixpe" || run.pe == "int8-mac" ? "bit-exact" : "tolerance");
      ASSERT_TRUE(g.error.has_value());
      EXPECT_TRUE(std::isfinite(g.error->rel_fro));
      cycles += g.cycles * g.count;
      EXPECT_EQ(g.count, 32);  // one instance per KV head (LLaMA-2-7B: 32), batch 1
    }
    EXPECT_EQ(run.totals.cycles, cycles);
  }
  ASSERT_EQ(out.results.comparisons.size(), 3u);
  EXPECT_EQ(out.results.comparisons[0].baseline, "dequant-mac");
}

TEST(RunJob, SameSeedSameBytesOtherSeedDifferent) {
  const std::string a = results_to_json(run_job(tiny_config(11)).results);
  const std::string b = results_to_json(run_job(tiny_config(11)).results);
  const std::string c = results_to_json(run_job(tiny_config(12)).results);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(RunJob, ProgressCountsEverySimulation) {
  size_t last_step = 0, calls = 0, steps_seen = 0;
  run_job(tiny_config(1), [&](size_t step, size_t steps, const std::string&) {
    last_step = step;
    steps_seen = steps;
    ++calls;
  });
  EXPECT_EQ(steps_seen, 2u * 4u);  // 2 GEMMs x 4 PE types, one phase
  EXPECT_EQ(last_step, steps_seen);
  EXPECT_EQ(calls, steps_seen + 1);
}

TEST(RunReportText, ExplanationQuotesTheCounters) {
  const RunConfig config = tiny_config(3);
  const Results r = run_job(config).results;
  const std::string text = format_explanation(r, config.energy);
  for (const auto& run : r.runs) {
    double dequant = 0, outputs = 0;
    for (const auto& g : run.gemms) {
      dequant += static_cast<double>(g.counters.at("dequant.multiplies")) * g.count;
      outputs += static_cast<double>(g.counters.at("outputs")) * g.count;
    }
    EXPECT_THAT(text, HasSubstr(fmt::format("{:<12} dequant multiplies/output {:>9.2f}", run.pe,
                                            dequant / outputs)))
        << text;
  }
  EXPECT_THAT(text, HasSubstr(fmt::format("shift_add_int4_int8 {:.3f} pJ",
                                          config.energy.energy_of("shift_add_int4_int8"))));
  EXPECT_THAT(text, HasSubstr(fmt::format("mul_fp16 {:.3f} pJ", config.energy.energy_of("mul_fp16"))));
  const std::string tables = format_run_tables(r);
  EXPECT_THAT(tables, HasSubstr("mixpe vs dequant-mac: speedup"));
  EXPECT_THAT(tables, HasSubstr("ok 2/2"));
}

TEST(ValueCheck, ErrorStatsOfAKnownPerturbation) {
  MatrixF64 ref(2, 2, std::vector<double>{1.0, -2.0, 3.0, 4.0});
  MatrixF32 values(2, 2, std::vector<float>{1.0f, -2.0f, 3.0f, 4.5f});
  const ErrorStats e = error_stats(values, ref);
  EXPECT_DOUBLE_EQ(e.max_abs, 0.5);
  EXPECT_DOUBLE_EQ(e.rel_fro, 0.5 / std::sqrt(30.0));
  EXPECT_DOUBLE_EQ(e.sqnr_db, 10.0 * std::log10(30.0 / 0.25));
  values(0, 0) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_TRUE(std::isnan(error_stats(values, ref).rel_fro));
}

TEST(ValueCheck, NanNeverPasses) {
  MatrixF64 ref(1, 2, std::vector<double>{1.0, 2.0});
  MatrixF32 values(1, 2, std::vector<float>{1.0f, std::numeric_limits<float>::quiet_NaN()});
  EXPECT_FALSE(check_values(CheckMethod::Fp16Tolerance, 128, values, nullptr, ref).passed);
  EXPECT_FALSE(check_values(CheckMethod::BitExact, 128, values, &values, ref).passed);
  EXPECT_EQ(count_bit_mismatches(values, values), 1);
}

TEST(ValueCheck, MethodsAndTolerances) {
  EXPECT_EQ(check_method_for("mixpe", "w4a8-g128"), CheckMethod::BitExact);
  EXPECT_EQ(check_method_for("mixpe", "w4a8-g64-intscale"), CheckMethod::BitExact);
  EXPECT_EQ(check_method_for("int8-mac", "w8a8"), CheckMethod::BitExact);
  EXPECT_EQ(check_method_for("mixpe", "w4a16-g128"), CheckMethod::Fp32Tolerance);
  EXPECT_EQ(check_method_for("fp16-mac", "fp16"), CheckMethod::Fp32Tolerance);
  EXPECT_EQ(check_method_for("dequant-mac", "w4a8-g128"), CheckMethod::Fp16Tolerance);
  EXPECT_DOUBLE_EQ(tolerance_for(CheckMethod::Fp32Tolerance, 512), 2e-5);
  EXPECT_DOUBLE_EQ(tolerance_for(CheckMethod::Fp16Tolerance, 512), 2e-3);
}

// `mixsim gemm --impl sim` entry point: Y equals the golden model bit for bit (integer path).
TEST(SingleGemm, MixpeW4A8MatchesGoldenBitExact) {
  const uint64_t seed = 21;
  std::printf("seed=%llu\n", static_cast<unsigned long long>(seed));
  const MatrixF32 x = workloads::synthetic_activations(3, 256, seed, "test/x");  // outlier channels
  const MatrixF32 w = workloads::synthetic_weights(40, 256, seed, "test/w");
  // From the source tree's root (not __FILE__, which ccache's base_dir makes relative).
  const std::string config_path = (std::filesystem::path(MIXSIM_TEST_SOURCE_DIR) / "configs/examples/tiny.yaml").string();
  SingleGemmOptions opt;
  opt.pe = "mixpe";
  opt.recipe = "w4a8-g64";
  opt.config_path = config_path;
  const SingleGemmResult r = simulate_single_gemm(x, w, opt);
  const MatrixF32 golden = golden_gemm(quantize_operands(parse_recipe("w4a8-g64"), x, w));
  ASSERT_EQ(r.y.rows(), 3);
  ASSERT_EQ(r.y.cols(), 40);
  EXPECT_EQ(count_bit_mismatches(r.y, golden), 0);
  ASSERT_TRUE(r.check.has_value());
  EXPECT_TRUE(r.check->passed);
  EXPECT_GT(r.sim.cycles, 0);

  opt.pe = "fp16-mac";
  opt.recipe = "fp16";
  const SingleGemmResult f = simulate_single_gemm(x, w, opt);
  EXPECT_TRUE(f.check->passed) << f.check->vs_reference.rel_fro;

  MatrixF32 bad_w(40, 128);
  EXPECT_THROW(simulate_single_gemm(x, bad_w, opt), std::invalid_argument);
}

}  // namespace
}  // namespace mixsim::sim
