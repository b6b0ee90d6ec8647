// compare's normalization (sim/run/design_normalization.hpp): iso-area array sizes against hand
// computations, the aspect rule, the clock policies, the speedup of a compute-bound GEMM at
// iso-area, and the errors (budget below one row and column, iso-power without power data).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "sim/config/config_loader.hpp"
#include "sim/run/design_normalization.hpp"
#include "sim/run/simulator.hpp"
#include "tests/sim/config_test_support.hpp"
#include "tests/sim/sim_test_data.hpp"

namespace mixsim::sim {
namespace {

using ::testing::HasSubstr;

const std::vector<PeChoice> kFour = {{"mixpe", "w4a8-g128"},
                                     {"int8-mac", "w8a8"},
                                     {"dequant-mac", "w4a8-g128"},
                                     {"fp16-mac", "fp16"}};

NormalizationConfig iso_area_like(const std::string& pe, const std::string& recipe, int rows,
                                  int cols) {
  NormalizationConfig norm;
  norm.given = true;
  norm.mode = NormalizationMode::IsoArea;
  norm.like_pe = pe;
  norm.like_recipe = recipe;
  norm.like_rows = rows;
  norm.like_cols = cols;
  return norm;
}

HardwareConfig square(int side) {
  HardwareConfig hw;
  hw.array.rows = side;
  hw.array.cols = side;
  return hw;
}

TEST(IsoArea, ShippedCostsLikeInt8At32x32MatchHandComputation) {
  // Shipped table (um^2): int8-mac 891.100, mixpe 597.436 + group-dequant 6461.672 per column,
  // dequant-mac 1476.566, fp16-mac 2737.938; edge registers 4.522 per bit: R x 8 (16 for FP16
  // activations) input bits + C x 32 output bits.
  // Budget = int8-mac 32x32 = 1024 x 891.1 + 32 x (8 + 32) x 4.522 = 918274.56 um^2.
  // mixpe n x n: 597.436 n^2 + n (6461.672 + 40 x 4.522 = 6642.552):
  //   n = 34: 690636.02 + 225846.77 = 916482.78 <= budget; n = 35: 964348.4 > budget.
  // dequant-mac: 1476.566 n^2 + 180.88 n: n = 24: 854843.3; n = 25: 927375.8 > budget.
  // fp16-mac: 2737.938 n^2 + (16 + 32) x 4.522 n = 217.056 n: n = 18: 890999.0; n = 19:
  //   992519.7 > budget.
  const auto points = normalize_designs(iso_area_like("int8-mac", "w8a8", 32, 32), square(32),
                                        kFour, default_design_costs());
  ASSERT_EQ(points.size(), 4u);
  EXPECT_EQ(points[0].rows, 34);
  EXPECT_EQ(points[0].cols, 34);
  EXPECT_EQ(points[1].rows, 32);
  EXPECT_EQ(points[1].cols, 32);
  EXPECT_EQ(points[2].rows, 24);
  EXPECT_EQ(points[3].rows, 18);
  EXPECT_NEAR(points[1].area_mm2, 0.91827456, 1e-9);
  EXPECT_NEAR(points[0].area_mm2, 0.916482784, 1e-6);
  for (const auto& p : points) {
    EXPECT_LE(p.area_mm2, 0.91827456 + 1e-12) << p.pe;
    EXPECT_DOUBLE_EQ(p.clock_ghz, 1.0) << p.pe;  // clock: fixed
  }
}

// The FP4 block PEs are charged their synthesized block-scale fold unit per column
// (rtl/fp4_block_fold_unit.v): 32x32 mx-fp4 = 1024 x 607.544 + 32 x 2480.450 (fold) +
// (32 x 4 + 32 x 32) x 4.522 (edge bits: 4-bit E2M1 codes in, FP32 out) = 706,314.48 um^2;
// nv-fp4 with 586.796 + 7330.694 per column likewise. A bf16 mixpe recipe without parameters
// is charged the FP16 design with 16 activation bits, an E4M3 one with 8.
TEST(IsoArea, Fp4PesPayTheirFoldUnitPerColumn) {
  const DesignCostTable costs = default_design_costs();
  const ArrayCost mx = array_cost({"mx-fp4", "mxfp4"}, 32, 32, 1.0, costs);
  EXPECT_NEAR(mx.area_mm2, (1024 * 607.544 + 32 * 2480.450 + (32 * 4 + 32 * 32) * 4.522) * 1e-6, 1e-9);
  const ArrayCost nv = array_cost({"nv-fp4", "nvfp4"}, 32, 32, 1.0, costs);
  EXPECT_NEAR(nv.area_mm2, (1024 * 586.796 + 32 * 7330.694 + (32 * 4 + 32 * 32) * 4.522) * 1e-6, 1e-9);
  EXPECT_GT(mx.power_mw, 0.0);
  EXPECT_EQ(cost_design_for({"mixpe", "w4abf16-g128"}), "mixpe-fp16");
  EXPECT_EQ(cost_design_for({"mixpe", "w4afp8-g128"}), "mixpe-fp16");
  EXPECT_EQ(activation_bits_for({"mixpe", "w4abf16-g128"}), 16);
  EXPECT_EQ(activation_bits_for({"mixpe", "w4afp8-g128"}), 8);
}

TEST(IsoArea, SyntheticCostsAndTheAspectRule) {
  // PE 100 um^2, dequant unit 1000 um^2, edge bit 4.522 um^2; budget 0.01 mm^2 = 10000 um^2.
  DesignCostTable costs;
  costs.source = "test";
  costs.designs["int8-mac"] = {100.0, 500.0, false, 0.0, 0.0};
  costs.designs["mixpe"] = {100.0, 500.0, false, 0.0, 0.0};
  costs.designs["group-dequant"] = {1000.0, 300.0, false, 0.0, 0.0};
  NormalizationConfig norm;
  norm.mode = NormalizationMode::IsoArea;
  norm.budget_mm2 = 0.01;
  // Config 32 x 16 (aspect 2:1): rows = n, cols = floor(n / 2).
  HardwareConfig hw;
  hw.array.rows = 32;
  hw.array.cols = 16;
  // int8-mac: 100 n floor(n/2) + 4.522 (8 n + 32 floor(n/2)):
  //   n = 13 (13 x 6): 7800 + 4.522 x 296 = 9138.5; n = 14 (14 x 7): 9800 + 4.522 x 336 =
  //   11319.4 > 10000.
  // mixpe adds 1000 per column: n = 9 (9 x 4): 3600 + 4000 + 4.522 x 200 = 8504.4;
  //   n = 10 (10 x 5): 5000 + 5000 + ... > 10000.
  const auto points = normalize_designs(norm, hw, {{"int8-mac", "w8a8"}, {"mixpe", "w4a8-g128"}},
                                        costs);
  EXPECT_EQ(points[0].rows, 13);
  EXPECT_EQ(points[0].cols, 6);
  EXPECT_EQ(points[1].rows, 9);
  EXPECT_EQ(points[1].cols, 4);
  EXPECT_NEAR(points[0].area_mm2, 9138.512e-6, 1e-12);
  EXPECT_LT(points[0].power_mw, 0.0);  // the table has no power data
}

TEST(IsoArea, FromTimingClockIsFmaxCapped) {
  NormalizationConfig norm = iso_area_like("int8-mac", "w8a8", 16, 16);
  norm.clock = ClockPolicy::FromTiming;
  norm.clock_cap_ghz = 0.4;
  const auto costs = default_design_costs();
  const auto points = normalize_designs(norm, square(16), kFour, costs);
  EXPECT_DOUBLE_EQ(points[0].clock_ghz, 0.4);  // mixpe f_max 719 MHz, capped
  EXPECT_DOUBLE_EQ(points[3].clock_ghz, costs.at("fp16-mac").fmax_mhz * 1e-3);  // below the cap
}

TEST(IsoArea, BudgetBelowOneRowAndColumnIsAnError) {
  NormalizationConfig norm;
  norm.mode = NormalizationMode::IsoArea;
  norm.budget_mm2 = 1e-4;  // 100 um^2: one int8-mac PE is 891.1 um^2
  try {
    normalize_designs(norm, square(8), {{"int8-mac", "w8a8"}}, default_design_costs());
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("normalization.budget_mm2 = 0.0001 mm^2 is too small for one "
                                    "row and column of PE 'int8-mac'"));
    EXPECT_THAT(e.what(), HasSubstr("allowed: >= 0.00107198"));
  }
}

TEST(IsoPower, WithoutPowerDataIsAnError) {
  DesignCostTable costs;
  costs.source = "'area-v2-without-power.json'";
  costs.designs["int8-mac"] = {891.1, 473.0, false, 0.0, 0.0};
  NormalizationConfig norm;
  norm.mode = NormalizationMode::IsoPower;
  norm.budget_mw = 100.0;
  try {
    normalize_designs(norm, square(8), {{"int8-mac", "w8a8"}}, costs);
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("iso-power needs power data for design 'int8-mac'"));
    EXPECT_THAT(e.what(), HasSubstr("area-v2-without-power.json"));
  }
}

TEST(IsoPower, ArraysFitThePowerBudget) {
  NormalizationConfig norm;
  norm.mode = NormalizationMode::IsoPower;
  norm.budget_mw = 200.0;
  const auto costs = default_design_costs();
  const auto points = normalize_designs(norm, square(16), kFour, costs);
  for (const auto& p : points) {
    EXPECT_LE(p.power_mw, 200.0) << p.pe;
    // One more row and column would exceed the budget.
    const ArrayCost bigger =
        array_cost({p.pe, p.recipe}, p.rows + 1, p.cols + 1, p.clock_ghz, costs);
    EXPECT_GT(bigger.power_mw, 200.0) << p.pe;
  }
}

TEST(IsoArea, ComputeBoundSpeedupFollowsPeCountTimesClock) {
  // Like dequant-mac at 16 x 16, clocks from timing: dequant-mac 16 x 16 at 351.9 MHz,
  // int8-mac 891.1 n^2 + 180.88 n <= 380894.98 -> n = 20 (360057.6; n = 21: 396773.6) at 473.7 MHz. A weight-stationary GEMM
  // with K and N multiples of both sides (K = 640 = lcm(80, 128), N = 320) and memory that never
  // stalls is compute-bound: cycles ~ (K/R)(N/C) M, so the speedup is the PE-count ratio
  // (400/256) times the clock ratio, up to fill and drain (< 1% here).
  NormalizationConfig norm = iso_area_like("dequant-mac", "w4a8-g128", 16, 16);
  norm.clock = ClockPolicy::FromTiming;
  HardwareConfig hw = testing::small_hardware(16, 16);
  hw.dram.bandwidth_gbps = 1e6;
  hw.dram.latency_ns = 0.0;
  hw.weight_buffer.capacity_bytes = 256 * 1024;
  hw.activation_buffer.capacity_bytes = 256 * 1024;
  hw.output_buffer.capacity_bytes = 256 * 1024;
  const std::vector<PeChoice> pair = {{"int8-mac", "w8a8"}, {"dequant-mac", "w4a8-g128"}};
  const auto points = normalize_designs(norm, hw, pair, default_design_costs());
  ASSERT_EQ(points[0].rows, 20);
  ASSERT_EQ(points[1].rows, 16);
  double latency[2];
  for (int i = 0; i < 2; ++i) {
    HardwareConfig design = hw;
    design.array.rows = points[i].rows;
    design.array.cols = points[i].cols;
    design.clock_ghz = points[i].clock_ghz;
    GemmJob job;
    job.name = "compute-bound";
    job.m = 256, job.n = 320, job.k = 640;
    job.pe_type = pair[i].pe;
    job.recipe = pair[i].recipe;
    latency[i] = simulate_gemm(design, default_energy_table(), job, SimMode::Fast).latency_s;
  }
  const double expected = (400.0 / 256.0) * (points[0].clock_ghz / points[1].clock_ghz);
  const double speedup = latency[1] / latency[0];
  std::printf("speedup %.4f, PE-count x clock ratio %.4f\n", speedup, expected);
  EXPECT_NEAR(speedup / expected, 1.0, 0.01);
}

TEST(NormalizationConfig, ParsedFromYamlAndSetOverrides) {
  const std::string text = std::string(config_test::kValidConfig) +
                           "normalization: {mode: iso-area, like: {pe: int8-mac, rows: 8, "
                           "cols: 8}}\n";
  const RunConfig config = parse_run_config(text, "test.yaml", ".", {});
  ASSERT_EQ(config.designs.size(), 2u);
  EXPECT_EQ(config.designs[1].rows, 8);  // int8-mac, the reference itself
  EXPECT_GT(config.designs[0].rows, 0);
  const RunConfig same = parse_run_config(config_test::kValidConfig, "test.yaml", ".",
                                          {"normalization.mode=same-array"});
  EXPECT_EQ(same.designs[0].rows, 8);
  EXPECT_EQ(same.designs[0].cols, 8);
}

TEST(NormalizationConfig, IsoPowerWithACostFileWithoutPowerIsAnError) {
  // A `mixsim area`-style file (schema mixsim.area v2) with area and f_max but no power fields.
  const auto dir = std::filesystem::temp_directory_path() /
                   ("mixsim-costs-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto costs = dir / "area.json";
  {
    std::ofstream out(costs);
    out << R"({"schema": "mixsim.area", "version": 2, "pes": {
      "mixpe": {"area_um2": 600.0, "fmax_mhz": 700.0},
      "int8-mac": {"area_um2": 900.0, "fmax_mhz": 470.0},
      "group-dequant": {"area_um2": 6000.0, "fmax_mhz": 300.0},
      "shift-add-mul": {"transistors": 1098}}})";
  }
  const std::string text = std::string(config_test::kValidConfig) +
                           "normalization: {mode: iso-power, budget_mw: 50, costs: " +
                           costs.string() + "}\n";
  const std::string msg = config_test::config_error(text);
  EXPECT_THAT(msg, HasSubstr("key 'normalization'"));
  EXPECT_THAT(msg, HasSubstr("iso-power needs power data for design 'mixpe'"));
  EXPECT_THAT(msg, HasSubstr(costs.string()));
  // The same file sizes arrays at iso-area: mixpe n x n with
  // 600 n^2 + 6000 n + 40 x 4.522 n <= 900 x 64 + 8 x 40 x 4.522 = 59047.04 -> n = 6
  // (21600 + 36000 + 1085.28 = 58685.28; n = 7: 72666.16).
  const RunConfig config = parse_run_config(
      std::string(config_test::kValidConfig) +
          "normalization: {mode: iso-area, like: {pe: int8-mac, rows: 8, cols: 8}, costs: " +
          costs.string() + "}\n",
      "test.yaml", ".", {});
  EXPECT_EQ(config.designs[0].rows, 6);
  EXPECT_EQ(config.designs[1].rows, 8);
  std::ofstream(dir / "wrong.json") << R"({"schema": "mixsim.results", "version": 1})";
  EXPECT_THAT(config_test::config_error(std::string(config_test::kValidConfig) +
                                        "normalization: {mode: iso-area, budget_mm2: 1, costs: " +
                                        (dir / "wrong.json").string() + "}\n"),
              HasSubstr("is not a `mixsim area` document"));
  std::filesystem::remove_all(dir);
}

TEST(NormalizationConfig, Errors) {
  using config_test::config_error;
  const std::string base = config_test::kValidConfig;
  EXPECT_THAT(config_error(base + "normalization: {mode: iso-areas}\n"),
              HasSubstr("allowed values: same-array, iso-area, iso-power"));
  EXPECT_THAT(config_error(base + "normalization: {mode: iso-area}\n"),
              HasSubstr("mode iso-area needs exactly one of budget_mm2 and like"));
  EXPECT_THAT(config_error(base + "normalization: {mode: iso-area, budget_mm2: 0.0001}\n"),
              HasSubstr("too small for one row and column"));
  EXPECT_THAT(config_error(base + "normalization: {mode: same-array, budget_mw: 3}\n"),
              HasSubstr("mode same-array takes no budget_mm2, budget_mw or like"));
  EXPECT_THAT(config_error(base + "normalization: {mode: iso-area, budget_mm2: 1, clock: fast}\n"),
              HasSubstr("allowed values: fixed, from-timing"));
  EXPECT_THAT(config_error(base, {"normalization.costs=missing.json"}),
              HasSubstr("key 'normalization.costs': design cost file 'missing.json' does not exist"));
}

}  // namespace
}  // namespace mixsim::sim
