#pragma once
// TilePlan: how one M x N x K GEMM is cut into tiles for an R x C array, in the order both
// simulation modes execute them. Pure arithmetic on the configuration; the cycle model
// (SystemC) and the fast model share it, so they run the same schedule.
//
// Loop order: for each M-chunk (rows of X resident in the activation buffer), for each N-tile
// (C output columns), for each weight batch (consecutive K-tiles), for each M-tile, for each
// K-tile of the batch.
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

#include "sim/hardware_config.hpp"
#include "sim/pe_type.hpp"

namespace mixsim::sim {

struct TileRef {
  int64_t chunk = 0, n_tile = 0, k_tile = 0, m_tile = 0;
  int64_t batch = 0;               // weight DMA batch holding this tile
  int64_t m0 = 0, mt = 0;          // rows of X (M) streamed through the tile
  int64_t n0 = 0, ct = 0;          // output columns (N) on the array's columns
  int64_t k0 = 0, kt = 0;          // reduction rows (K) on the array's rows
  bool group_end = false;          // last K-tile of a dequant group: GroupDequantUnit step
  bool block_end = false;          // last K-tile of its (chunk, N-tile): Y block complete
};

// One DMA read: an M-chunk of X or a batch of consecutive weight tiles.
struct DmaRead {
  enum class Kind { Activations, Weights } kind = Kind::Weights;
  int64_t index = 0;  // chunk index (Activations) or batch index (Weights)
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
  int64_t batch_count() const { return m_chunks_ * n_tiles_ * batches_per_strip_; }
  int weight_slots() const { return weight_slots_; }
  int activation_slots() const { return activation_slots_; }

  TileRef tile_at(int64_t chunk, int64_t n_tile, int64_t k_tile, int64_t m_tile = 0) const;
  int64_t batches_per_strip() const { return batches_per_strip_; }
  int64_t batch_index(int64_t chunk, int64_t n_tile, int64_t b) const {
    return (chunk * n_tiles_ + n_tile) * batches_per_strip_ + b;
  }
  int64_t batch_first_k(int64_t b) const { return b * tiles_per_batch_; }
  int64_t batch_last_k(int64_t b) const { return std::min(k_tiles_, (b + 1) * tiles_per_batch_) - 1; }
  int64_t chunk_rows(int64_t chunk) const;
  // Whether t is the last tile using its weight batch / its chunk of X (slot release).
  bool releases_batch(const TileRef& t) const {
    return (t.k_tile == k_tiles_ - 1 || (t.k_tile + 1) % tiles_per_batch_ == 0) &&
           t.m_tile == m_tiles(t.chunk) - 1;
  }
  bool releases_chunk(const TileRef& t) const {
    return t.block_end && t.n_tile == n_tiles_ - 1 && t.m_tile == m_tiles(t.chunk) - 1;
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
  // Byte address of row m (chunk-local) at K offset k0 in the chunk's activation-buffer slot.
  // Weight-stationary: X chunk row-major (a row of kt elements is contiguous). Output-
  // stationary: the DMA stores the chunk K-major so one K-step of R rows is contiguous.
  int64_t activation_address(int64_t chunk, int64_t m_local, int64_t k0) const;
  int64_t weight_address(int64_t batch, int64_t byte_offset) const;

  // The DMA's read requests in issue order, and what each waits for (double buffering):
  // a weight batch needs the weight slot freed by batch (j - weight_slots) [its last tile
  // loaded into the array]; a chunk of X needs the activation slot freed by chunk
  // (c - activation_slots) [its last tile streamed].
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
  std::vector<DmaRead> reads_;
};

}  // namespace mixsim::sim
