#include "sim/mapping/tile_plan.hpp"

#include <algorithm>
#include <stdexcept>

namespace mixsim::sim {
namespace {

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

// The largest divisor of g that is <= r: K-tiles never straddle a dequant group.
int64_t largest_divisor_at_most(int64_t g, int64_t r) {
  for (int64_t d = std::min(g, r); d > 1; --d)
    if (g % d == 0) return d;
  return 1;
}

void require_positive(int64_t v, const std::string& what) {
  if (v <= 0) throw std::invalid_argument(what + " must be positive, got " + std::to_string(v));
}

}  // namespace

TilePlan::TilePlan(const HardwareConfig& hw, const PeTraits& pe, int64_t m, int64_t n, int64_t k)
    : dataflow_(hw.array.dataflow), rows_(hw.array.rows), cols_(hw.array.cols), m_(m), n_(n), k_(k),
      weight_bits_(pe.weight_bits), activation_bytes_(pe.activation_bytes),
      output_bytes_(hw.output_bytes), dequant_latency_(hw.array.group_dequant_latency) {
  require_positive(rows_, "hardware.array.rows");
  require_positive(cols_, "hardware.array.cols");
  require_positive(m, "GEMM M");
  require_positive(n, "GEMM N");
  require_positive(k, "GEMM K");
  if (hw.array.group_dequant_latency < 0)
    throw std::invalid_argument("hardware.array.group_dequant_latency must be >= 0");
  group_ = pe.dequant_group > 0 ? pe.dequant_group : k;
  if (k % group_ != 0)
    throw std::invalid_argument("GEMM K=" + std::to_string(k) + " is not a multiple of the group size " +
                                std::to_string(group_));
  weight_slots_ = hw.weight_buffer.double_buffered ? 2 : 1;
  activation_slots_ = hw.activation_buffer.double_buffered ? 2 : 1;
  weight_slot_bytes_ = hw.weight_buffer.capacity_bytes / weight_slots_;
  activation_slot_bytes_ = hw.activation_buffer.capacity_bytes / activation_slots_;
  // Weight-stationary: per-output PEs (group == K) use all R rows; group PEs the largest
  // divisor of G <= R, so the group-boundary dequant step falls on a tile boundary.
  // Output-stationary: one group per tile; per-output PEs take up to 256 K-steps per tile (as
  // many as one weight slot holds), the last tile shorter.
  if (dataflow_ == Dataflow::OutputStationary)
    tile_k_ = group_ == k ? std::clamp<int64_t>(weight_slot_bytes_ * 8 / (int64_t{cols_} * weight_bits_),
                                                1, std::min<int64_t>(k, 256))
                          : group_;
  else
    tile_k_ = group_ == k ? std::min<int64_t>(rows_, k) : largest_divisor_at_most(group_, rows_);
  k_tiles_ = ceil_div(k, tile_k_);
  n_tiles_ = ceil_div(n, cols_);
  const int64_t full_tile_bytes = ceil_div(tile_k_ * cols_ * weight_bits_, 8);
  if (weight_slot_bytes_ < full_tile_bytes)
    throw std::invalid_argument(
        "hardware.weight_buffer.capacity_bytes=" + std::to_string(hw.weight_buffer.capacity_bytes) +
        " cannot hold one " + std::to_string(tile_k_) + "x" + std::to_string(cols_) +
        " weight tile per buffer (" + std::to_string(full_tile_bytes) + " bytes x " +
        std::to_string(weight_slots_) + ")");
  tiles_per_batch_ = std::min<int64_t>(k_tiles_, weight_slot_bytes_ / full_tile_bytes);
  batches_per_strip_ = ceil_div(k_tiles_, tiles_per_batch_);

  // M-chunk: rows of X that fit one activation slot (all of K) and whose C-wide accumulators
  // (INT32/FP32 group partial + FP32/INT64 output accumulator, 8 bytes) fit an output slot.
  const int64_t row_bytes = k * activation_bytes_;
  const int64_t out_slot = hw.output_buffer.capacity_bytes / (hw.output_buffer.double_buffered ? 2 : 1);
  const int64_t by_act = activation_slot_bytes_ / row_bytes;
  const int64_t by_out = out_slot / (int64_t{cols_} * 8);
  if (by_act < 1)
    throw std::invalid_argument(
        "hardware.activation_buffer.capacity_bytes=" +
        std::to_string(hw.activation_buffer.capacity_bytes) + " cannot hold one row of X (K=" +
        std::to_string(k) + ", " + std::to_string(row_bytes) + " bytes) per buffer");
  if (by_out < 1)
    throw std::invalid_argument("hardware.output_buffer.capacity_bytes=" +
                                std::to_string(hw.output_buffer.capacity_bytes) +
                                " cannot hold one row of " + std::to_string(cols_) +
                                " accumulators (8 bytes each) per buffer");
  chunk_m_ = std::min({m, by_act, by_out});
  m_chunks_ = ceil_div(m, chunk_m_);

  // Loop order: the one with fewer DRAM read bytes (ties keep ActivationResident).
  //   ActivationResident: X once + the weights once per M-chunk.
  //   WeightResident:     the weights once + X once per N-block (needs one N-tile's full-K
  //                       weights to fit one weight slot).
  const int64_t w_total = total_weight_bytes(), x_total = total_activation_bytes();
  const int64_t ar_bytes = x_total + m_chunks_ * w_total;
  // WeightResident needs one N-tile's K-tiles in one batch (batches_per_strip == 1).
  const int64_t full_strip = strip_weight_bytes(0);
  if (m_chunks_ > 1 && batches_per_strip_ == 1 && full_strip <= weight_slot_bytes_) {
    const int64_t n_block = std::min(n_tiles_, weight_slot_bytes_ / full_strip);
    const int64_t wr_bytes = w_total + ceil_div(n_tiles_, n_block) * x_total;
    if (wr_bytes < ar_bytes) {
      order_ = LoopOrder::WeightResident;
      n_block_ = n_block;
    }
  }
  if (order_ == LoopOrder::WeightResident)
    build_weight_resident();
  else
    build_activation_resident();
  dram_read_bytes_ = 0;
  for (const DmaRead& r : reads_)
    dram_read_bytes_ += r.kind == DmaRead::Kind::Weights ? batch_weight_bytes(r.index)
                                                          : load_activation_bytes(r.index);
}

void TilePlan::build_activation_resident() {
  batch_count_ = m_chunks_ * n_tiles_ * batches_per_strip_;
  activation_loads_ = m_chunks_;
  for (int64_t c = 0; c < m_chunks_; ++c)
    for (int64_t nt = 0; nt < n_tiles_; ++nt)
      for (int64_t b = 0; b < batches_per_strip_; ++b) steps_.push_back({c, nt, b});
  // DMA read order: X chunk 0, then each chunk's weight batches; the next chunk's X right after
  // the current chunk's first batch (double buffered) or after its last batch (single buffer).
  reads_.push_back({DmaRead::Kind::Activations, 0});
  const int64_t batches_per_chunk = n_tiles_ * batches_per_strip_;
  for (int64_t c = 0; c < m_chunks_; ++c) {
    for (int64_t b = 0; b < batches_per_chunk; ++b) {
      reads_.push_back({DmaRead::Kind::Weights, c * batches_per_chunk + b});
      const bool prefetch_next = activation_slots_ == 2 ? b == 0 : b == batches_per_chunk - 1;
      if (prefetch_next && c + 1 < m_chunks_) reads_.push_back({DmaRead::Kind::Activations, c + 1});
    }
  }
}

void TilePlan::build_weight_resident() {
  const int64_t blocks = ceil_div(n_tiles_, n_block_);
  batch_count_ = blocks;
  activation_loads_ = blocks * m_chunks_;
  for (int64_t blk = 0; blk < blocks; ++blk)
    for (int64_t c = 0; c < m_chunks_; ++c)
      for (int64_t nt = blk * n_block_; nt < std::min(n_tiles_, (blk + 1) * n_block_); ++nt)
        steps_.push_back({c, nt, 0});
  // DMA read order: the block's weights, then its X loads; the next block's weights right after
  // the block's first X load (double buffered) or after its last one (single buffer, where the
  // slot frees only when the block ends).
  reads_.push_back({DmaRead::Kind::Weights, 0});
  for (int64_t blk = 0; blk < blocks; ++blk) {
    for (int64_t c = 0; c < m_chunks_; ++c) {
      reads_.push_back({DmaRead::Kind::Activations, blk * m_chunks_ + c});
      const bool prefetch_next = weight_slots_ == 2 ? c == 0 : c == m_chunks_ - 1;
      if (prefetch_next && blk + 1 < blocks) reads_.push_back({DmaRead::Kind::Weights, blk + 1});
    }
  }
}

int64_t TilePlan::strip_weight_bytes(int64_t n_tile) const {
  const int64_t ct = std::min<int64_t>(cols_, n_ - n_tile * cols_);
  const int64_t last_kt = k_ - (k_tiles_ - 1) * tile_k_;
  return (k_tiles_ - 1) * ceil_div(tile_k_ * ct * weight_bits_, 8) + ceil_div(last_kt * ct * weight_bits_, 8);
}

int64_t TilePlan::total_weight_bytes() const {
  int64_t bytes = 0;
  for (int64_t nt = 0; nt < n_tiles_; ++nt) bytes += strip_weight_bytes(nt);
  return bytes;
}

int64_t TilePlan::step_weight_offset(const PlanStep& s) const {
  if (order_ != LoopOrder::WeightResident) return 0;
  int64_t offset = 0;
  for (int64_t nt = (s.n_tile / n_block_) * n_block_; nt < s.n_tile; ++nt) offset += strip_weight_bytes(nt);
  return offset;
}

int64_t TilePlan::m_tiles(int64_t chunk) const {
  return output_stationary() ? ceil_div(chunk_rows(chunk), rows_) : 1;
}

TileRef TilePlan::tile_at(int64_t chunk, int64_t n_tile, int64_t k_tile, int64_t m_tile) const {
  TileRef t;
  t.chunk = chunk;
  t.n_tile = n_tile;
  t.k_tile = k_tile;
  t.m_tile = m_tile;
  t.batch = batch_index(chunk, n_tile, k_tile / tiles_per_batch_);
  t.act_load = activation_load_index(chunk, n_tile);
  const int64_t chunk_m0 = chunk * chunk_m_;
  const int64_t chunk_end = std::min(m_, chunk_m0 + chunk_m_);
  if (output_stationary()) {
    t.m0 = chunk_m0 + m_tile * rows_;
    t.mt = std::min<int64_t>(rows_, chunk_end - t.m0);
  } else {
    t.m0 = chunk_m0;
    t.mt = chunk_end - chunk_m0;
  }
  t.n0 = n_tile * cols_;
  t.ct = std::min<int64_t>(cols_, n_ - t.n0);
  t.k0 = k_tile * tile_k_;
  t.kt = std::min(tile_k_, k_ - t.k0);
  t.group_end = (t.k0 + t.kt) % group_ == 0 || t.k0 + t.kt == k_;
  t.block_end = k_tile == k_tiles_ - 1;
  return t;
}

int64_t TilePlan::chunk_rows(int64_t chunk) const {
  return std::min(chunk_m_, m_ - chunk * chunk_m_);
}

int64_t TilePlan::batch_weight_bytes(int64_t batch) const {
  if (order_ == LoopOrder::WeightResident) {
    int64_t bytes = 0;
    for (int64_t nt = batch * n_block_; nt < std::min(n_tiles_, (batch + 1) * n_block_); ++nt)
      bytes += strip_weight_bytes(nt);
    return bytes;
  }
  const int64_t strip = batch / batches_per_strip_, b = batch % batches_per_strip_;
  const TileRef first = tile_at(strip / n_tiles_, strip % n_tiles_, batch_first_k(b));
  const TileRef last = tile_at(strip / n_tiles_, strip % n_tiles_, batch_last_k(b));
  const int64_t count = last.k_tile - first.k_tile + 1;
  return (count - 1) * tile_weight_bytes(first) + tile_weight_bytes(last);
}

int64_t TilePlan::chunk_activation_bytes(int64_t chunk) const {
  return chunk_rows(chunk) * k_ * activation_bytes_;
}

int64_t TilePlan::block_output_bytes(const TileRef& t) const {
  return t.mt * t.ct * output_bytes_;
}

int64_t TilePlan::activation_address(int64_t act_load, int64_t m_local, int64_t k0) const {
  const int64_t chunk = load_chunk(act_load);
  const int64_t element = output_stationary() ? k0 * chunk_rows(chunk) + m_local : m_local * k_ + k0;
  return (act_load % activation_slots_) * activation_slot_bytes_ + element * activation_bytes_;
}

int64_t TilePlan::weight_address(int64_t batch, int64_t byte_offset) const {
  return (batch % weight_slots_) * weight_slot_bytes_ + byte_offset;
}

}  // namespace mixsim::sim
