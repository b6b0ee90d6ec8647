#pragma once
// TilePlan: how one M x N x K GEMM is cut into tiles for an R x C array, in the order both
// simulation modes execute them. Pure arithmetic on the configuration; the cycle model
// (SystemC) and the fast model share it, so they run the same schedule.
//
// Loop order (chosen per GEMM, the one with fewer DRAM read bytes; docs/SIMULATOR.md):
//  - ActivationResident: for each M-chunk (rows of X resident in the activation buffer), for
//    each N-tile (C output columns), for each weight batch (consecutive K-tiles), for each
//    M-tile, for each K-tile of the batch. X is read once, the weights once per M-chunk.
//  - WeightResident (only when all K-tiles of one N-tile fit one weight slot): for each N-block
//    (the N-tiles whose full-K weights fit one weight slot, one DMA batch), for each M-chunk, for
//    each N-tile of the block, for each M-tile, for each K-tile. The weights are read once, X
//    once per N-block.
//  - Weight-stationary (rows along K): one M-tile = the whole chunk; a tile loads its tile_k x C
//    weights (tile_k <= R) into the array and streams the chunk's rows through it.
//  - Output-stationary (rows along M): M-tiles of R rows; a tile streams tile_k K-steps (one
//    dequant group for group PEs) of X and W through the array, each PE accumulating its own
//    output, then drains the R x C partial sums down the columns into the GroupDequantUnit.
// Weights come from DRAM in batches of
// consecutive K-tiles (one DMA request each, sized to half the weight buffer when double
// buffered); each M-chunk of X is one DMA request; each finished (M-chunk, N-tile) block of Y
// is one DMA write.
#include <cstdint>
#include <algorithm>
#include <string>
#include <vector>

#include "sim/config/hardware_config.hpp"
#include "sim/pe/pe_type.hpp"

namespace mixsim::sim {

struct TileRef {
  int64_t chunk = 0, n_tile = 0, k_tile = 0, m_tile = 0;
  int64_t batch = 0;               // weight DMA batch holding this tile
  int64_t act_load = 0;            // activation DMA load (of this tile's chunk) it streams from
  int64_t m0 = 0, mt = 0;          // rows of X (M) streamed through the tile
  int64_t n0 = 0, ct = 0;          // output columns (N) on the array's columns
  int64_t k0 = 0, kt = 0;          // reduction rows (K) on the array's rows
  bool group_end = false;          // last K-tile of a dequant group: GroupDequantUnit step
  bool block_end = false;          // last K-tile of its (chunk, N-tile): Y block complete
};

// One DMA read: an M-chunk of X or a batch of consecutive weight tiles.
struct DmaRead {
  enum class Kind { Activations, Weights } kind = Kind::Weights;
  int64_t index = 0;  // activation-load index (Activations) or batch index (Weights)
};

enum class LoopOrder { ActivationResident, WeightResident };

// One (M-chunk, N-tile, weight batch of the strip) step of the schedule, in execution order.
struct PlanStep {
  int64_t chunk = 0, n_tile = 0, b = 0;
};

class TilePlan {
 public:
  // Throws std::invalid_argument naming the hardware key when a buffer cannot hold one tile.
  TilePlan(const HardwareConfig& hw, const PeTraits& pe, int64_t m, int64_t n, int64_t k);

  Dataflow dataflow() const { return dataflow_; }
  bool output_stationary() const { return dataflow_ == Dataflow::OutputStationary; }
  int rows() const { return rows_; }
  int cols() const { return cols_; }
  int64_t m() const { return m_; }
  int64_t n() const { return n_; }
  int64_t k() const { return k_; }
  int64_t tile_k() const { return tile_k_; }
  int64_t group() const { return group_; }
  int64_t chunk_m() const { return chunk_m_; }
  int64_t m_chunks() const { return m_chunks_; }
  int64_t n_tiles() const { return n_tiles_; }
  int64_t k_tiles() const { return k_tiles_; }
  int64_t tiles_per_batch() const { return tiles_per_batch_; }
  int64_t m_tiles(int64_t chunk) const;  // M-tiles of a chunk (1 when weight-stationary)
  int64_t batch_count() const { return batch_count_; }
  LoopOrder loop_order() const { return order_; }
  int64_t n_tiles_per_block() const { return n_block_; }  // WeightResident N-block size
  int64_t activation_load_count() const { return activation_loads_; }
  int64_t load_chunk(int64_t act_load) const { return act_load % m_chunks_; }
  // The schedule's steps in execution order (both modes iterate this).
  const std::vector<PlanStep>& steps() const { return steps_; }
  // Byte offset of the step's first tile inside its weight batch (WeightResident batches hold
  // several N-tile strips).
  int64_t step_weight_offset(const PlanStep& s) const;
  // DRAM read bytes of the schedule (weights + activations) and of each loop order.
  int64_t dram_read_bytes() const { return dram_read_bytes_; }
  int64_t total_weight_bytes() const;
  int64_t total_activation_bytes() const { return m_ * k_ * activation_bytes_; }
  int weight_slots() const { return weight_slots_; }
  int activation_slots() const { return activation_slots_; }

  TileRef tile_at(int64_t chunk, int64_t n_tile, int64_t k_tile, int64_t m_tile = 0) const;
  int64_t batches_per_strip() const { return batches_per_strip_; }
  int64_t batch_index(int64_t chunk, int64_t n_tile, int64_t b) const {
    return order_ == LoopOrder::WeightResident ? n_tile / n_block_
                                               : (chunk * n_tiles_ + n_tile) * batches_per_strip_ + b;
  }
  int64_t activation_load_index(int64_t chunk, int64_t n_tile) const {
    return order_ == LoopOrder::WeightResident ? (n_tile / n_block_) * m_chunks_ + chunk : chunk;
  }
  // Last N-tile of the N-block holding n_tile (WeightResident) or the last N-tile.
  int64_t block_last_n_tile(int64_t n_tile) const {
    return order_ == LoopOrder::WeightResident ? std::min(n_tiles_, (n_tile / n_block_ + 1) * n_block_) - 1
                                               : n_tiles_ - 1;
  }
  int64_t batch_first_k(int64_t b) const { return b * tiles_per_batch_; }
  int64_t batch_last_k(int64_t b) const { return std::min(k_tiles_, (b + 1) * tiles_per_batch_) - 1; }
  int64_t chunk_rows(int64_t chunk) const;
  // Whether t is the last tile using its weight batch / its chunk of X (slot release).
  bool releases_batch(const TileRef& t) const {
    if (order_ == LoopOrder::WeightResident)
      return t.block_end && t.chunk == m_chunks_ - 1 && t.n_tile == block_last_n_tile(t.n_tile) &&
             t.m_tile == m_tiles(t.chunk) - 1;
    return (t.k_tile == k_tiles_ - 1 || (t.k_tile + 1) % tiles_per_batch_ == 0) &&
           t.m_tile == m_tiles(t.chunk) - 1;
  }
  bool releases_chunk(const TileRef& t) const {  // releases the activation load t.act_load
    return t.block_end && t.n_tile == block_last_n_tile(t.n_tile) && t.m_tile == m_tiles(t.chunk) - 1;
  }

  int64_t tile_weight_bytes(const TileRef& t) const {  // storage format (packed) bytes
    return (t.kt * t.ct * weight_bits_ + 7) / 8;
  }
  int64_t batch_weight_bytes(int64_t batch) const;
  // K-tiles per dequant group when tile_k divides the group (0 when only the last K-tile ends
  // the single group of a K that tile_k does not divide).
  int64_t tiles_per_group() const { return group_ % tile_k_ == 0 ? group_ / tile_k_ : 0; }
  int64_t chunk_activation_bytes(int64_t chunk) const;
  int64_t block_output_bytes(const TileRef& t) const;
  int64_t activation_row_bytes(const TileRef& t) const { return t.kt * activation_bytes_; }
  int64_t activation_bytes() const { return activation_bytes_; }
  int weight_bits() const { return weight_bits_; }
  int64_t load_activation_bytes(int64_t act_load) const { return chunk_activation_bytes(load_chunk(act_load)); }
  // Byte address of row m (chunk-local) at K offset k0 in the activation load's buffer slot.
  // Weight-stationary: X chunk row-major (a row of kt elements is contiguous). Output-
  // stationary: the DMA stores the chunk K-major so one K-step of R rows is contiguous.
  int64_t activation_address(int64_t act_load, int64_t m_local, int64_t k0) const;
  int64_t weight_address(int64_t batch, int64_t byte_offset) const;

  // The DMA's read requests in issue order, and what each waits for (double buffering):
  // a weight batch needs the weight slot freed by batch (j - weight_slots) [its last tile
  // loaded into the array]; activation load a needs the activation slot freed by load
  // (a - activation_slots) [its last tile streamed].
  const std::vector<DmaRead>& dma_reads() const { return reads_; }

  // Cycle cost of the fixed parts of a tile's pipeline (docs/SIMULATOR.md): skew/fill + drain
  // through the full array, plus the accumulator write.
  // Weight-stationary: R + C - 1 (skew of the last row + accumulator add). Output-stationary:
  // (R - 1) + (C - 1) for the last K-step to reach PE (R-1, C-1), + R to drain the column's
  // partial sums, + 1 accumulator add.
  int64_t pipeline_latency() const {
    return output_stationary() ? 2 * rows_ + cols_ - 1 : rows_ + cols_ - 1;
  }
  int group_dequant_latency() const { return dequant_latency_; }

 private:
  Dataflow dataflow_ = Dataflow::WeightStationary;
  int rows_ = 0, cols_ = 0;
  int64_t m_ = 0, n_ = 0, k_ = 0;
  int64_t tile_k_ = 0, group_ = 0, chunk_m_ = 0;
  int64_t m_chunks_ = 0, n_tiles_ = 0, k_tiles_ = 0;
  int64_t tiles_per_batch_ = 0, batches_per_strip_ = 0;
  int weight_slots_ = 2, activation_slots_ = 2;
  int weight_bits_ = 4, activation_bytes_ = 1, output_bytes_ = 2;
  int dequant_latency_ = 0;
  int64_t weight_slot_bytes_ = 0, activation_slot_bytes_ = 0;
  LoopOrder order_ = LoopOrder::ActivationResident;
  int64_t n_block_ = 1, batch_count_ = 0, activation_loads_ = 0, dram_read_bytes_ = 0;
  std::vector<DmaRead> reads_;
  std::vector<PlanStep> steps_;
  int64_t strip_weight_bytes(int64_t n_tile) const;  // all K-tiles of one N-tile
  void build_activation_resident();
  void build_weight_resident();
};

}  // namespace mixsim::sim
