// Whole GEMMs on the verilated accelerator top (rtl/top/accel_top.v) against the golden model
// and the SystemC cycle model (rtl/harness/top/top_check.hpp): 20 seeded random cases per PE
// design (values bit for bit, job cycles equal), and each deliberately broken controller caught.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "models/recipe.hpp"
#include "rtl/harness/rtl_checks.hpp"
#include "rtl/harness/rtl_sources.hpp"
#include "rtl/harness/top/top_area.hpp"
#include "rtl/harness/top/top_cases.hpp"
#include "rtl/harness/top/top_check.hpp"

namespace mixsim::rtl {
namespace {

#define SKIP_WITHOUT_VERILATOR()                                          \
  do {                                                                    \
    if (!verilator_available()) GTEST_SKIP() << "built without Verilator"; \
  } while (0)

void print(const TopGemmResult& r) {
  std::printf("  %s %s: %llu value checks, %llu mismatches; cycles RTL %lld SystemC %lld; %lld tiles\n",
              r.passed() ? "ok  " : "FAIL", r.values.detail.c_str(),
              static_cast<unsigned long long>(r.values.cases),
              static_cast<unsigned long long>(r.values.mismatches), static_cast<long long>(r.rtl_cycles),
              static_cast<long long>(r.systemc_cycles), static_cast<long long>(r.tiles));
  if (!r.values.first_mismatch.empty()) std::printf("    first value mismatch: %s\n", r.values.first_mismatch.c_str());
}

class AccelTopDesign : public ::testing::TestWithParam<const char*> {};

TEST_P(AccelTopDesign, TwentyRandomGemmsMatchGoldenValuesAndSystemCCycles) {
  SKIP_WITHOUT_VERILATOR();
  const TopDesign& d = find_top_design(GetParam());
  const uint32_t seed = 11;
  std::printf("design %s, case seed %u\n", d.name.c_str(), seed);
  int pinned = 0, spilled = 0, simple = 0;
  for (const TopGemmCase& c : random_top_cases(d, seed, 20)) {
    const TopGemmResult r = run_top_gemm(d, c);
    print(r);
    EXPECT_TRUE(r.values.passed()) << r.values.detail << ": " << r.values.first_mismatch;
    EXPECT_EQ(r.rtl_cycles, r.systemc_cycles) << r.cycles.detail;
    EXPECT_GT(r.values.cases, static_cast<uint64_t>(c.m * c.n));
    pinned += c.mapping.has_value();
    spilled += c.mapping && c.mapping->spill_partials;
    simple += c.simple_dram;
  }
  // The case mix this test promises: pinned mappings (some spilling) and both DRAM models.
  EXPECT_GE(pinned, 5);
  EXPECT_GE(simple, 4);
  std::printf("pinned mappings %d (spilling %d), simple-DRAM cases %d\n", pinned, spilled, simple);
}

INSTANTIATE_TEST_SUITE_P(Designs, AccelTopDesign,
                         ::testing::Values("mixpe-32x8", "mixpe-64x4", "mixpe-fs-64x4", "slim-mixed-64x4", "int8-mac-16x16", "int4-mac-32x8",
                                           "mixpe-os-64x4", "int8-mac-os-16x16", "int4-mac-os-64x4",
                                           "fp16-mac-os-8x8", "mixpe-fp16-os-64x2", "mixpe-bf16-os-32x4",
                                           "mixpe-fp8-os-16x8", "fp8-mac-e4m3-os-8x8", "fp8-mac-e5m2-os-8x8",
                                           "lut-gemm-os-64x2", "mx-fp4-os-16x8", "nv-fp4-os-16x8",
                                           "dequant-mac-fp16-os-8x8", "dequant-mac-int8-os-8x8",
                                           "dequant-mac-fp16-os-64x2", "slim-mixed-os-64x4",
                                           "fp16-mac-8x8", "mixpe-fp16-64x2", "mixpe-bf16-32x4", "mixpe-fp8-16x8",
                                           "fp8-mac-e4m3-8x8", "fp8-mac-e5m2-8x8", "dequant-mac-fp16-8x8",
                                           "dequant-mac-int8-8x8", "lut-gemm-64x2", "mx-fp4-16x8", "nv-fp4-16x8",
                                           "nv-fp4-32x4", "mx-fp4-32x4"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& ch : name)
                             if (ch == '-') ch = '_';
                           return name;
                         });

// The default config's 32 x 32 array: a decode row and a prefill-like block.
TEST(AccelTop, DefaultArraySizeMatches) {
  SKIP_WITHOUT_VERILATOR();
  const TopDesign& d = find_top_design("mixpe-32x32");
  for (const TopGemmCase& c : {TopGemmCase{"w4a8-g128", 1, 96, 256, 3, {}, false},
                               TopGemmCase{"w4a8-g32-intscale", 48, 70, 128, 4, {}, false}}) {
    const TopGemmResult r = run_top_gemm(d, c);
    print(r);
    EXPECT_TRUE(r.passed()) << r.values.first_mismatch << " / " << r.cycles.first_mismatch;
  }
}

// Each broken controller must fail: values for the K-loop and group faults, cycles for the
// removed bank-conflict stall (the 32x8 design's activation window is 16 bytes, so a 32-byte
// X row takes two cycles).
TEST(AccelTop, KLoopOffByOneIsCaught) {
  SKIP_WITHOUT_VERILATOR();
  const TopGemmResult r =
      run_top_gemm(find_top_design("mixpe-32x8-fault-kloop"), {"w4a8-g64", 5, 12, 128, 21, {}, false});
  print(r);
  EXPECT_GT(r.values.mismatches, 0u);
}

TEST(AccelTop, MissedGroupBoundaryIsCaught) {
  SKIP_WITHOUT_VERILATOR();
  const TopGemmResult r =
      run_top_gemm(find_top_design("mixpe-32x8-fault-group"), {"w4a8-g32", 5, 12, 128, 22, {}, false});
  print(r);
  EXPECT_GT(r.values.mismatches, 0u);
}

TEST(AccelTop, RemovedBankConflictStallIsCaught) {
  SKIP_WITHOUT_VERILATOR();
  const TopGemmResult r =
      run_top_gemm(find_top_design("mixpe-32x8-fault-nostall"), {"w4a8-g32", 24, 16, 128, 23, {}, true});
  print(r);
  EXPECT_NE(r.rtl_cycles, r.systemc_cycles);
  EXPECT_FALSE(r.passed());
}

// The output-stationary designs' random cases (seed 11, as above) cover a group smaller than,
// equal to and larger than the array's R rows (a tile is one group of K-steps, or up to 256
// steps of K for per-channel W8A8), ragged M-tiles and several M-tiles per GEMM. For
// dequant-mac the group counted is the weight group (its K-tiles are up to 256 steps of K and
// the dequantizer changes scale inside a tile): on 64 x 2, K = 32 is also a tile of fewer
// steps than R.
TEST(AccelTopOs, CasesCoverGroupBelowAtAboveRowsAndRaggedTiles) {
  for (const char* name : {"mixpe-os-64x4", "int8-mac-os-16x16", "int4-mac-os-64x4", "mixpe-fp16-os-64x2",
                           "lut-gemm-os-64x2", "dequant-mac-fp16-os-64x2", "slim-mixed-os-64x4"}) {
    const TopDesign& d = find_top_design(name);
    ASSERT_TRUE(d.output_stationary);
    int below = 0, at = 0, above = 0, ragged_m = 0, multi_m = 0, ragged_n = 0;
    for (const TopGemmCase& c : random_top_cases(d, 11, 20)) {
      const int g = parse_recipe(c.recipe).group_size;
      const int64_t group = g > 0 ? g : c.k;
      below += group < d.rows;
      at += group == d.rows;
      above += group > d.rows;
      ragged_m += c.m % d.rows != 0;
      multi_m += c.m > d.rows;
      ragged_n += c.n % d.cols != 0;
    }
    std::printf("%s: G < R %d, G = R %d, G > R %d; ragged M %d, M > R %d, ragged N %d of 20\n", name, below, at,
                above, ragged_m, multi_m, ragged_n);
    EXPECT_GT(below, 0) << name;
    EXPECT_GT(at, 0) << name;
    EXPECT_GT(above, 0) << name;
    EXPECT_GT(ragged_m, 0) << name;
    EXPECT_GT(multi_m, 0) << name;
    EXPECT_GT(ragged_n, 0) << name;
  }
}

// A 4-bit output-stationary tile with an odd number of columns: each K-row of ct weights is
// read whole (ceil(ct*W/8) bytes), so the simulator sizes the tile at kt such rows; the RTL's
// K-row layout and SystemC's cycles must agree on it (they did not before the simulator sized
// OS tiles per K-row: no layout fitted both).
TEST(AccelTopOs, OddColumnFourBitTileMatches) {
  SKIP_WITHOUT_VERILATOR();
  const TopGemmResult r = run_top_gemm(find_top_design("mixpe-os-64x4"), {"w4a8-g32", 4, 3, 64, 1, {}, false});
  print(r);
  EXPECT_TRUE(r.passed());
  EXPECT_EQ(r.rtl_cycles, r.systemc_cycles);
}

// The output-stationary controller that lets a tile leave the array after its last K-step
// even when that is sooner than R cycles (G = 32 < R = 64; M = 8, N = 4, K = 32: one tile whose
// 2-byte W rows and 8-byte X columns each take one window, so its 32 steps take 32 cycles): the
// simulator's occupancy rule max(steps, R) is what the cycle check holds. (With several such
// tiles the broken design never finishes: drains R cycles long start every 32 cycles and the
// drain sequencer loses the earlier tile's rows; the harness throws "did not finish".)
TEST(AccelTopOs, RemovedMinimumRowsIsCaught) {
  SKIP_WITHOUT_VERILATOR();
  const TopGemmResult r =
      run_top_gemm(find_top_design("mixpe-os-64x4-fault-minrows"), {"w4a8-g32", 8, 4, 32, 24, {}, true});
  print(r);
  EXPECT_EQ(r.tiles, 1);
  EXPECT_EQ(r.systemc_cycles - r.rtl_cycles, 64 - 32);
  EXPECT_FALSE(r.passed());
  EXPECT_THROW(
      run_top_gemm(find_top_design("mixpe-os-64x4-fault-minrows"), {"w4a8-g32", 8, 4, 128, 24, {}, true}),
      std::runtime_error);
}

// The broken output-stationary dequantizer (every K-step of a tile uses the scale of the tile's
// first weight group): one K-tile of 256 steps spans 8 groups of 32, so columns whose scales
// differ between groups get wrong weights; the cycles are unchanged (a value fault only). The
// same GEMM on the correct design passes, and a K-tile of one group (K = 32) is not affected.
TEST(AccelTopOs, DequantScaleNotSteppingGroupsIsCaught) {
  SKIP_WITHOUT_VERILATOR();
  const TopGemmCase spans{"w4a16-g32", 6, 8, 256, 25, {}, false};
  const TopGemmResult broken = run_top_gemm(find_top_design("dequant-mac-fp16-os-8x8-fault-group"), spans);
  print(broken);
  EXPECT_EQ(broken.tiles, 1);
  EXPECT_GT(broken.values.mismatches, 0u);
  EXPECT_EQ(broken.rtl_cycles, broken.systemc_cycles);
  const TopGemmResult good = run_top_gemm(find_top_design("dequant-mac-fp16-os-8x8"), spans);
  print(good);
  EXPECT_TRUE(good.passed());
  const TopGemmResult one_group =
      run_top_gemm(find_top_design("dequant-mac-fp16-os-8x8-fault-group"), {"w4a16-g32", 6, 8, 32, 25, {}, false});
  print(one_group);
  EXPECT_TRUE(one_group.passed());
}

bool cell_flow_tools_run() {
  const std::string yosys = yosys_executable() + " -V >/dev/null 2>&1";
  const std::string sta = "echo exit | " + sta_executable() + " -no_splash >/dev/null 2>&1";
  return std::system(yosys.c_str()) == 0 && std::system(sta.c_str()) == 0;
}

const TopAreaPart& part_named(const TopArea& a, const std::string& name) {
  for (const TopAreaPart& p : a.parts)
    if (p.part == name) return p;
  throw std::invalid_argument("no part " + name + " in the area of " + a.design);
}

// The area breakdown (mixsim area --top) of the output-stationary top, synthesized from the
// current RTL (Yosys + OpenSTA; about a minute): the four parts are positive and sum to the
// total, f_max is the slowest synthesized part's, and against the weight-stationary top of the
// same 64 x 4 MixPE array (mixpe-64x4: its array, dequant and buffers; its weight loader, the
// slow part of its control, is not synthesized here) the buffers are the same SRAM bits, the
// OS array is smaller (no tile-tag weight files) and the OS dequant is larger (32-bit column
// sums into the output unit instead of 18).
TEST(AccelTopOs, AreaBreakdownByPartFromCurrentRtl) {
  if (!cell_flow_tools_run()) GTEST_SKIP() << "SKIPPED: yosys or sta (OpenSTA) not found";
  const CellFlowTools tools{source_root(), yosys_executable(), sta_executable()};
  const TopArea os = top_area(find_top_design("mixpe-os-64x4"), tools);
  std::fputs(top_area_json(os).c_str(), stdout);
  ASSERT_EQ(os.parts.size(), 4u);
  double sum = 0.0, fmax = 1e12;
  for (const TopAreaPart& p : os.parts) {
    EXPECT_GT(p.area_um2, 0.0) << p.part;
    sum += p.area_um2;
    if (p.part != "buffers") {
      EXPECT_GT(p.fmax_mhz, 0.0) << p.part;
      fmax = std::min(fmax, p.fmax_mhz);
    }
  }
  EXPECT_NEAR(os.total_um2, sum, 1e-9 * sum);
  EXPECT_EQ(os.fmax_mhz, fmax);
  EXPECT_NE(part_named(os, "array").detail.find("accel_cell_os x 256"), std::string::npos);
  EXPECT_NE(part_named(os, "control").detail.find("accel_controller_os"), std::string::npos);
  // 256 cells of 110 flip-flops (8-bit a, 4-bit w, valid, end, 32-bit acc, shadow and drain) at
  // DFF_X1's 4.522 um^2 at least.
  EXPECT_GT(part_named(os, "array").area_um2, 256 * 110 * 4.522);
  const TopArea ws = top_area(find_top_design("mixpe-64x4"), tools, {"array", "dequant", "buffers"});
  std::fputs(top_area_json(ws).c_str(), stdout);
  ASSERT_EQ(ws.parts.size(), 3u);
  EXPECT_EQ(part_named(os, "buffers").area_um2, part_named(ws, "buffers").area_um2);
  EXPECT_LT(part_named(os, "array").area_um2, part_named(ws, "array").area_um2);
  EXPECT_GT(part_named(os, "dequant").area_um2, part_named(ws, "dequant").area_um2);
}

// Designs the flow does not cover (float lanes, weight decodes) are refused with the list of
// those it covers, and an unknown part name with the allowed ones; no tool runs.
TEST(AccelTopOs, AreaBreakdownRefusesUncoveredDesignsAndParts) {
  try {
    top_area(find_top_design("dequant-mac-fp16-os-8x8"), CellFlowTools{});
    FAIL() << "top_area must refuse a float-lane design";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("dequant-mac-fp16-os-8x8"), std::string::npos) << what;
    EXPECT_NE(what.find("mixpe-os-64x4"), std::string::npos) << what;
    EXPECT_NE(what.find("mixpe-32x8"), std::string::npos) << what;
  }
  try {
    top_area(find_top_design("mixpe-os-64x4"), CellFlowTools{}, {"array", "cells"});
    FAIL() << "top_area must refuse an unknown part";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("allowed: array, dequant, control, buffers"), std::string::npos) << e.what();
  }
}

// The float cells' FP32 adders rounding ties away from zero instead of to even: the group sums
// must differ from the simulator's in some bits.
TEST(AccelTop, FloatAdderTiesAwayIsCaught) {
  SKIP_WITHOUT_VERILATOR();
  const TopGemmResult r =
      run_top_gemm(find_top_design("fp16-mac-8x8-fault-ties"), {"fp16", 16, 16, 256, 24, {}, false});
  print(r);
  EXPECT_GT(r.values.mismatches, 0u);
  EXPECT_EQ(r.rtl_cycles, r.systemc_cycles);  // a value fault only
}

// The harness's own DMA-port checks fire: a port narrower than the DRAM's delivery rate lets
// tiles become ready before their bytes are written (a logic error of the harness's DMA model),
// and a DRAM faster than the port's DMA_BYTES per cycle (LPDDR5's 51.2 B/cycle at 1 GHz, doubled)
// is refused before the run. The same GEMM passes with the real port and DRAM.
TEST(AccelTop, DmaPortChecksFire) {
  SKIP_WITHOUT_VERILATOR();
  const TopDesign& d = find_top_design("mixpe-32x8");
  const TopGemmCase c{"w4a8-g32", 24, 16, 256, 25, {}, true};
  const TopGemmResult ok = run_top_gemm(d, c);
  print(ok);
  EXPECT_TRUE(ok.passed());
  auto message_of = [&](const TopGemmCase& bad) -> std::string {
    try {
      run_top_gemm(d, bad);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "(no exception)";
  };
  TopGemmCase narrow = c;
  narrow.dma_port_bytes = 2;
  const std::string late = message_of(narrow);
  EXPECT_NE(late.find("before the DMA port (64 bytes per cycle) has written its operands"), std::string::npos) << late;
  TopGemmCase fast = c;
  fast.dram_bandwidth_scale = 2.0;
  const std::string refused = message_of(fast);
  EXPECT_NE(refused.find("more than the DMA write port's DMA_BYTES = 64"), std::string::npos) << refused;
}

// slim-mixed: tiles hold 2/3/4-bit codes per (row, group) at their real bytes; the loader
// unpacks them by the width tags. Tags that say one width for every column (4, the widest; 3,
// the flat average the simulator charged before; 2) misread the tiles: each must fail on a GEMM
// whose groups have all three widths.
TEST(AccelTop, SlimWidthTagsDecideTheUnpack) {
  SKIP_WITHOUT_VERILATOR();
  for (const char* design : {"slim-mixed-64x4", "slim-mixed-os-64x4"})
  for (const char* recipe : {"slim-w3a8-g32", "slim-w3a8-g128"}) {
    const TopDesign& d = find_top_design(design);
    const TopGemmCase c{recipe, 9, 10, 512, 41, {}, false};
    std::printf("%s %s M=9 N=10 K=512 seed 41\n", design, recipe);
    const TopGemmResult ok = run_top_gemm(d, c);
    print(ok);
    EXPECT_TRUE(ok.passed());
    for (int width : {2, 3, 4}) {
      TopGemmCase bad = c;
      bad.slim_tag_width = width;
      const TopGemmResult r = run_top_gemm(d, bad);
      std::printf("  every tag %d bits:", width);
      print(r);
      EXPECT_GT(r.values.mismatches, 0u) << "tags of " << width << " bits";
    }
  }
}

// The FLOAT_DEQUANT designs multiply y by the token's activation scale in the output unit
// (Y = fl32(y * s_a), compared with SystemC's Y bit for bit): rows given the next token's scale
// must fail, with the cycles unchanged.
TEST(AccelTop, TokenScaleMultiplyIsInTheRtl) {
  SKIP_WITHOUT_VERILATOR();
  for (const char* design : {"mixpe-fs-64x4", "slim-mixed-os-64x4", "int8-mac-16x16"}) {
    const TopDesign& d = find_top_design(design);
    const TopGemmCase c{d.recipes.front(), 9, 6, 256, 43, {}, false};
    std::printf("%s %s M=9 N=6 K=256 seed 43\n", design, c.recipe.c_str());
    const TopGemmResult ok = run_top_gemm(d, c);
    print(ok);
    EXPECT_TRUE(ok.passed());
    TopGemmCase bad = c;
    bad.shifted_token_scales = true;
    const TopGemmResult r = run_top_gemm(d, bad);
    print(r);
    EXPECT_GE(r.values.mismatches, 9u * 6u / 2);
    EXPECT_EQ(r.rtl_cycles, r.systemc_cycles);
  }
}

TEST(AccelTop, BadInputNamesTheAllowedValues) {
  SKIP_WITHOUT_VERILATOR();
  try {
    run_top_gemm(find_top_design("mixpe-32x8"), {"w8a8", 2, 8, 64, 1, {}, false});
    FAIL() << "a recipe the design does not carry must be rejected";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("allowed: w4a8-g32"), std::string::npos) << e.what();
  }
  try {
    find_top_design("mixpe-7x7");
    FAIL() << "an unknown design must be rejected";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("mixpe-32x8"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mixsim::rtl
