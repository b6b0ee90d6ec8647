// The mapper (sim/mapping/mapper.hpp) and the mappings it can return: property tests over
// seeded random shapes, buffer sizes and both dataflows (no mapping overflows a buffer; the
// choice is never slower than the old two-order controller; values are bit-exact under every
// mapping), the heuristic against exhaustive search on small cases, spilled partial sums,
// objectives, and the errors of a bad pinned mapping.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>

#include "models/golden_gemms.hpp"
#include "models/recipe.hpp"
#include "sim/mapping/mapper.hpp"
#include "sim/mapping/tile_plan.hpp"
#include "sim/pe/pe_registry.hpp"
#include "sim/run/simulator.hpp"
#include "tests/sim/sim_test_data.hpp"

namespace mixsim::sim {
namespace {

struct Case {
  HardwareConfig hw;
  std::string pe, recipe;
  int64_t m, n, k;
};

// A random small design and GEMM: R, C in {4, 8, 16}, buffers 2..32 KiB, either dataflow.
Case random_case(std::mt19937& rng) {
  const int dims[] = {4, 8, 16};
  const char* pes[][2] = {{"mixpe", "w4a8-g64"}, {"int8-mac", "w8a8"}, {"fp16-mac", "fp16"}, {"mixpe", "w4a16-g32"}};
  Case c;
  c.hw = testing::small_hardware(dims[rng() % 3], dims[rng() % 3]);
  c.hw.array.dataflow = rng() % 2 ? Dataflow::OutputStationary : Dataflow::WeightStationary;
  c.hw.dram.bandwidth_gbps = 4.0 * (1 + rng() % 16);
  c.hw.dram.latency_ns = 20.0 * (rng() % 4);
  const int64_t kib[] = {2, 4, 8, 16, 32};
  c.hw.weight_buffer.capacity_bytes = 1024 * kib[rng() % 5];
  c.hw.activation_buffer.capacity_bytes = 1024 * kib[rng() % 5];
  c.hw.output_buffer.capacity_bytes = 1024 * kib[2 + rng() % 3];
  c.hw.weight_buffer.double_buffered = rng() % 4 != 0;
  c.hw.activation_buffer.double_buffered = rng() % 4 != 0;
  const auto& p = pes[rng() % 4];
  c.pe = p[0];
  c.recipe = p[1];
  c.m = 1 + static_cast<int64_t>(rng() % 96);
  c.n = 1 + static_cast<int64_t>(rng() % 80);
  c.k = 64 * (1 + static_cast<int64_t>(rng() % 8));
  return c;
}

PeTraits traits_of(const Case& c) { return find_pe_type(c.pe).traits(c.recipe, c.k); }

GemmJob job_of(const Case& c, const Mapping& map) {
  GemmJob job;
  job.name = "test.gemm";
  job.m = c.m;
  job.n = c.n;
  job.k = c.k;
  job.pe_type = c.pe;
  job.recipe = c.recipe;
  job.mapping = map;
  return job;
}

std::string describe(const Case& c) {
  return std::to_string(c.m) + "x" + std::to_string(c.n) + "x" + std::to_string(c.k) + " " + c.pe + " R" +
         std::to_string(c.hw.array.rows) + " C" + std::to_string(c.hw.array.cols) +
         (c.hw.array.dataflow == Dataflow::OutputStationary ? " OS" : " WS") + " buffers " +
         std::to_string(c.hw.weight_buffer.capacity_bytes / 1024) + "/" +
         std::to_string(c.hw.activation_buffer.capacity_bytes / 1024) + "/" +
         std::to_string(c.hw.output_buffer.capacity_bytes / 1024) + " KiB, dbuf " +
         std::to_string(c.hw.weight_buffer.double_buffered) + std::to_string(c.hw.activation_buffer.double_buffered) +
         ", " + std::to_string(static_cast<int>(c.hw.dram.bandwidth_gbps)) + " GB/s, " +
         std::to_string(static_cast<int>(c.hw.dram.latency_ns)) + " ns";
}

// Unfinished Y blocks held at once when partials stay on chip, from the plan's own steps.
int64_t max_live_outputs(const TilePlan& plan) {
  std::map<std::pair<int64_t, int64_t>, bool> live;
  size_t most = 0;
  for (const PlanStep& s : plan.steps()) {
    const auto key = std::make_pair(s.m_blk, s.n_tile / plan.mapping().n_block_tiles);
    if (s.final_k) live.erase(key);
    else live[key] = true;
    most = std::max(most, live.size());
  }
  return static_cast<int64_t>(most);
}

TEST(MapperProperties, NoMappingOverflowsABuffer) {
  const uint32_t seed = 20261206;
  std::printf("seed %u\n", seed);
  std::mt19937 rng(seed);
  int64_t plans = 0;
  for (int trial = 0; trial < 40; ++trial) {
    const Case c = random_case(rng);
    const TileGeometry g = TileGeometry::of(c.hw, traits_of(c), c.m, c.n, c.k);
    const std::vector<Mapping> all = enumerate_mappings(c.hw, g);
    for (size_t i = 0; i < all.size(); i += 1 + all.size() / 25) {
      const TilePlan plan(c.hw, g, all[i]);
      ++plans;
      const int64_t w_slot = c.hw.weight_buffer.capacity_bytes / all[i].weight_slots;
      const int64_t a_slot = c.hw.activation_buffer.capacity_bytes / all[i].activation_slots;
      for (const WeightLoad& l : plan.weight_loads()) ASSERT_LE(l.bytes, w_slot) << describe(c) << to_string(all[i]);
      for (const ActivationLoad& l : plan.activation_loads())
        ASSERT_LE(l.bytes, a_slot) << describe(c) << to_string(all[i]);
      if (!all[i].spill_partials && plan.k_tiles() > plan.mapping().k_block_tiles) {
        const int64_t o_slot = c.hw.output_buffer.capacity_bytes / (c.hw.output_buffer.double_buffered ? 2 : 1);
        const int64_t block = plan.mapping().m_block * plan.mapping().n_block_tiles * plan.cols() * 8;
        ASSERT_LE(std::max<int64_t>(1, max_live_outputs(plan)) * block, o_slot) << describe(c) << to_string(all[i]);
      }
    }
  }
  std::printf("%lld plans checked\n", static_cast<long long>(plans));
  EXPECT_GT(plans, 200);
}

TEST(MapperProperties, NeverSlowerThanTheOldTwoOrderController) {
  const uint32_t seed = 7;
  std::printf("seed %u\n", seed);
  std::mt19937 rng(seed);
  int compared = 0;
  for (int trial = 0; trial < 40; ++trial) {
    const Case c = random_case(rng);
    const PeTraits traits = traits_of(c);
    const TileGeometry g = TileGeometry::of(c.hw, traits, c.m, c.n, c.k);
    Mapper mapper(c.hw, default_energy_table());
    const MappingChoice choice = mapper.choose(traits, g);
    for (const Mapping& old : legacy_mappings(c.hw, g)) {
      const int64_t old_cycles = mapper.evaluate(traits, g, old).first;
      EXPECT_LE(choice.cycles, old_cycles) << describe(c) << " chose " << to_string(choice.mapping);
      ++compared;
    }
  }
  EXPECT_GT(compared, 20);
}

TEST(MapperProperties, ValuesAreBitExactUnderRandomMappings) {
  const uint32_t seed = 99;
  std::printf("seed %u\n", seed);
  std::mt19937 rng(seed);
  const struct { const char* pe; const char* recipe; } integer_pes[] = {{"mixpe", "w4a8-g64"}, {"int8-mac", "w8a8"}};
  for (int trial = 0; trial < 6; ++trial) {
    for (const auto& p : integer_pes) {
      Case c = random_case(rng);
      c.pe = p.pe;
      c.recipe = p.recipe;
      const MatrixF32 x = testing::outlier_matrix(c.m, c.k, 1.0f, seed + trial);
      const MatrixF32 w = testing::outlier_matrix(c.n, c.k, 0.05f, seed + 100 + trial);
      const QuantizedOperands ops = quantize_operands(parse_recipe(c.recipe), x, w);
      const MatrixF32 golden = golden_gemm(ops);
      const TileGeometry g = TileGeometry::of(c.hw, traits_of(c), c.m, c.n, c.k);
      const std::vector<Mapping> all = enumerate_mappings(c.hw, g);
      ASSERT_FALSE(all.empty()) << describe(c);
      for (int pick = 0; pick < 3; ++pick) {
        const Mapping& map = all[rng() % all.size()];
        GemmJob job = job_of(c, map);
        job.operands = &ops;
        const GemmSimResult r = simulate_gemm(c.hw, default_energy_table(), job, SimMode::Cycle);
        ASSERT_TRUE(r.values.has_value());
        EXPECT_EQ(0, std::memcmp(r.values->storage().data(), golden.storage().data(), golden.size() * sizeof(float)))
            << describe(c) << " " << to_string(map);
      }
    }
  }
}

TEST(MapperProperties, FloatValuesDoNotDependOnTheMapping) {
  // fp16-mac accumulates in FP32 in K order for every output under every mapping, so Y is the
  // same bytes whatever the schedule (the tolerance check against FP64 is pe_values_test's).
  const uint32_t seed = 5;
  std::printf("seed %u\n", seed);
  std::mt19937 rng(seed);
  for (int trial = 0; trial < 4; ++trial) {
    Case c = random_case(rng);
    c.pe = "fp16-mac";
    c.recipe = "fp16";
    const MatrixF32 x = testing::outlier_matrix(c.m, c.k, 1.0f, seed + trial);
    const MatrixF32 w = testing::outlier_matrix(c.n, c.k, 0.05f, seed + 50 + trial);
    const TileGeometry g = TileGeometry::of(c.hw, traits_of(c), c.m, c.n, c.k);
    const std::vector<Mapping> all = enumerate_mappings(c.hw, g);
    std::optional<MatrixF32> first;
    for (int pick = 0; pick < 3; ++pick) {
      GemmJob job = job_of(c, all[rng() % all.size()]);
      job.x_fp = &x;
      job.w_fp = &w;
      const GemmSimResult r = simulate_gemm(c.hw, default_energy_table(), job, SimMode::Cycle);
      ASSERT_TRUE(r.values.has_value());
      if (!first) first = *r.values;
      else EXPECT_EQ(0, std::memcmp(r.values->storage().data(), first->storage().data(), first->size() * sizeof(float)))
          << describe(c) << " " << to_string(*job.mapping);
    }
  }
}

// Fast mode times writes lazily (a write-back produced after a later read was issued queues
// behind it), so mappings that spill partial sums to DRAM, whose many writes interleave with
// reads, are held to 5 % (measured up to 3.8 % over 300 seeded cases); every other mapping,
// and every mapping the mapper chose, to 1 % (docs/SIMULATOR.md, "Fast mode").
TEST(MapperProperties, FastModeWithinOnePercentOfCycleModeUnderRandomMappings) {
  const uint32_t seed = 31;
  std::printf("seed %u\n", seed);
  std::mt19937 rng(seed);
  int spilled = 0;
  for (int trial = 0; trial < 40; ++trial) {
    const Case c = random_case(rng);
    const TileGeometry g = TileGeometry::of(c.hw, traits_of(c), c.m, c.n, c.k);
    const std::vector<Mapping> all = enumerate_mappings(c.hw, g);
    Mapper mapper(c.hw, default_energy_table());
    for (const Mapping& map : {all[rng() % all.size()], mapper.choose(traits_of(c), g).mapping}) {
      const GemmSimResult cyc = simulate_gemm(c.hw, default_energy_table(), job_of(c, map), SimMode::Cycle);
      const GemmSimResult fast = simulate_gemm(c.hw, default_energy_table(), job_of(c, map), SimMode::Fast);
      const double rel = std::abs(static_cast<double>(fast.cycles - cyc.cycles)) / static_cast<double>(cyc.cycles);
      spilled += map.spill_partials;
      EXPECT_LE(rel, map.spill_partials ? 0.05 : 0.01)
          << describe(c) << " " << to_string(map) << " cycle " << cyc.cycles << " fast " << fast.cycles;
      EXPECT_EQ(fast.counters.at("dram.read_bytes"), cyc.counters.at("dram.read_bytes")) << describe(c);
      EXPECT_EQ(fast.counters.at("dram.write_bytes"), cyc.counters.at("dram.write_bytes")) << describe(c);
    }
  }
  std::printf("%d of 80 mappings spilled partials\n", spilled);
}

TEST(MapperSearch, HeuristicWithinTwoPercentOfExhaustiveSearch) {
  // Exhaustive: every legal mapping timed by the fast model.
  const uint32_t seed = 11;
  std::printf("seed %u\n", seed);
  std::mt19937 rng(seed);
  double gap_sum = 0.0;
  for (int trial = 0; trial < 12; ++trial) {
    const Case c = random_case(rng);
    const PeTraits traits = traits_of(c);
    const TileGeometry g = TileGeometry::of(c.hw, traits, c.m, c.n, c.k);
    Mapper mapper(c.hw, default_energy_table());
    int64_t best = INT64_MAX;
    int bound_violations = 0;
    for (const Mapping& m : enumerate_mappings(c.hw, g)) {
      const int64_t cycles = mapper.evaluate(traits, g, m).first;
      best = std::min(best, cycles);
      // The search skips mappings by this bound, so it must never exceed the fast model's time.
      bound_violations += mapper.estimate(g, m).lower_bound_cycles > cycles;
    }
    EXPECT_EQ(bound_violations, 0) << describe(c);
    const int64_t chosen = mapper.choose(traits, g).cycles;
    std::printf("%s: chosen %lld, exhaustive best %lld\n", describe(c).c_str(), static_cast<long long>(chosen),
                static_cast<long long>(best));
    EXPECT_LE(static_cast<double>(chosen), 1.02 * static_cast<double>(best)) << describe(c);
    gap_sum += static_cast<double>(chosen) / static_cast<double>(best) - 1.0;
  }
  // Each within 2%, and on average within 1% (the estimate ranks near-ties by energy and only
  // exact_candidates are timed, so the cycle-optimal mapping is not always among the finalists).
  std::printf("mean gap %.3f%%\n", 100.0 * gap_sum / 12);
  EXPECT_LE(gap_sum / 12, 0.01);
}

TEST(MapperSearch, SpilledPartialsAreCountedAndKeepValuesExact) {
  // M=16, N=32, K=512 on a 4x8 WS array, mixpe w4a8-g64 (tile_k 4, 128 K-tiles): order K,N,M
  // with 16-K-tile blocks (one group) and one N-tile per block leaves every Y block unfinished
  // while the others run. Spilled: each of the 7 K-block boundaries writes and reads back
  // 4 bytes per output.
  Case c;
  c.hw = testing::small_hardware(4, 8);
  c.pe = "mixpe";
  c.recipe = "w4a8-g64";
  c.m = 16;
  c.n = 32;
  c.k = 512;
  Mapping map = parse_mapping("order=KNM m=16 n=1 k=16 x=block w=block partials=dram slots=2/2");
  const int64_t spill = 7 * c.m * c.n * 4;
  const MatrixF32 x = testing::outlier_matrix(c.m, c.k, 1.0f, 3);
  const MatrixF32 w = testing::outlier_matrix(c.n, c.k, 0.05f, 4);
  const QuantizedOperands ops = quantize_operands(parse_recipe(c.recipe), x, w);
  GemmJob job = job_of(c, map);
  job.operands = &ops;
  for (SimMode mode : {SimMode::Cycle, SimMode::Fast}) {
    job.operands = mode == SimMode::Cycle ? &ops : nullptr;
    const GemmSimResult r = simulate_gemm(c.hw, default_energy_table(), job, mode);
    EXPECT_EQ(r.counters.at("partial_spill.write_bytes"), spill);
    EXPECT_EQ(r.counters.at("partial_spill.read_bytes"), spill);
    EXPECT_EQ(r.counters.at("dram.write_bytes"), c.m * c.n * 2 + spill);
    if (mode == SimMode::Cycle) {
      const MatrixF32 golden = golden_gemm(ops);
      EXPECT_EQ(0, std::memcmp(r.values->storage().data(), golden.storage().data(), golden.size() * sizeof(float)));
    }
  }
  // The same order with partials on chip needs 4 live 16x8 blocks of 8-byte accumulators.
  map.spill_partials = false;
  const TileGeometry g = TileGeometry::of(c.hw, traits_of(c), c.m, c.n, c.k);
  EXPECT_EQ(mapping_footprint(c.hw, g, map).output_bytes, 4 * 16 * 8 * 8);
}

TEST(MapperSearch, EachObjectiveWinsItsOwnMetric) {
  const uint32_t seed = 17;
  std::printf("seed %u\n", seed);
  std::mt19937 rng(seed);
  for (int trial = 0; trial < 10; ++trial) {
    const Case c = random_case(rng);
    const PeTraits traits = traits_of(c);
    const TileGeometry g = TileGeometry::of(c.hw, traits, c.m, c.n, c.k);
    MapperConfig energy_config;
    energy_config.objective = MapperObjective::Energy;
    energy_config.exact_candidates = 1000000;  // exhaustive, so the comparison is exact
    MapperConfig latency_config = energy_config;
    latency_config.objective = MapperObjective::Latency;
    Mapper by_energy(c.hw, default_energy_table(), energy_config), by_latency(c.hw, default_energy_table(), latency_config);
    const MappingChoice e = by_energy.choose(traits, g), l = by_latency.choose(traits, g);
    EXPECT_LE(e.energy_pj, l.energy_pj * (1 + 1e-12)) << describe(c);
    EXPECT_LE(l.cycles, e.cycles) << describe(c);
  }
}

TEST(MapperErrors, BadPinsNameTheProblem) {
  EXPECT_THROW(parse_mapping("order=MMK"), std::invalid_argument);
  EXPECT_THROW(parse_mapping("m=0"), std::invalid_argument);
  EXPECT_THROW(parse_mapping("bogus=1"), std::invalid_argument);
  EXPECT_THROW(parse_mapper_objective("speed"), std::invalid_argument);
  try {
    parse_mapper_objective("speed");
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("latency, energy, edp"), std::string::npos) << e.what();
  }
  const HardwareConfig hw = testing::small_hardware(16, 16);
  const PeTraits traits = find_pe_type("mixpe").traits("w4a8-g128", 1024);
  const TileGeometry g = TileGeometry::of(hw, traits, 64, 256, 1024);
  // tile_k 16 and G = 128: a K-block of 3 K-tiles (48 elements) breaks group alignment.
  const auto misaligned = mapping_error(hw, g, parse_mapping("k=3"));
  ASSERT_TRUE(misaligned.has_value());
  EXPECT_NE(misaligned->find("group size 128"), std::string::npos) << *misaligned;
  // All of K and all N-tiles of INT4 weights: 1024 * 256 / 2 = 128 KiB > one 8 KiB slot.
  const auto overflow = mapping_error(hw, g, parse_mapping("n=16 k=64"));
  ASSERT_TRUE(overflow.has_value());
  EXPECT_NE(overflow->find("hardware.buffers.weight"), std::string::npos) << *overflow;
  EXPECT_NE(overflow->find("131072"), std::string::npos) << *overflow;
  MapperConfig config;
  config.pins["down_proj"] = parse_mapping("n=16 k=64");
  Mapper mapper(hw, default_energy_table(), config);
  try {
    mapper.choose(traits, g, "layer0.down_proj");
    ADD_FAILURE() << "an oversized pin must throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("mapper.pin.down_proj"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mixsim::sim
