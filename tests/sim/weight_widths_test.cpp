// Per-tile weight bytes from per-(row, group) widths (TileGeometry::use_group_bits): slim-mixed's
// 2/3/4-bit groups are charged their real bytes, tile by tile, in the plan's loads, DRAM
// addresses and buffer footprint, and in both simulation modes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>
#include <vector>

#include "models/recipe.hpp"
#include "sim/mapping/tile_plan.hpp"
#include "sim/pe/pe_registry.hpp"
#include "sim/run/simulator.hpp"
#include "tests/sim/sim_test_data.hpp"

namespace mixsim::sim {
namespace {

TileGeometry geometry(Dataflow d, int rows, int cols, int64_t m, int64_t n, int64_t k, const char* recipe) {
  HardwareConfig hw = testing::small_hardware(rows, cols);
  hw.array.dataflow = d;
  return TileGeometry::of(hw, find_pe_type("slim-mixed").traits(recipe, k), m, n, k);
}

TEST(WeightWidths, UniformThreeBitsChargeWhatTheFlatWidthCharges) {
  for (const Dataflow d : {Dataflow::WeightStationary, Dataflow::OutputStationary}) {
    const TileGeometry flat = geometry(d, 8, 8, 5, 21, 256, "slim-w3a8-g64");  // ragged last N-tile
    TileGeometry real = flat;
    real.use_group_bits(std::vector<int8_t>(21 * 4, 3));
    ASSERT_FALSE(real.uniform_tiles());
    for (int64_t nt = 0; nt < flat.n_tiles; ++nt) {
      for (int64_t kt = 0; kt < flat.k_tiles; ++kt)
        EXPECT_EQ(real.tile_bytes_at(nt, kt), flat.tile_bytes(flat.kt_of(kt), flat.ct_of(nt))) << nt << " " << kt;
      EXPECT_EQ(real.k_range_bytes(nt, 1, flat.k_tiles - 1), flat.k_range_bytes(nt, 1, flat.k_tiles - 1));
      EXPECT_EQ(real.strips_bytes_before(nt), flat.strips_bytes_before(nt));
    }
  }
}

TEST(WeightWidths, TilesChargeTheirColumnsWidths) {
  // 8 x 4 array, N = 6 (N-tiles of 4 and 2 columns), K = 64, G = 32 (2 groups).
  // Widths of rows 0..5: group 0 {2,3,4,3, 4,4}, group 1 {2,2,2,2, 3,2}.
  const std::vector<int8_t> bits = {2, 2, 3, 2, 4, 2, 3, 2, 4, 3, 4, 2};
  TileGeometry ws = geometry(Dataflow::WeightStationary, 8, 4, 1, 6, 64, "slim-w3a8-g32");
  ws.use_group_bits(bits);
  ASSERT_EQ(ws.tile_k, 8);  // 4 K-tiles per group
  EXPECT_EQ(ws.tile_bytes_at(0, 0), 8 * 12 / 8);       // 2+3+4+3 bits per K-row, 8 rows: 12 bytes
  EXPECT_EQ(ws.tile_bytes_at(0, 4), 8 * 8 / 8);        // group 1: 2+2+2+2
  EXPECT_EQ(ws.tile_bytes_at(1, 0), 8 * 8 / 8);        // 4+4
  EXPECT_EQ(ws.tile_bytes_at(1, 7), (8 * 5 + 7) / 8);  // 3+2 bits x 8 rows = 40 bits: 5 bytes
  EXPECT_EQ(ws.k_range_bytes(0, 0, 7), 4 * 12 + 4 * 8);
  EXPECT_EQ(ws.strips_bytes_before(1), 80);
  TileGeometry os = geometry(Dataflow::OutputStationary, 8, 4, 1, 6, 64, "slim-w3a8-g32");
  os.use_group_bits(bits);
  ASSERT_EQ(os.tile_k, 32);                       // one group per tile
  EXPECT_EQ(os.tile_bytes_at(0, 0), 32 * 2);      // 12 bits per K-row: 2 bytes each
  EXPECT_EQ(os.tile_bytes_at(0, 1), 32 * 1);      // 8 bits: 1 byte
  EXPECT_EQ(os.tile_bytes_at(1, 1), 32 * 1);      // 5 bits: 1 byte
  EXPECT_THROW(os.use_group_bits(std::vector<int8_t>(11, 3)), std::invalid_argument);
  std::vector<int8_t> bad = bits;
  bad[3] = 9;
  EXPECT_THROW(os.use_group_bits(bad), std::invalid_argument);
}

TEST(WeightWidths, PlanReadsAndPlacesEveryTileAtItsRealBytes) {
  const uint32_t seed = 6101;
  std::printf("seed=%u\n", seed);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> width(2, 4);
  HardwareConfig hw = testing::small_hardware(8, 8);
  const int64_t m = 9, n = 37, k = 512;
  std::vector<int8_t> bits(static_cast<size_t>(n * (k / 32)));
  for (auto& b : bits) b = static_cast<int8_t>(width(rng));
  for (const Dataflow d : {Dataflow::WeightStationary, Dataflow::OutputStationary}) {
    hw.array.dataflow = d;
    TileGeometry g = TileGeometry::of(hw, find_pe_type("slim-mixed").traits("slim-w3a8-g32", k), m, n, k);
    g.use_group_bits(bits);
    int64_t total = 0;
    for (int64_t nt = 0; nt < g.n_tiles; ++nt)
      for (int64_t kt = 0; kt < g.k_tiles; ++kt) total += g.tile_bytes_at(nt, kt);
    Mapping map;  // one M-block, weights streamed once in K-blocks of 4 tiles
    map.m_block = m;
    map.n_block_tiles = 2;
    map.k_block_tiles = 4;
    const TilePlan plan(hw, g, map);
    int64_t w_read = 0;
    for (const DmaRead& r : plan.dma_reads()) {
      if (r.kind != DmaRead::Kind::Weights) continue;
      w_read += plan.read_bytes(r);
    }
    EXPECT_EQ(w_read, total);
    // Weight loads in strip order, K-blocks of a strip contiguous: each starts where the strips
    // before it and the K-tiles before it end.
    for (const WeightLoad& l : plan.weight_loads()) {
      const int64_t nt = l.n_blk * map.n_block_tiles;
      int64_t expect = 0;
      for (int64_t s = 0; s < nt; ++s) expect += g.k_range_bytes(s, 0, g.k_tiles - 1);
      expect += g.k_range_bytes(nt, 0, l.k_tile0 - 1);
      DmaRead r;
      r.kind = DmaRead::Kind::Weights;
      r.index = &l - plan.weight_loads().data();
      EXPECT_EQ(plan.dram_read_address(r), expect);
    }
  }
}

TEST(WeightWidths, SlimGemmIsChargedItsRealWeightBytesInBothModes) {
  const uint32_t seed = 6102;
  std::printf("seed=%u\n", seed);
  const int64_t m = 4, n = 48, k = 512;
  const MatrixF32 x = testing::outlier_matrix(m, k, 1.0f, seed);
  const MatrixF32 w = testing::outlier_matrix(n, k, 0.02f, seed + 1);
  const QuantizedOperands ops = quantize_operands(parse_recipe("slim-w3a8-g64"), x, w);
  ASSERT_TRUE(ops.group_bits.has_value());
  for (const Dataflow d : {Dataflow::WeightStationary, Dataflow::OutputStationary}) {
    HardwareConfig hw = testing::small_hardware(16, 16);
    hw.array.dataflow = d;
    GemmJob job;
    job.name = "slim";
    job.m = m, job.n = n, job.k = k;
    job.pe_type = "slim-mixed";
    job.recipe = "slim-w3a8-g64";
    const GemmSimResult flat = simulate_gemm(hw, default_energy_table(), job, SimMode::Cycle);
    job.operands = &ops;
    const GemmSimResult cycle = simulate_gemm(hw, default_energy_table(), job, SimMode::Cycle);
    const GemmSimResult fast = simulate_gemm(hw, default_energy_table(), job, SimMode::Fast);
    TileGeometry g = TileGeometry::of(hw, find_pe_type("slim-mixed").traits(job.recipe, k), m, n, k);
    g.use_group_bits(*ops.group_bits);
    const TilePlan plan(hw, g, cycle.mapping);
    std::printf("dataflow %d: flat-width cycles %lld, real widths cycle %lld fast %lld, DRAM read %lld vs %lld\n",
                static_cast<int>(d), static_cast<long long>(flat.cycles), static_cast<long long>(cycle.cycles),
                static_cast<long long>(fast.cycles), static_cast<long long>(cycle.counters.at("dram.read_bytes")),
                static_cast<long long>(flat.counters.at("dram.read_bytes")));
    EXPECT_EQ(cycle.counters.at("dram.read_bytes"), plan.dram_read_bytes());
    EXPECT_EQ(fast.counters.at("dram.read_bytes"), plan.dram_read_bytes());
    EXPECT_LE(std::abs(static_cast<double>(fast.cycles - cycle.cycles)) / cycle.cycles, 0.01);
    // Eight groups per row, two of 4 bits and two of 2: the rows average 3 bits, so the whole
    // matrix has the flat width's bits; the tiles do not (output-stationary rounds each K-row
    // of a tile up to bytes, so it may read more).
    int64_t w_real = 0;
    for (int64_t nt = 0; nt < g.n_tiles; ++nt) w_real += g.k_range_bytes(nt, 0, g.k_tiles - 1);
    if (d == Dataflow::WeightStationary)
      EXPECT_EQ(w_real, n * k * 3 / 8);
    else
      EXPECT_GE(w_real, n * k * 3 / 8);
    bool some_tile_differs = false;
    for (int64_t nt = 0; nt < g.n_tiles; ++nt)
      for (int64_t kt = 0; kt < g.k_tiles; ++kt)
        some_tile_differs |= g.tile_bytes_at(nt, kt) != g.tile_bytes(g.kt_of(kt), g.ct_of(nt));
    EXPECT_TRUE(some_tile_differs);
  }
}

}  // namespace
}  // namespace mixsim::sim
