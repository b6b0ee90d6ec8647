#pragma once
// TilePlan: how one M x N x K GEMM is cut into tiles for an R x C weight-stationary array, in
// the order both simulation modes execute them. Pure arithmetic on the configuration; the
// cycle model (SystemC) and the fast model share it, so they run the same schedule.
//
// Loop order: for each M-chunk (rows of X resident in the activation buffer), for each N-tile
// (C output columns), for each K-tile (tile_k <= R reduction rows): load the R x C weight tile
// into the array, stream the chunk's rows through it. Weights come from DRAM in batches of
// consecutive K-tiles (one DMA request each, sized to half the weight buffer when double
// buffered); each M-chunk of X is one DMA request; each finished (M-chunk, N-tile) block of Y
// is one DMA write.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/hardware_config.hpp"
#include "sim/pe_type.hpp"

namespace mixsim::sim {

struct TileRef {
  int64_t index = 0;
  int64_t chunk = 0, n_tile = 0, k_tile = 0;
  int64_t batch = 0;               // weight DMA batch holding this tile
  int64_t m0 = 0, mt = 0;          // rows of X (M) streamed through the tile
  int64_t n0 = 0, ct = 0;          // output columns (N) on the array's columns
  int64_t k0 = 0, kt = 0;          // reduction rows (K) on the array's rows
  bool first_of_chunk = false;     // needs the chunk's X
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
  int64_t tile_count() const { return m_chunks_ * n_tiles_ * k_tiles_; }
  int64_t batch_count() const { return m_chunks_ * n_tiles_ * batches_per_strip_; }
  int weight_slots() const { return weight_slots_; }
  int activation_slots() const { return activation_slots_; }

  TileRef tile(int64_t index) const;
  TileRef tile_at(int64_t chunk, int64_t n_tile, int64_t k_tile) const;  // no divisions
  int64_t batches_per_strip() const { return batches_per_strip_; }
  int64_t batch_first_tile(int64_t batch) const;
  int64_t batch_last_tile(int64_t batch) const;
  int64_t chunk_last_tile(int64_t chunk) const;
  int64_t chunk_rows(int64_t chunk) const;

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
  // Byte address of row m (chunk-local) at K offset k0 in the chunk's activation-buffer slot.
  int64_t activation_address(int64_t chunk, int64_t m_local, int64_t k0) const;
  int64_t weight_address(int64_t batch, int64_t byte_offset) const;

  // The DMA's read requests in issue order, and what each waits for (double buffering):
  // a weight batch needs the weight slot freed by batch (j - weight_slots) [its last tile
  // loaded into the array]; a chunk of X needs the activation slot freed by chunk
  // (c - activation_slots) [its last tile streamed].
  const std::vector<DmaRead>& dma_reads() const { return reads_; }

  // Cycle cost of the fixed parts of a tile's pipeline (docs/SIMULATOR.md): skew/fill + drain
  // through the full array, plus the accumulator write.
  int64_t pipeline_latency() const { return rows_ + cols_ - 1; }
  int group_dequant_latency() const { return dequant_latency_; }

 private:
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
