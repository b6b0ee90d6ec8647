#include "sim/mapping/tile_plan.hpp"

#include <fmt/format.h>

#include <array>
#include <map>
#include <numeric>
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

int64_t slot_bytes(const SramConfig& buffer, int slots) { return buffer.capacity_bytes / slots; }

// Accumulator bytes per output held in the output buffer: the INT32/FP32 group partial and the
// FP32/INT64 output accumulator (docs/SIMULATOR.md, "Mapping").
constexpr int64_t kAccumulatorBytes = 8;

struct Trips {
  int64_t m = 0, n = 0, k = 0;
  int64_t of(LoopDim d) const { return d == LoopDim::M ? m : d == LoopDim::N ? n : k; }
};

Trips block_trips(const TileGeometry& g, const Mapping& map) {
  return {ceil_div(g.m, map.m_block), ceil_div(g.n_tiles, map.n_block_tiles),
          ceil_div(g.k_tiles, map.k_block_tiles)};
}

// The mapping with block sizes clamped to the GEMM (a pinned mapping may name larger blocks).
Mapping clamped(const TileGeometry& g, Mapping map) {
  map.m_block = std::min(map.m_block, g.m);
  map.n_block_tiles = std::min(map.n_block_tiles, g.n_tiles);
  map.k_block_tiles = std::min(map.k_block_tiles, g.k_tiles);
  if (map.k_block_tiles == g.k_tiles) map.x_full_k = map.w_full_k = false;  // one K-block already
  return map;
}

// Bytes of the largest weight block (N-block x K-block, or x all of K) when tiles differ.
int64_t largest_weight_block(const TileGeometry& g, const Mapping& map) {
  const int64_t k_span = map.w_full_k ? g.k_tiles : map.k_block_tiles;
  int64_t largest = 0;
  for (int64_t n0 = 0; n0 < g.n_tiles; n0 += map.n_block_tiles)
    for (int64_t k0 = 0; k0 < g.k_tiles; k0 += k_span) {
      int64_t bytes = 0;
      for (int64_t nt = n0; nt < std::min(g.n_tiles, n0 + map.n_block_tiles); ++nt)
        bytes += g.k_range_bytes(nt, k0, std::min(g.k_tiles, k0 + k_span) - 1);
      largest = std::max(largest, bytes);
    }
  return largest;
}

}  // namespace

TileGeometry TileGeometry::of(const HardwareConfig& hw, const PeTraits& pe, int64_t m, int64_t n, int64_t k) {
  require_positive(hw.array.rows, "hardware.array.rows");
  require_positive(hw.array.cols, "hardware.array.cols");
  require_positive(m, "GEMM M");
  require_positive(n, "GEMM N");
  require_positive(k, "GEMM K");
  if (hw.array.group_dequant_latency < 0)
    throw std::invalid_argument("hardware.array.group_dequant_latency must be >= 0");
  TileGeometry g;
  g.dataflow = hw.array.dataflow;
  g.rows = hw.array.rows;
  g.cols = hw.array.cols;
  g.m = m;
  g.n = n;
  g.k = k;
  g.weight_bits = pe.weight_bits;
  g.activation_bytes = pe.activation_bytes;
  g.output_bytes = hw.output_bytes;
  g.dequant_latency = hw.array.group_dequant_latency;
  g.group = pe.dequant_group > 0 ? pe.dequant_group : k;
  if (k % g.group != 0)
    throw std::invalid_argument("GEMM K=" + std::to_string(k) + " is not a multiple of the group size " +
                                std::to_string(g.group));
  const int64_t weight_slot = slot_bytes(hw.weight_buffer, hw.weight_buffer.double_buffered ? 2 : 1);
  if (g.output_stationary())
    g.tile_k = g.group == k ? std::clamp<int64_t>(weight_slot * 8 / (int64_t{g.cols} * g.weight_bits), 1,
                                                  std::min<int64_t>(k, 256))
                            : g.group;
  else
    g.tile_k = g.group == k ? std::min<int64_t>(g.rows, k) : largest_divisor_at_most(g.group, g.rows);
  g.k_tiles = ceil_div(k, g.tile_k);
  g.n_tiles = ceil_div(n, g.cols);
  return g;
}

void TileGeometry::use_group_bits(const std::vector<int8_t>& bits) {
  const int64_t groups = k / group;
  if (static_cast<int64_t>(bits.size()) != n * groups)
    throw std::invalid_argument(fmt::format("per-group weight widths: {} entries for N={} x {} groups", bits.size(),
                                            n, groups));
  if (!output_stationary() && group < k && group % tile_k != 0)
    throw std::invalid_argument(fmt::format("per-group weight widths: K-tiles of {} straddle groups of {}", tile_k,
                                            group));
  for (int8_t b : bits)
    if (b < 1 || b > 8) throw std::invalid_argument(fmt::format("per-group weight width {} outside 1..8", b));
  auto prefix = std::make_shared<std::vector<int64_t>>(static_cast<size_t>(n_tiles * (k_tiles + 1)), 0);
  for (int64_t nt = 0; nt < n_tiles; ++nt) {
    int64_t* row = prefix->data() + nt * (k_tiles + 1);
    for (int64_t kt = 0; kt < k_tiles; ++kt) {
      const int64_t g = kt * tile_k / group;  // a tile lies in one group (tile_k divides G, or = G)
      int64_t row_bits = 0;
      for (int64_t c = 0; c < ct_of(nt); ++c) row_bits += bits[static_cast<size_t>((nt * cols + c) * groups + g)];
      const int64_t rows_k = kt_of(kt);
      const int64_t bytes = output_stationary() ? rows_k * ((row_bits + 7) / 8) : (rows_k * row_bits + 7) / 8;
      row[kt + 1] = row[kt] + bytes;
    }
  }
  weight_prefix = std::move(prefix);
}

int64_t TileGeometry::strips_bytes_before(int64_t n_tile) const {
  if (n_tile <= 0) return 0;
  if (uniform_tiles()) return n_tile * k_range_bytes(0, 0, k_tiles - 1);  // every strip before the last is full
  int64_t bytes = 0;
  for (int64_t nt = 0; nt < n_tile; ++nt) bytes += (*weight_prefix)[static_cast<size_t>(nt * (k_tiles + 1) + k_tiles)];
  return bytes;
}

int64_t TileGeometry::k_range_bytes(int64_t n_tile, int64_t k_first, int64_t k_last) const {
  if (k_last < k_first) return 0;
  if (!uniform_tiles()) {
    const int64_t* row = weight_prefix->data() + n_tile * (k_tiles + 1);
    return row[k_last + 1] - row[k_first];
  }
  const int64_t ct = ct_of(n_tile);
  const int64_t full = std::min(k_last, k_tiles - 2) - k_first + 1;  // tiles of full tile_k
  const int64_t with_last = k_last == k_tiles - 1 ? tile_bytes(kt_of(k_tiles - 1), ct) : 0;
  return std::max<int64_t>(full, 0) * tile_bytes(tile_k, ct) + with_last;
}

MappingFootprint mapping_footprint(const HardwareConfig& hw, const TileGeometry& g, const Mapping& raw) {
  const Mapping map = clamped(g, raw);
  MappingFootprint f;
  f.weight_slot_bytes = slot_bytes(hw.weight_buffer, map.weight_slots);
  f.activation_slot_bytes = slot_bytes(hw.activation_buffer, map.activation_slots);
  f.output_slot_bytes = slot_bytes(hw.output_buffer, hw.output_buffer.double_buffered ? 2 : 1);
  const int64_t w_last_k = map.w_full_k ? g.k_tiles - 1 : map.k_block_tiles - 1;
  // Every N-tile but the last is C columns wide: the first block's strips in O(1).
  const int64_t strips = std::min(map.n_block_tiles, g.n_tiles);
  const bool ragged_last = strips == g.n_tiles;
  if (g.uniform_tiles())
    f.weight_block_bytes = (strips - (ragged_last ? 1 : 0)) * g.k_range_bytes(0, 0, w_last_k) +
                           (ragged_last ? g.k_range_bytes(g.n_tiles - 1, 0, w_last_k) : 0);
  else
    f.weight_block_bytes = largest_weight_block(g, map);
  const int64_t x_k = map.x_full_k ? g.k : std::min(g.k, map.k_block_tiles * g.tile_k);
  f.activation_block_bytes = map.m_block * x_k * g.activation_bytes;
  const Trips trips = block_trips(g, map);
  if (trips.k == 1) {
    f.output_bytes = map.m_block * g.cols * kAccumulatorBytes;  // one N-tile reduced at a time
    return f;
  }
  // Partials on chip: every Y block started but unfinished, i.e. the M/N loops inside K.
  int64_t live = 1;
  bool inside_k = false;
  for (LoopDim d : map.order) {
    if (inside_k && !map.spill_partials) live *= trips.of(d);
    if (d == LoopDim::K) inside_k = true;
  }
  f.live_output_blocks = live;
  f.output_bytes = live * map.m_block * map.n_block_tiles * g.cols * kAccumulatorBytes;
  return f;
}

std::optional<std::string> mapping_error(const HardwareConfig& hw, const TileGeometry& g, const Mapping& raw) {
  if ((raw.weight_slots != 1 && raw.weight_slots != 2) || (raw.activation_slots != 1 && raw.activation_slots != 2))
    return fmt::format("slots={}/{}: each must be 1 or 2", raw.weight_slots, raw.activation_slots);
  if (raw.m_block < 1 || raw.n_block_tiles < 1 || raw.k_block_tiles < 1)
    return fmt::format("block sizes m={} n={} k={} must be >= 1", raw.m_block, raw.n_block_tiles, raw.k_block_tiles);
  const Mapping map = clamped(g, raw);
  const int64_t k_elems = map.k_block_tiles * g.tile_k;
  if (map.k_block_tiles < g.k_tiles && g.group < g.k && k_elems % g.group != 0)
    return fmt::format(
        "k={} K-tiles x tile_k {} = {} elements is not a multiple of the group size {}: K-blocks must "
        "end on group boundaries (use k = a multiple of {})",
        map.k_block_tiles, g.tile_k, k_elems, g.group, g.group / std::gcd(g.group, g.tile_k));
  const MappingFootprint f = mapping_footprint(hw, g, map);
  if (f.weight_block_bytes > f.weight_slot_bytes)
    return fmt::format("weight block of {} bytes does not fit hardware.buffers.weight ({} bytes per slot, {} slot(s))",
                       f.weight_block_bytes, f.weight_slot_bytes, map.weight_slots);
  if (f.activation_block_bytes > f.activation_slot_bytes)
    return fmt::format(
        "activation block of {} bytes does not fit hardware.buffers.activation ({} bytes per slot, {} slot(s))",
        f.activation_block_bytes, f.activation_slot_bytes, map.activation_slots);
  if (f.output_bytes > f.output_slot_bytes)
    return fmt::format(
        "{} live output block(s) of accumulators ({} bytes) do not fit hardware.buffers.output ({} bytes per slot)",
        f.live_output_blocks, f.output_bytes, f.output_slot_bytes);
  return std::nullopt;
}

TilePlan::TilePlan(const HardwareConfig& hw, const TileGeometry& geometry, const Mapping& mapping)
    : g_(geometry), map_(clamped(geometry, mapping)) {
  if (const auto error = mapping_error(hw, g_, mapping))
    throw std::invalid_argument("mapping '" + to_string(mapping) + "' for GEMM " + std::to_string(g_.m) + "x" +
                                std::to_string(g_.n) + "x" + std::to_string(g_.k) + ": " + *error);
  fp_ = mapping_footprint(hw, g_, map_);
  const Trips trips = block_trips(g_, map_);
  m_blocks_ = trips.m;
  n_blocks_ = trips.n;
  k_blocks_ = trips.k;
  build_steps();
  order_reads();
}

void TilePlan::build_steps() {
  // The outer block iterations in loop order.
  struct Outer { int64_t mb, nb, kb; };
  std::vector<Outer> outer;
  const Trips trips{m_blocks_, n_blocks_, k_blocks_};
  const std::array<int64_t, 3> bound = {trips.of(map_.order[0]), trips.of(map_.order[1]), trips.of(map_.order[2])};
  outer.reserve(static_cast<size_t>(bound[0] * bound[1] * bound[2]));
  for (int64_t i0 = 0; i0 < bound[0]; ++i0)
    for (int64_t i1 = 0; i1 < bound[1]; ++i1)
      for (int64_t i2 = 0; i2 < bound[2]; ++i2) {
        int64_t idx[3] = {0, 0, 0};
        const int64_t it[3] = {i0, i1, i2};
        for (int l = 0; l < 3; ++l) idx[static_cast<int>(map_.order[static_cast<size_t>(l)])] = it[l];
        outer.push_back({idx[0], idx[1], idx[2]});
      }

  steps_.reserve(outer.size() * static_cast<size_t>(std::min(g_.n_tiles, map_.n_block_tiles)));
  std::map<std::pair<int64_t, int64_t>, int64_t> last_spill;  // (m_blk, n_tile) -> spilling step
  int64_t x_key_m = -1, x_key_k = -1, w_key_n = -1, w_key_k = -1;
  std::vector<int64_t> x_last, w_last;
  for (size_t o = 0; o < outer.size(); ++o) {
    const Outer& b = outer[o];
    const bool continues = o > 0 && outer[o - 1].mb == b.mb && outer[o - 1].nb == b.nb && outer[o - 1].kb + 1 == b.kb;
    const bool continued = o + 1 < outer.size() && outer[o + 1].mb == b.mb && outer[o + 1].nb == b.nb &&
                           outer[o + 1].kb == b.kb + 1;
    const int64_t k_first = b.kb * map_.k_block_tiles;
    const int64_t k_last = std::min(g_.k_tiles, k_first + map_.k_block_tiles) - 1;
    const int64_t xk = map_.x_full_k ? 0 : b.kb, wk = map_.w_full_k ? 0 : b.kb;
    if (b.mb != x_key_m || xk != x_key_k) {
      ActivationLoad l;
      l.m_blk = b.mb;
      l.k_tile0 = map_.x_full_k ? 0 : k_first;
      l.k_tiles = map_.x_full_k ? g_.k_tiles : k_last - k_first + 1;
      const int64_t k_elems = std::min(g_.k, (l.k_tile0 + l.k_tiles) * g_.tile_k) - l.k_tile0 * g_.tile_k;
      l.bytes = m_block_rows(b.mb) * k_elems * g_.activation_bytes;
      x_loads_.push_back(l);
      x_last.push_back(0);
      x_key_m = b.mb;
      x_key_k = xk;
    }
    if (b.nb != w_key_n || wk != w_key_k) {
      WeightLoad l;
      l.n_blk = b.nb;
      l.k_tile0 = map_.w_full_k ? 0 : k_first;
      l.k_tiles = map_.w_full_k ? g_.k_tiles : k_last - k_first + 1;
      for (int64_t nt = b.nb * map_.n_block_tiles; nt < std::min(g_.n_tiles, (b.nb + 1) * map_.n_block_tiles); ++nt)
        l.bytes += g_.k_range_bytes(nt, l.k_tile0, l.k_tile0 + l.k_tiles - 1);
      w_loads_.push_back(l);
      w_last.push_back(0);
      w_key_n = b.nb;
      w_key_k = wk;
    }
    const WeightLoad& wl = w_loads_.back();
    int64_t offset = 0;
    for (int64_t nt = b.nb * map_.n_block_tiles; nt < std::min(g_.n_tiles, (b.nb + 1) * map_.n_block_tiles); ++nt) {
      PlanStep s;
      s.m_blk = b.mb;
      s.n_tile = nt;
      s.k_blk = b.kb;
      s.x_load = static_cast<int64_t>(x_loads_.size()) - 1;
      s.w_load = static_cast<int64_t>(w_loads_.size()) - 1;
      s.w_offset = offset + g_.k_range_bytes(nt, wl.k_tile0, k_first - 1);
      offset += g_.k_range_bytes(nt, wl.k_tile0, wl.k_tile0 + wl.k_tiles - 1);
      s.final_k = b.kb == k_blocks_ - 1;
      const int64_t index = static_cast<int64_t>(steps_.size());
      const int64_t partial = m_block_rows(b.mb) * g_.ct_of(nt) * kPartialBytes;
      if (map_.spill_partials && b.kb > 0 && !continues) {
        partial_reads_.push_back({index, last_spill.at({b.mb, nt}), partial});
        s.partial_read = static_cast<int64_t>(partial_reads_.size()) - 1;
        dram_read_bytes_ += partial;
      }
      if (map_.spill_partials && !s.final_k && !continued) {
        s.spills = true;
        last_spill[{b.mb, nt}] = index;
        dram_write_bytes_ += partial;
      }
      if (s.final_k) dram_write_bytes_ += m_block_rows(b.mb) * g_.ct_of(nt) * g_.output_bytes;
      x_last[static_cast<size_t>(s.x_load)] = index;
      w_last[static_cast<size_t>(s.w_load)] = index;
      steps_.push_back(s);
    }
  }
  for (int64_t last : x_last) steps_[static_cast<size_t>(last)].releases_x = true;
  for (int64_t last : w_last) steps_[static_cast<size_t>(last)].releases_w = true;
  // Each load's slot is freed by the last step of the load `slots` earlier.
  auto after = [](const std::vector<int64_t>& last, int64_t j, int slots) {
    return j >= slots ? last[static_cast<size_t>(j - slots)] : int64_t{-1};
  };
  int64_t next_x = 0, next_w = 0, next_p = 0;
  reads_.reserve(x_loads_.size() + w_loads_.size() + partial_reads_.size());
  for (const PlanStep& s : steps_) {
    if (s.x_load == next_x) {
      reads_.push_back({DmaRead::Kind::Activations, next_x, after(x_last, next_x, map_.activation_slots)});
      ++next_x;
    }
    if (s.w_load == next_w) {
      reads_.push_back({DmaRead::Kind::Weights, next_w, after(w_last, next_w, map_.weight_slots)});
      ++next_w;
    }
    if (s.partial_read == next_p) {
      reads_.push_back({DmaRead::Kind::Partials, next_p, partial_reads_[static_cast<size_t>(next_p)].spill_step});
      ++next_p;
    }
  }
}

void TilePlan::order_reads() {
  const auto by_slot = [](const DmaRead& a, const DmaRead& b) { return a.after_step < b.after_step; };
  if (!std::is_sorted(reads_.begin(), reads_.end(), by_slot)) std::stable_sort(reads_.begin(), reads_.end(), by_slot);
  for (const DmaRead& r : reads_)
    if (r.kind != DmaRead::Kind::Partials) dram_read_bytes_ += read_bytes(r);
}

int64_t TilePlan::read_bytes(const DmaRead& r) const {
  const auto i = static_cast<size_t>(r.index);
  switch (r.kind) {
    case DmaRead::Kind::Activations: return x_loads_[i].bytes;
    case DmaRead::Kind::Weights: return w_loads_[i].bytes;
    case DmaRead::Kind::Partials: return partial_reads_[i].bytes;
  }
  return 0;
}

int64_t TilePlan::dram_read_address(const DmaRead& r) const {
  const auto i = static_cast<size_t>(r.index);
  switch (r.kind) {
    case DmaRead::Kind::Weights: {
      const WeightLoad& l = w_loads_[i];
      const int64_t n_tile = l.n_blk * map_.n_block_tiles;
      return g_.strips_bytes_before(n_tile) + g_.k_range_bytes(n_tile, 0, l.k_tile0 - 1);
    }
    case DmaRead::Kind::Activations: {
      const ActivationLoad& l = x_loads_[i];
      return kDramXBase + (l.m_blk * map_.m_block * g_.k + l.k_tile0 * g_.tile_k) * g_.activation_bytes;
    }
    case DmaRead::Kind::Partials: {
      const PlanStep& s = steps_[static_cast<size_t>(partial_reads_[i].step)];
      return kDramPartialBase + (s.m_blk * map_.m_block * g_.n + s.n_tile * g_.cols) * kPartialBytes;
    }
  }
  return 0;
}

int64_t TilePlan::m_tiles(int64_t m_blk) const {
  return output_stationary() ? ceil_div(m_block_rows(m_blk), g_.rows) : 1;
}

TileRef TilePlan::tile_at(const PlanStep& s, int64_t k_tile, int64_t m_tile) const {
  TileRef t;
  t.m_blk = s.m_blk;
  t.n_tile = s.n_tile;
  t.k_tile = k_tile;
  t.m_tile = m_tile;
  t.x_load = s.x_load;
  t.w_load = s.w_load;
  const int64_t block_m0 = s.m_blk * map_.m_block;
  if (output_stationary()) {
    t.m0 = block_m0 + m_tile * g_.rows;
    t.mt = std::min<int64_t>(g_.rows, block_m0 + m_block_rows(s.m_blk) - t.m0);
  } else {
    t.m0 = block_m0;
    t.mt = m_block_rows(s.m_blk);
  }
  t.n0 = s.n_tile * g_.cols;
  t.ct = g_.ct_of(s.n_tile);
  t.k0 = k_tile * g_.tile_k;
  t.kt = g_.kt_of(k_tile);
  t.group_end = (t.k0 + t.kt) % g_.group == 0 || t.k0 + t.kt == g_.k;
  t.block_end = k_tile == g_.k_tiles - 1;
  t.step_end = k_tile == step_last_k(s);
  return t;
}

int64_t TilePlan::activation_address(int64_t x_load, int64_t m_local, int64_t k) const {
  const ActivationLoad& l = x_loads_[static_cast<size_t>(x_load)];
  const int64_t k_base = l.k_tile0 * g_.tile_k;
  const int64_t k_extent = std::min(g_.k, (l.k_tile0 + l.k_tiles) * g_.tile_k) - k_base;
  const int64_t element = output_stationary() ? (k - k_base) * m_block_rows(l.m_blk) + m_local
                                              : m_local * k_extent + (k - k_base);
  return (x_load % map_.activation_slots) * fp_.activation_slot_bytes + element * g_.activation_bytes;
}

}  // namespace mixsim::sim
