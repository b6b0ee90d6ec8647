#pragma once
// TilePlan: one M x N x K GEMM cut into array tiles under a Mapping (sim/mapping/mapping.hpp),
// in the order both simulation modes execute them, with the DMA reads that feed them. Pure
// arithmetic on the configuration; the cycle model (SystemC) and the fast model share it, so
// they run the same schedule.
//
// Tile shape (fixed by the array and the PE, not by the mapping):
//  - Weight-stationary (rows along K): tile_k = R for per-output PEs, else the largest divisor
//    of the group size G that is <= R (a K-tile never straddles a group). A tile loads tile_k x C
//    weights into the array and streams every row of its M-block through it.
//  - Output-stationary (rows along M): tile_k = G for group PEs (one group per tile), else up
//    to 256 K-steps; M-tiles of R rows; the R x C partial sums drain into the GroupDequantUnit.
// Steps: the Mapping's three block loops, with each N-block expanded into its N-tiles; a step is
// one (M-block, N-tile, K-block) and runs, for each M-tile, the K-tiles of its K-block.
// DMA reads: an operand block is read when a step first needs it; the reads are issued in the
// order their buffer slot becomes free (the step that last used the slot's previous block),
// ties in the order they are needed, so a double-buffered operand is prefetched one block ahead.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/config/hardware_config.hpp"
#include "sim/mapping/mapping.hpp"
#include "sim/pe/pe_type.hpp"

namespace mixsim::sim {

// Geometry of a GEMM's tiles on an array (mapping-independent).
struct TileGeometry {
  Dataflow dataflow = Dataflow::WeightStationary;
  int rows = 0, cols = 0;
  int64_t m = 0, n = 0, k = 0;
  int64_t tile_k = 0, group = 0;
  int64_t k_tiles = 0, n_tiles = 0;
  int weight_bits = 4, activation_bytes = 1, output_bytes = 2;
  int dequant_latency = 0;
  // Bytes of the K-tiles of each N-tile before K-tile kt, row-major n_tiles x (k_tiles + 1),
  // when a tile's bytes depend on the weights (slim-mixed: 2, 3 or 4 bits per (row, group);
  // use_group_bits); null when every tile is tile_bytes(kt, ct) (weight_bits per weight).
  std::shared_ptr<const std::vector<int64_t>> weight_prefix;
  // Throws std::invalid_argument naming the key for an impossible array, GEMM or group.
  static TileGeometry of(const HardwareConfig& hw, const PeTraits& pe, int64_t m, int64_t n, int64_t k);
  // Charges each tile the bytes of its real widths: bits[n * (k / group) + g] of weight row n in
  // group g (2..8). A K-row of a tile holds its ct columns' codes back to back, column c at bit
  // offset sum of the widths of columns before it; weight-stationary packs the kt K-rows of a
  // tile back to back (rounded once), output-stationary rounds each K-row to bytes. Throws
  // std::invalid_argument on a size mismatch, a width outside 1..8 or a tile straddling groups.
  void use_group_bits(const std::vector<int8_t>& bits);
  bool uniform_tiles() const { return weight_prefix == nullptr; }
  bool output_stationary() const { return dataflow == Dataflow::OutputStationary; }
  int64_t kt_of(int64_t k_tile) const { return std::min(tile_k, k - k_tile * tile_k); }
  int64_t ct_of(int64_t n_tile) const { return std::min<int64_t>(cols, n - n_tile * cols); }
  // Packed weight bytes of a kt x ct tile at weight_bits per weight. Output-stationary streams
  // it as kt K-rows of ct weights, each read whole (os_weight_step_bytes in
  // sim/array/tile_costs.hpp), so each K-row is rounded to bytes; weight-stationary loads the
  // tile at once, rounded once. With use_group_bits, the average tile (tile_bytes_at is exact).
  int64_t tile_bytes(int64_t kt, int64_t ct) const {
    return output_stationary() ? kt * ((ct * weight_bits + 7) / 8) : (kt * ct * weight_bits + 7) / 8;
  }
  // Packed bytes of the tile (n_tile, k_tile).
  int64_t tile_bytes_at(int64_t n_tile, int64_t k_tile) const {
    return k_range_bytes(n_tile, k_tile, k_tile);
  }
  // Packed bytes of K-tiles [k_first, k_last] of one N-tile (each tile rounded to bytes).
  int64_t k_range_bytes(int64_t n_tile, int64_t k_first, int64_t k_last) const;
  // Packed bytes of the whole strips (all K-tiles) of N-tiles [0, n_tile).
  int64_t strips_bytes_before(int64_t n_tile) const;
};

// Buffer needs of a mapping, checked against the configured capacities.
struct MappingFootprint {
  int64_t weight_block_bytes = 0, activation_block_bytes = 0, output_bytes = 0;
  int64_t weight_slot_bytes = 0, activation_slot_bytes = 0, output_slot_bytes = 0;
  int64_t live_output_blocks = 1;  // unfinished Y blocks held at once (partials on chip)
};

struct TileRef {
  int64_t m_blk = 0, n_tile = 0, k_tile = 0, m_tile = 0;
  int64_t x_load = 0, w_load = 0;  // the activation / weight DMA loads it reads from
  int64_t m0 = 0, mt = 0;          // rows of X (M) streamed through the tile
  int64_t n0 = 0, ct = 0;          // output columns (N) on the array's columns
  int64_t k0 = 0, kt = 0;          // reduction rows (K)
  bool group_end = false;          // last K-tile of a dequant group: GroupDequantUnit step
  bool block_end = false;          // last K-tile of K for these outputs: Y rows complete
  bool step_end = false;           // last K-tile of its step (spill point)
};

struct PlanStep {
  int64_t m_blk = 0, n_tile = 0, k_blk = 0;
  int64_t x_load = 0, w_load = 0;
  int64_t w_offset = 0;             // bytes of its W load before its first tile
  int64_t partial_read = -1;        // index into partial_reads(), or -1
  bool releases_x = false, releases_w = false;  // last step using its loads
  bool final_k = false;             // last K-block: Y written to DRAM after it
  bool spills = false;              // partials written to DRAM after it (not final)
};

struct ActivationLoad { int64_t m_blk = 0, k_tile0 = 0, k_tiles = 0, bytes = 0; };
struct WeightLoad { int64_t n_blk = 0, k_tile0 = 0, k_tiles = 0, bytes = 0; };
struct PartialRead { int64_t step = 0, spill_step = 0, bytes = 0; };

// One DMA read in issue order; `after_step` is the step whose completion frees its slot (-1:
// free from the start).
struct DmaRead {
  enum class Kind { Activations, Weights, Partials } kind = Kind::Weights;
  int64_t index = 0;
  int64_t after_step = -1;
};

// Reason a mapping cannot run (nullopt: it can). Names the buffer/key, the need and the limit.
std::optional<std::string> mapping_error(const HardwareConfig& hw, const TileGeometry& g, const Mapping& map);
MappingFootprint mapping_footprint(const HardwareConfig& hw, const TileGeometry& g, const Mapping& map);

class TilePlan {
 public:
  // Throws std::invalid_argument (mapping_error's text) when the mapping cannot run.
  TilePlan(const HardwareConfig& hw, const TileGeometry& geometry, const Mapping& mapping);

  const TileGeometry& geometry() const { return g_; }
  const Mapping& mapping() const { return map_; }
  bool output_stationary() const { return g_.output_stationary(); }
  int rows() const { return g_.rows; }
  int cols() const { return g_.cols; }
  int64_t m() const { return g_.m; }
  int64_t n() const { return g_.n; }
  int64_t k() const { return g_.k; }
  int64_t tile_k() const { return g_.tile_k; }
  int64_t group() const { return g_.group; }
  int64_t k_tiles() const { return g_.k_tiles; }
  int64_t n_tiles() const { return g_.n_tiles; }
  int weight_bits() const { return g_.weight_bits; }
  int64_t activation_bytes() const { return g_.activation_bytes; }
  int weight_slots() const { return map_.weight_slots; }
  int activation_slots() const { return map_.activation_slots; }

  const std::vector<PlanStep>& steps() const { return steps_; }
  const std::vector<DmaRead>& dma_reads() const { return reads_; }
  const std::vector<ActivationLoad>& activation_loads() const { return x_loads_; }
  const std::vector<WeightLoad>& weight_loads() const { return w_loads_; }
  const std::vector<PartialRead>& partial_reads() const { return partial_reads_; }
  int64_t read_bytes(const DmaRead& r) const;
  // DRAM byte addresses (what the bank-level DRAM model maps to channels, banks and rows).
  // Layout: W at 0, strip by strip (an N-tile's K-tiles contiguous, in the packed tile format a
  // compiler lays out offline); X at 1 GiB, row-major M x K; Y at 2 GiB, row-major M x N;
  // spilled partials at 3 GiB, row-major M x N of 4 bytes. A request starts at its first byte.
  int64_t dram_read_address(const DmaRead& r) const;
  int64_t dram_output_address(const TileRef& t) const { return kDramYBase + (t.m0 * g_.n + t.n0) * g_.output_bytes; }
  int64_t dram_partial_address(const TileRef& t) const { return kDramPartialBase + (t.m0 * g_.n + t.n0) * kPartialBytes; }
  static constexpr int64_t kDramXBase = int64_t{1} << 30, kDramYBase = int64_t{2} << 30,
                           kDramPartialBase = int64_t{3} << 30;
  int64_t dram_read_bytes() const { return dram_read_bytes_; }
  int64_t dram_write_bytes() const { return dram_write_bytes_; }

  int64_t m_block_rows(int64_t m_blk) const { return std::min(map_.m_block, g_.m - m_blk * map_.m_block); }
  int64_t m_tiles(int64_t m_blk) const;  // M-tiles of a block (1 when weight-stationary)
  int64_t step_first_k(const PlanStep& s) const { return s.k_blk * map_.k_block_tiles; }
  int64_t step_last_k(const PlanStep& s) const {
    return std::min(g_.k_tiles, (s.k_blk + 1) * map_.k_block_tiles) - 1;
  }
  TileRef tile_at(const PlanStep& s, int64_t k_tile, int64_t m_tile) const;

  int64_t tile_weight_bytes(const TileRef& t) const { return g_.tile_bytes_at(t.n_tile, t.k_tile); }
  int64_t activation_row_bytes(const TileRef& t) const { return t.kt * g_.activation_bytes; }
  int64_t output_bytes(const TileRef& t) const { return t.mt * t.ct * g_.output_bytes; }
  static constexpr int64_t kPartialBytes = 4;  // INT32 / FP32 partial sum spilled to DRAM
  int64_t partial_bytes(const TileRef& t) const { return t.mt * t.ct * kPartialBytes; }
  // K-tiles per dequant group when tile_k divides the group (0 when only the last K-tile ends
  // the single group of a K that tile_k does not divide).
  int64_t tiles_per_group() const { return g_.group % g_.tile_k == 0 ? g_.group / g_.tile_k : 0; }
  // Byte address of row m_local of the load at K index k in the activation buffer.
  // Weight-stationary: the block row-major (a row of kt elements is contiguous). Output-
  // stationary: K-major, so one K-step of R rows is contiguous.
  int64_t activation_address(int64_t x_load, int64_t m_local, int64_t k) const;
  int64_t weight_address(int64_t w_load, int64_t byte_offset) const {
    return (w_load % map_.weight_slots) * fp_.weight_slot_bytes + byte_offset;
  }

  // Cycle cost of the fixed parts of a tile's pipeline (docs/SIMULATOR.md): skew/fill + drain
  // through the full array, plus the accumulator write.
  // Weight-stationary: R + C - 1. Output-stationary: (R - 1) + (C - 1) for the last K-step to
  // reach PE (R-1, C-1), + R to drain the column's partial sums, + 1 accumulator add.
  int64_t pipeline_latency() const {
    return output_stationary() ? 2 * int64_t{g_.rows} + g_.cols - 1 : int64_t{g_.rows} + g_.cols - 1;
  }
  int group_dequant_latency() const { return g_.dequant_latency; }

 private:
  void build_steps();
  void order_reads();

  TileGeometry g_;
  Mapping map_;
  MappingFootprint fp_;
  int64_t m_blocks_ = 0, n_blocks_ = 0, k_blocks_ = 0;
  std::vector<PlanStep> steps_;
  std::vector<ActivationLoad> x_loads_;
  std::vector<WeightLoad> w_loads_;
  std::vector<PartialRead> partial_reads_;
  std::vector<DmaRead> reads_;
  int64_t dram_read_bytes_ = 0, dram_write_bytes_ = 0;
};

}  // namespace mixsim::sim
