// DRAM traffic of loop orders (docs/SIMULATOR.md, "Mapping"): the old controller's two orders,
// now expressed as mappings (legacy_mappings): activation-resident (X + m_chunks x W) and
// weight-resident (W + n_blocks x X); both modes count the same bytes, and the mapper never
// reads more than the better of the two.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "sim/pe/pe_registry.hpp"
#include "sim/run/simulator.hpp"
#include "sim/mapping/mapper.hpp"
#include "sim/mapping/tile_plan.hpp"
#include "tests/sim/sim_test_data.hpp"

namespace mixsim::sim {
namespace {

GemmJob prefill_job(int64_t m, int64_t n, int64_t k, std::optional<Mapping> mapping = std::nullopt) {
  GemmJob job;
  job.name = "prefill";
  job.m = m;
  job.n = n;
  job.k = k;
  job.pe_type = "mixpe";
  job.recipe = "w4a8-g128";
  job.mapping = mapping;
  return job;
}

// 16x16 array, 64 KiB weight buffer (32 KiB slots), 16 KiB activation buffer (8 KiB slots).
HardwareConfig prefill_hardware() {
  HardwareConfig hw = testing::small_hardware(16, 16);
  hw.weight_buffer.capacity_bytes = 64 * 1024;
  hw.output_buffer.capacity_bytes = 64 * 1024;
  return hw;
}

TEST(LoopOrder, PrefillReadsWeightsOnceWhenAWeightBlockFits) {
  // M=512, N=256, K=256, INT4 weights, INT8 activations.
  //   X = 512*256 = 131072 B; W = 256*256/2 = 32768 B; Y = 512*256*2 = 262144 B.
  //   M-chunk: 8192 B slot / 256 B per row = 32 rows -> 16 chunks.
  //   N-tile strip (all K, 16 columns) = 256*16/2 = 2048 B; 32768 / 2048 = 16 N-tiles per
  //   block -> all 16 N-tiles in 1 block.
  //   ActivationResident: X + 16 * W = 655360; WeightResident: W + 1 * X = 163840 (chosen).
  const int64_t M = 512, N = 256, K = 256;
  const int64_t x = M * K, w = K * N / 2, y = M * N * 2;
  const int64_t chunks = (M + 31) / 32, blocks = 1;
  const int64_t expected_reads = std::min(x + chunks * w, w + blocks * x);
  const HardwareConfig hw = prefill_hardware();
  const PeTraits traits = find_pe_type("mixpe").traits("w4a8-g128", K);
  const TileGeometry g = TileGeometry::of(hw, traits, M, N, K);
  const std::vector<Mapping> legacy = legacy_mappings(hw, g);
  ASSERT_EQ(legacy.size(), 2u);
  const TilePlan ar(hw, g, legacy[0]), wr(hw, g, legacy[1]);
  EXPECT_EQ(legacy[0].m_block, 32);
  EXPECT_EQ(legacy[1].n_block_tiles, 16);
  EXPECT_EQ(ar.dram_read_bytes(), x + chunks * w);
  EXPECT_EQ(wr.dram_read_bytes(), w + blocks * x);
  for (SimMode mode : {SimMode::Cycle, SimMode::Fast}) {
    const GemmSimResult r = simulate_gemm(hw, default_energy_table(), prefill_job(M, N, K, legacy[1]), mode);
    const int64_t reads = r.counters.at("dram.read_bytes"), writes = r.counters.at("dram.write_bytes");
    std::printf("mode=%s reads=%lld writes=%lld cycles=%lld\n", mode == SimMode::Cycle ? "cycle" : "fast",
                static_cast<long long>(reads), static_cast<long long>(writes),
                static_cast<long long>(r.cycles));
    EXPECT_EQ(reads, expected_reads);
    EXPECT_EQ(writes, y);
    EXPECT_LE(static_cast<double>(reads + writes), 1.5 * static_cast<double>(x + w + y));
  }
}

TEST(LoopOrder, WeightBlocksReReadActivationsPerBlock) {
  // Same GEMM with N=1024 and a 16 KiB weight buffer (8 KiB slots): 4 N-tiles per block,
  // 64 N-tiles -> 16 blocks. WeightResident: W + 16 * X = 131072 + 16 * 131072;
  // ActivationResident: X + 16 chunks * W = 131072 + 16 * 131072: a tie keeps
  // ActivationResident. With 32 KiB weight slots the blocks hold 16 N-tiles (4 blocks).
  const int64_t M = 512, N = 1024, K = 256;
  const int64_t x = M * K, w = K * N / 2;
  HardwareConfig hw = prefill_hardware();
  const PeTraits traits = find_pe_type("mixpe").traits("w4a8-g128", K);
  hw.weight_buffer.capacity_bytes = 16 * 1024;
  const TileGeometry small = TileGeometry::of(hw, traits, M, N, K);
  const std::vector<Mapping> tie = legacy_mappings(hw, small);
  ASSERT_EQ(tie.size(), 2u);
  EXPECT_EQ(TilePlan(hw, small, tie[0]).dram_read_bytes(), x + 16 * w);
  EXPECT_EQ(TilePlan(hw, small, tie[1]).dram_read_bytes(), w + 16 * x);
  EXPECT_EQ(tie[1].n_block_tiles, 4);
  hw.weight_buffer.capacity_bytes = 64 * 1024;
  const TileGeometry g = TileGeometry::of(hw, traits, M, N, K);
  const Mapping blocked = legacy_mappings(hw, g).at(1);
  EXPECT_EQ(blocked.n_block_tiles, 16);
  EXPECT_EQ(TilePlan(hw, g, blocked).dram_read_bytes(), w + 4 * x);
  // The mapper reads no more than the better legacy order.
  Mapper mapper(hw, default_energy_table());
  const Mapping chosen = mapper.choose(traits, g).mapping;
  std::printf("mapper: %s reads %lld\n", to_string(chosen).c_str(),
              static_cast<long long>(TilePlan(hw, g, chosen).dram_read_bytes()));
  EXPECT_LE(TilePlan(hw, g, chosen).dram_read_bytes(), w + 4 * x);
  const GemmSimResult cyc = simulate_gemm(hw, default_energy_table(), prefill_job(M, N, K, blocked), SimMode::Cycle);
  const GemmSimResult fast = simulate_gemm(hw, default_energy_table(), prefill_job(M, N, K, blocked), SimMode::Fast);
  EXPECT_EQ(cyc.counters.at("dram.read_bytes"), w + 4 * x);
  EXPECT_EQ(fast.counters.at("dram.read_bytes"), w + 4 * x);
  const double rel = std::abs(static_cast<double>(fast.cycles - cyc.cycles)) / static_cast<double>(cyc.cycles);
  std::printf("cycle %lld fast %lld (%.4f%%)\n", static_cast<long long>(cyc.cycles),
              static_cast<long long>(fast.cycles), 100 * rel);
  EXPECT_LE(rel, 0.01);
}

TEST(LoopOrder, DecodeReadsEachOperandOnce) {
  // One row of X: the mapper's choice reads X + W, the compulsory traffic.
  const HardwareConfig hw = prefill_hardware();
  const PeTraits traits = find_pe_type("mixpe").traits("w4a8-g128", 256);
  const TileGeometry g = TileGeometry::of(hw, traits, 1, 256, 256);
  Mapper mapper(hw, default_energy_table());
  const TilePlan plan(hw, g, mapper.choose(traits, g).mapping);
  EXPECT_EQ(plan.dram_read_bytes(), 256 + 256 * 256 / 2);
}

}  // namespace
}  // namespace mixsim::sim
