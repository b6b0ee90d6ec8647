// DRAM traffic of the controller's loop order (docs/SIMULATOR.md, "Loop order and DRAM
// traffic"): per GEMM the schedule with fewer DRAM read bytes, ActivationResident
// (X + m_chunks x W) or WeightResident (W + n_blocks x X), and both modes count the same bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sim/pe/pe_registry.hpp"
#include "sim/run/simulator.hpp"
#include "sim/mapping/tile_plan.hpp"
#include "tests/sim/sim_test_data.hpp"

namespace mixsim::sim {
namespace {

GemmJob prefill_job(int64_t m, int64_t n, int64_t k) {
  GemmJob job;
  job.name = "prefill";
  job.m = m;
  job.n = n;
  job.k = k;
  job.pe_type = "mixpe";
  job.recipe = "w4a8-g128";
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
  const TilePlan plan(hw, traits, M, N, K);
  EXPECT_EQ(plan.loop_order(), LoopOrder::WeightResident);
  EXPECT_EQ(plan.m_chunks(), chunks);
  EXPECT_EQ(plan.n_tiles_per_block(), 16);
  EXPECT_EQ(plan.dram_read_bytes(), expected_reads);
  for (SimMode mode : {SimMode::Cycle, SimMode::Fast}) {
    const GemmSimResult r = simulate_gemm(hw, default_energy_table(), prefill_job(M, N, K), mode);
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
  const TilePlan tie(hw, traits, M, N, K);
  EXPECT_EQ(tie.loop_order(), LoopOrder::ActivationResident);
  EXPECT_EQ(tie.dram_read_bytes(), x + 16 * w);
  hw.weight_buffer.capacity_bytes = 64 * 1024;
  const TilePlan blocked(hw, traits, M, N, K);
  EXPECT_EQ(blocked.loop_order(), LoopOrder::WeightResident);
  EXPECT_EQ(blocked.n_tiles_per_block(), 16);
  EXPECT_EQ(blocked.dram_read_bytes(), w + 4 * x);
  const GemmSimResult cyc = simulate_gemm(hw, default_energy_table(), prefill_job(M, N, K), SimMode::Cycle);
  const GemmSimResult fast = simulate_gemm(hw, default_energy_table(), prefill_job(M, N, K), SimMode::Fast);
  EXPECT_EQ(cyc.counters.at("dram.read_bytes"), w + 4 * x);
  EXPECT_EQ(fast.counters.at("dram.read_bytes"), w + 4 * x);
  const double rel = std::abs(static_cast<double>(fast.cycles - cyc.cycles)) / static_cast<double>(cyc.cycles);
  std::printf("cycle %lld fast %lld (%.4f%%)\n", static_cast<long long>(cyc.cycles),
              static_cast<long long>(fast.cycles), 100 * rel);
  EXPECT_LE(rel, 0.01);
}

TEST(LoopOrder, DecodeKeepsActivationResident) {
  // One M-chunk: X + W is already compulsory.
  const HardwareConfig hw = prefill_hardware();
  const PeTraits traits = find_pe_type("mixpe").traits("w4a8-g128", 256);
  const TilePlan plan(hw, traits, 1, 256, 256);
  EXPECT_EQ(plan.loop_order(), LoopOrder::ActivationResident);
  EXPECT_EQ(plan.dram_read_bytes(), 256 + 256 * 256 / 2);
}

}  // namespace
}  // namespace mixsim::sim
