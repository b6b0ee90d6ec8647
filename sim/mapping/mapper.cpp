#include "sim/mapping/mapper.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <set>
#include <stdexcept>

#include "sim/array/fast_model.hpp"
#include "sim/energy/energy_model.hpp"
#include "sim/energy/event_counters.hpp"
#include "sim/mapping/gemm_bounds.hpp"
#include "sim/memory/dram_channel.hpp"
#include "sim/memory/sram_banks.hpp"

namespace mixsim::sim {
namespace {

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t round_up(int64_t a, int64_t unit) { return ceil_div(a, unit) * unit; }

constexpr LoopDim kM = LoopDim::M, kN = LoopDim::N, kK = LoopDim::K;
const std::array<std::array<LoopDim, 3>, 6> kOrders = {{{kM, kN, kK}, {kN, kM, kK}, {kM, kK, kN},
                                                        {kN, kK, kM}, {kK, kM, kN}, {kK, kN, kM}}};

// Block sizes to try, in `unit`s of `total`: `total`, powers of two, balanced splits.
std::vector<int64_t> block_sizes(int64_t total, int64_t unit) {
  std::set<int64_t> sizes = {total};
  for (int64_t p = unit; p < total; p *= 2) sizes.insert(p);
  for (int64_t j = 2; j <= 16; ++j) sizes.insert(std::min(total, round_up(ceil_div(total, j), unit)));
  return {sizes.begin(), sizes.end()};
}

struct Trips {
  int64_t m, n, k;
  int64_t of(LoopDim d) const { return d == kM ? m : d == kN ? n : k; }
};

// The loops with more than one trip, outermost first, as letters: orders with the same
// effective sequence give the same schedule.
std::string effective_order(const std::array<LoopDim, 3>& order, const Trips& t) {
  std::string s;
  for (LoopDim d : order)
    if (t.of(d) > 1) s += dim_letter(d);
  return s;
}

// How many times an operand's data is read: the product of the trips of the loops it does not
// depend on that sit outside its innermost relevant loop (inner irrelevant loops reuse it).
int64_t read_multiplier(const std::array<LoopDim, 3>& order, const Trips& t, bool m, bool n, bool k) {
  auto relevant = [&](LoopDim d) { return d == kM ? m : d == kN ? n : k; };
  int innermost = -1;
  for (int i = 0; i < 3; ++i)
    if (relevant(order[static_cast<size_t>(i)]) && t.of(order[static_cast<size_t>(i)]) > 1) innermost = i;
  int64_t mult = 1;
  for (int i = 0; i < innermost; ++i)
    if (!relevant(order[static_cast<size_t>(i)])) mult *= t.of(order[static_cast<size_t>(i)]);
  return mult;
}

bool partials_leave_k(const std::array<LoopDim, 3>& order, const Trips& t) {
  bool after_k = false;
  for (LoopDim d : order) {
    if (after_k && t.of(d) > 1) return true;
    if (d == kK) after_k = true;
  }
  return false;
}

// Cheap legality check for the enumeration (mapping_error formats a message; this does not).
bool fits(const HardwareConfig& hw, const TileGeometry& g, const Mapping& map) {
  const int64_t k_elems = map.k_block_tiles * g.tile_k;
  if (map.k_block_tiles < g.k_tiles && g.group < g.k && k_elems % g.group != 0) return false;
  const MappingFootprint f = mapping_footprint(hw, g, map);
  return f.weight_block_bytes <= f.weight_slot_bytes && f.activation_block_bytes <= f.activation_slot_bytes &&
         f.output_bytes <= f.output_slot_bytes;
}

// Rows of every M-tile of the GEMM under an M-block size: rows -> count.
std::map<int64_t, int64_t> m_tile_rows(const TileGeometry& g, int64_t m_block) {
  std::map<int64_t, int64_t> rows;
  auto add_block = [&](int64_t block_rows, int64_t count) {
    if (count == 0 || block_rows == 0) return;
    if (!g.output_stationary()) {
      rows[block_rows] += count;
      return;
    }
    if (block_rows / g.rows > 0) rows[g.rows] += count * (block_rows / g.rows);
    if (block_rows % g.rows > 0) rows[block_rows % g.rows] += count;
  };
  add_block(m_block, g.m / m_block);
  add_block(g.m % m_block, 1);
  return rows;
}

// The counters whose energy depends on the mapping; the estimate prices each by its unit energy.
enum EnergyCounter : size_t {
  kDramRead, kDramWrite, kSramWeightRead, kSramWeightWrite, kSramActivationRead,
  kSramActivationWrite, kSramOutputRead, kSramOutputWrite, kPeCycles, kCycles
};
constexpr const char* kEnergyCounters[] = {
    "dram.read_bytes",           "dram.write_bytes",           "sram_weight.read_bytes",
    "sram_weight.write_bytes",   "sram_activation.read_bytes", "sram_activation.write_bytes",
    "sram_output.read_bytes",    "sram_output.write_bytes",    "pe_cycles",
    "cycles"};
static_assert(std::size(kEnergyCounters) == kCycles + 1);

}  // namespace

MapperObjective parse_mapper_objective(const std::string& name) {
  if (name == "latency") return MapperObjective::Latency;
  if (name == "energy") return MapperObjective::Energy;
  if (name == "edp") return MapperObjective::Edp;
  throw std::invalid_argument("mapper.objective: '" + name + "' is not one of latency, energy, edp");
}

std::string to_string(MapperObjective objective) {
  switch (objective) {
    case MapperObjective::Latency: return "latency";
    case MapperObjective::Energy: return "energy";
    case MapperObjective::Edp: return "edp";
  }
  return "latency";
}

std::vector<Mapping> enumerate_mappings(const HardwareConfig& hw, const TileGeometry& g) {
  const int64_t k_unit = g.group < g.k && g.group % g.tile_k == 0 ? g.group / g.tile_k : 1;
  std::vector<int64_t> ms = block_sizes(g.m, 1);
  if (g.output_stationary()) {  // whole R-row M-tiles too
    const std::vector<int64_t> r_multiples = block_sizes(g.m, std::min<int64_t>(g.rows, g.m));
    std::set<int64_t> all(ms.begin(), ms.end());
    all.insert(r_multiples.begin(), r_multiples.end());
    ms.assign(all.begin(), all.end());
  }
  const std::vector<int64_t> ns = block_sizes(g.n_tiles, 1), ks = block_sizes(g.k_tiles, std::min(k_unit, g.k_tiles));
  std::vector<int> w_slots = {1}, a_slots = {1};
  if (hw.weight_buffer.double_buffered) w_slots = {2, 1};
  if (hw.activation_buffer.double_buffered) a_slots = {2, 1};
  std::vector<Mapping> out;
  for (int64_t mb : ms)
    for (int64_t nb : ns)
      for (int64_t kb : ks) {
        const Trips t{ceil_div(g.m, mb), ceil_div(g.n_tiles, nb), ceil_div(g.k_tiles, kb)};
        std::set<std::string> seen_orders;
        for (const auto& order : kOrders) {
          if (!seen_orders.insert(effective_order(order, t)).second) continue;
          const bool split_k = t.k > 1;
          const bool can_spill = split_k && partials_leave_k(order, t);
          for (int xf = 0; xf <= (split_k ? 1 : 0); ++xf)
            for (int wf = 0; wf <= (split_k ? 1 : 0); ++wf)
              for (int sp = 0; sp <= (can_spill ? 1 : 0); ++sp)
                for (int ws : w_slots)
                  for (int as : a_slots) {
                    Mapping map;
                    map.order = order;
                    map.m_block = mb;
                    map.n_block_tiles = nb;
                    map.k_block_tiles = kb;
                    map.x_full_k = xf != 0;
                    map.w_full_k = wf != 0;
                    map.spill_partials = sp != 0;
                    map.weight_slots = ws;
                    map.activation_slots = as;
                    if (fits(hw, g, map)) out.push_back(map);
                  }
        }
      }
  return out;
}

std::vector<Mapping> legacy_mappings(const HardwareConfig& hw, const TileGeometry& g) {
  // The controller before the mapper: X rows of all of K per M-chunk (as many as the activation
  // slot and C-wide accumulators allow), weights in batches of K-tiles filling a weight slot;
  // activation-resident (M, N, K) or, when one N-tile's full-K weights fit a slot,
  // weight-resident (N-blocks of such strips, then M).
  const int ws = hw.weight_buffer.double_buffered ? 2 : 1, as = hw.activation_buffer.double_buffered ? 2 : 1;
  const int64_t w_slot = hw.weight_buffer.capacity_bytes / ws, a_slot = hw.activation_buffer.capacity_bytes / as;
  const int64_t o_slot = hw.output_buffer.capacity_bytes / (hw.output_buffer.double_buffered ? 2 : 1);
  const int64_t chunk = std::min({g.m, a_slot / (g.k * g.activation_bytes), o_slot / (int64_t{g.cols} * 8)});
  const int64_t tile = g.tile_bytes(g.tile_k, g.cols);
  std::vector<Mapping> out;
  if (chunk < 1 || tile > w_slot) return out;
  Mapping ar;
  ar.m_block = chunk;
  ar.k_block_tiles = std::min(g.k_tiles, w_slot / tile);
  ar.x_full_k = ar.k_block_tiles < g.k_tiles;
  ar.weight_slots = ws;
  ar.activation_slots = as;
  if (!mapping_error(hw, g, ar)) out.push_back(ar);
  const int64_t strip = g.k_range_bytes(0, 0, g.k_tiles - 1);
  if (strip <= w_slot) {
    Mapping wr = ar;
    wr.order = {kN, kM, kK};
    wr.n_block_tiles = std::min(g.n_tiles, w_slot / strip);
    wr.k_block_tiles = g.k_tiles;
    wr.x_full_k = false;
    if (!mapping_error(hw, g, wr)) out.push_back(wr);
  }
  return out;
}

Mapper::Mapper(const HardwareConfig& hw, const EnergyTable& energy, MapperConfig config)
    : hw_(hw), calibration_(calibrate_streaming(hw.dram)),
      dram_(hw.dram, hw.clock_ghz, calibration_.streaming_efficiency), energy_(energy), config_(std::move(config)) {
  const double base = energy_by_component({}, energy_, hw_, &calibration_).at("total");
  const int64_t unit = 1'000'000;
  for (size_t i = 0; i < std::size(kEnergyCounters); ++i)
    unit_pj_[i] = (energy_by_component({{kEnergyCounters[i], unit}}, energy_, hw_, &calibration_).at("total") - base) / unit;
}

MappingEstimate Mapper::estimate(const TileGeometry& g, const Mapping& map) const {
  const Trips t{ceil_div(g.m, map.m_block), ceil_div(g.n_tiles, map.n_block_tiles),
                ceil_div(g.k_tiles, map.k_block_tiles)};
  const DramChannel& dram = dram_;
  const SramBanks wb(hw_.weight_buffer, "weight_buffer"), ab(hw_.activation_buffer, "activation_buffer");
  const int64_t x_total = g.m * g.k * g.activation_bytes;
  const int64_t w_strip = g.k_range_bytes(0, 0, g.k_tiles - 1);
  const int64_t w_total = (g.n_tiles - 1) * w_strip + g.k_range_bytes(g.n_tiles - 1, 0, g.k_tiles - 1);
  const int64_t x_reads = x_total * read_multiplier(map.order, t, true, false, !map.x_full_k);
  const int64_t w_reads = w_total * read_multiplier(map.order, t, false, true, !map.w_full_k);
  const int64_t spill = map.spill_partials && partials_leave_k(map.order, t)
                            ? (t.k - 1) * g.m * g.n * TilePlan::kPartialBytes : 0;
  MappingEstimate e;
  e.dram_read_bytes = x_reads + w_reads + spill;
  e.dram_write_bytes = g.m * g.n * g.output_bytes + spill;

  // Array time: every tile's period, by tile shape class.
  const auto m_rows = m_tile_rows(g, map.m_block);
  const int64_t last_ct = g.ct_of(g.n_tiles - 1), last_kt = g.kt_of(g.k_tiles - 1);
  const std::pair<int64_t, int64_t> cts[2] = {{g.cols, g.n_tiles - 1}, {last_ct, 1}};
  const std::pair<int64_t, int64_t> kts[2] = {{g.tile_k, g.k_tiles - 1}, {last_kt, 1}};
  int64_t compute = 0, tiles_weight_bytes = 0, m_tiles = 0;
  for (const auto& [rows, count_m] : m_rows) {
    m_tiles += count_m;
    for (const auto& [ct, count_n] : cts)
      for (const auto& [kt, count_k] : kts) {
        const int64_t count = count_m * count_n * count_k;
        if (count == 0) continue;
        int64_t period = 0;
        if (!g.output_stationary()) {
          period = std::max(wb.aligned_access_cycles(g.tile_bytes(kt, ct)),
                            rows * ab.aligned_access_cycles(kt * g.activation_bytes));
        } else {
          const int64_t a = ab.aligned_access_cycles(rows * g.activation_bytes);
          const int64_t w = wb.aligned_access_cycles((ct * g.weight_bits + 7) / 8);
          period = std::max<int64_t>(kt * std::max(a, w), g.rows);
        }
        compute += count * period;
      }
  }
  tiles_weight_bytes = w_total * m_tiles;
  const int64_t x_first = std::min(map.m_block, g.m) *
                          (map.x_full_k ? g.k : std::min(g.k, map.k_block_tiles * g.tile_k)) * g.activation_bytes;
  const int64_t prologue = dram.transfer_cycles(x_first) + dram.transfer_cycles(g.tile_bytes(g.tile_k, g.cols)) +
                           2 * dram.latency();
  const int64_t epilogue = (g.output_stationary() ? 2 * int64_t{g.rows} : int64_t{g.rows}) + g.cols + g.dequant_latency +
                           dram.transfer_cycles(std::min(map.m_block, g.m) * g.cols * g.output_bytes) + dram.latency();
  // Single-buffered inputs cannot load while the array computes: their transfers add up.
  const int64_t serial = (map.weight_slots == 1 ? dram.transfer_cycles(w_reads) : 0) +
                         (map.activation_slots == 1 ? dram.transfer_cycles(x_reads) : 0);
  const int64_t overlapped = dram.transfer_cycles(e.dram_read_bytes + e.dram_write_bytes) - serial;
  // A slot holds one load from its request until the array releases it, so each stream moves at
  // most `slots` loads per (latency + transfer): small blocks are latency-bound, whatever the
  // bandwidth (without this term, a 4-row x one-K-tile mapping of a prefill GEMM ranks near the
  // compute bound and then runs 14x slower).
  const int64_t x_block = std::min(map.m_block, g.m) *
                          (map.x_full_k ? g.k : std::min(g.k, map.k_block_tiles * g.tile_k)) * g.activation_bytes;
  const int64_t w_block = std::min(map.n_block_tiles, g.n_tiles) *
                          g.k_range_bytes(0, 0, (map.w_full_k ? g.k_tiles : std::min(g.k_tiles, map.k_block_tiles)) - 1);
  auto stream_bound = [&](int64_t bytes, int64_t block, int slots) {
    const int64_t loads = ceil_div(bytes, std::max<int64_t>(block, 1));
    return loads * (dram.latency() + dram.transfer_cycles(block)) / std::max(slots, 1);
  };
  const int64_t latency_bound = std::max(stream_bound(x_reads, x_block, map.activation_slots),
                                         stream_bound(w_reads, w_block, map.weight_slots));
  e.cycles = std::max({compute, overlapped, latency_bound}) + serial + prologue + epilogue;
  // Only the two terms that hold for any schedule (the per-load latency term counts loads from
  // byte totals and can overshoot the plan's real loads).
  e.lower_bound_cycles = std::max(compute, dram.transfer_cycles(e.dram_read_bytes + e.dram_write_bytes));

  const auto& u = unit_pj_;
  e.energy_pj = u[kDramRead] * static_cast<double>(e.dram_read_bytes) +
                u[kDramWrite] * static_cast<double>(e.dram_write_bytes) +
                u[kSramWeightRead] * static_cast<double>(tiles_weight_bytes) +
                u[kSramWeightWrite] * static_cast<double>(w_reads) +
                u[kSramActivationRead] * static_cast<double>(x_total * g.n_tiles) +
                u[kSramActivationWrite] * static_cast<double>(x_reads) +
                (u[kSramOutputRead] + u[kSramOutputWrite]) * static_cast<double>(spill) +
                u[kPeCycles] * static_cast<double>(e.cycles) * g.rows * g.cols +
                u[kCycles] * static_cast<double>(e.cycles);
  return e;
}

std::pair<int64_t, double> Mapper::evaluate(const PeTraits& pe, const TileGeometry& g, const Mapping& map) const {
  const TilePlan plan(hw_, g, map);
  EventCounters counters(pe, plan);
  const int64_t cycles = run_fast_model(hw_, plan, counters, &calibration_);
  counters.finish(cycles);
  return {cycles, energy_by_component(counters.counts(), energy_, hw_, &calibration_).at("total")};
}

Mapper::Score Mapper::score(int64_t cycles, double energy_pj) const {
  const double c = static_cast<double>(cycles);
  switch (config_.objective) {
    case MapperObjective::Latency: return {c, energy_pj};
    case MapperObjective::Energy: return {energy_pj, c};
    case MapperObjective::Edp: return {energy_pj * c, c};
  }
  return {c, energy_pj};
}

MappingChoice Mapper::search(const PeTraits& pe, const TileGeometry& g) const {
  const std::vector<Mapping> legal = enumerate_mappings(hw_, g);
  const std::vector<Mapping> legacy = legacy_mappings(hw_, g);
  if (legal.empty() && legacy.empty()) {
    Mapping smallest;  // one row, one N-tile, one K-block, single-buffered
    smallest.k_block_tiles = g.group < g.k && g.group % g.tile_k == 0 ? g.group / g.tile_k : 1;
    smallest.weight_slots = smallest.activation_slots = 1;
    throw std::invalid_argument(fmt::format("no mapping of GEMM {}x{}x{} fits the buffers; even the smallest ({}): {}",
                                            g.m, g.n, g.k, to_string(smallest),
                                            mapping_error(hw_, g, smallest).value_or("?")));
  }
  std::vector<MappingEstimate> estimates;
  estimates.reserve(legal.size());
  for (const Mapping& m : legal) estimates.push_back(estimate(g, m));
  // Under the latency objective, estimates within kNearTie of the best are ties broken by energy:
  // the estimate is not exact to 0.5% (fill, drain and prologue differ by a few thousand cycles),
  // and among mappings that all run at the compute bound the one moving fewer bytes should be
  // timed first.
  int64_t best_estimate = 0;
  for (size_t i = 0; i < estimates.size(); ++i)
    if (i == 0 || estimates[i].cycles < best_estimate) best_estimate = estimates[i].cycles;
  // Only where the GEMM is compute-bound: there many mappings saturate the array; where it is
  // memory-bound the estimate's error is larger than the band and cycles must decide.
  const GemmBounds bounds = gemm_bounds(hw_, g);
  const bool compute_bound = static_cast<double>(bounds.compute_cycles) >=
                             static_cast<double>(bounds.traffic_cycles) / dram_.efficiency();
  const double near_tie = compute_bound ? static_cast<double>(best_estimate) * (1.0 + kNearTie) : -1.0;
  std::vector<std::pair<Score, size_t>> ranked;
  ranked.reserve(legal.size());
  for (size_t i = 0; i < legal.size(); ++i) {
    const MappingEstimate& e = estimates[i];
    Score s = score(e.cycles, e.energy_pj);
    if (config_.objective == MapperObjective::Latency && static_cast<double>(e.cycles) <= near_tie)
      s = {near_tie, e.energy_pj};
    ranked.push_back({s, i});
  }
  const size_t top = std::min(ranked.size(), static_cast<size_t>(std::max(1, config_.exact_candidates)));
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(top), ranked.end());
  std::vector<Mapping> finalists;
  std::vector<int64_t> lower_bounds;  // of each finalist, for branch and bound
  for (size_t i = 0; i < top; ++i) {
    finalists.push_back(legal[ranked[i].second]);
    lower_bounds.push_back(estimates[ranked[i].second].lower_bound_cycles);
  }
  const size_t searched = finalists.size();  // the rest are the old controller's
  for (const Mapping& m : legacy)
    if (std::find(finalists.begin(), finalists.end(), m) == finalists.end()) {
      finalists.push_back(m);
      lower_bounds.push_back(estimate(g, m).lower_bound_cycles);
    }
  // Under the latency objective a finalist whose lower bound exceeds the best time so far (plus
  // the tie band) cannot win and is not timed (branch and bound). Among the timed ones, those
  // within kNearTie of the fastest are ties broken by energy: a schedule 0.2% faster that moves
  // 3x the DRAM bytes must not decide an energy verdict. The pick is never slower than the old
  // two-order controller's mappings, which are always candidates.
  const bool latency = config_.objective == MapperObjective::Latency;
  struct Timed { size_t index; int64_t cycles; double energy_pj; };
  std::vector<Timed> timed;
  int64_t fastest = 0, fastest_legacy = INT64_MAX;
  for (size_t i = 0; i < finalists.size(); ++i) {
    const bool is_legacy = i >= searched || std::find(legacy.begin(), legacy.end(), finalists[i]) != legacy.end();
    if (!timed.empty() && latency &&
        static_cast<double>(lower_bounds[i]) > static_cast<double>(fastest) * (1.0 + kNearTie))
      continue;
    const auto [cycles, energy] = evaluate(pe, g, finalists[i]);
    timed.push_back({i, cycles, energy});
    fastest = timed.size() == 1 ? cycles : std::min(fastest, cycles);
    if (is_legacy) fastest_legacy = std::min(fastest_legacy, cycles);
  }
  const double band = latency ? std::min(static_cast<double>(fastest) * (1.0 + kNearTie),
                                         static_cast<double>(fastest_legacy))
                              : 0.0;
  MappingChoice best;
  Score best_score;
  bool chosen = false;
  for (const Timed& t : timed) {
    Score s = score(t.cycles, t.energy_pj);
    if (latency && static_cast<double>(t.cycles) <= band) s = {band, t.energy_pj};
    if (!chosen || s < best_score) {
      chosen = true;
      best_score = s;
      best.mapping = finalists[t.index];
      best.cycles = t.cycles;
      best.energy_pj = t.energy_pj;
    }
  }
  best.legal_mappings = static_cast<int64_t>(legal.size());
  return best;
}

MappingChoice Mapper::choose(const PeTraits& pe, const TileGeometry& g, const std::string& gemm_name) {
  const std::string short_name = gemm_name.substr(gemm_name.find('.') + 1);
  for (const std::string& key : {gemm_name, short_name}) {
    const auto pin = config_.pins.find(key);
    if (key.empty() || pin == config_.pins.end()) continue;
    if (const auto error = mapping_error(hw_, g, pin->second))
      throw std::invalid_argument(fmt::format("mapper.pin.{}: '{}' cannot run GEMM {}x{}x{}: {}", key,
                                              to_string(pin->second), g.m, g.n, g.k, *error));
    MappingChoice choice;
    choice.mapping = pin->second;
    choice.pinned = true;
    std::tie(choice.cycles, choice.energy_pj) = evaluate(pe, g, pin->second);
    return choice;
  }
  if (!g.uniform_tiles()) return search(pe, g);  // tile bytes of these weights: nothing to share
  const std::string key =
      fmt::format("{}x{}x{} df{} tk{} g{} wb{} ab{} ob{}", g.m, g.n, g.k, static_cast<int>(g.dataflow), g.tile_k,
                  g.group, g.weight_bits, g.activation_bytes, g.output_bytes);
  const auto hit = memo_.find(key);
  if (hit != memo_.end()) return hit->second;
  return memo_[key] = search(pe, g);
}

}  // namespace mixsim::sim
