#include "sim/array/fast_model.hpp"

#include <algorithm>
#include <deque>
#include <stdexcept>
#include <vector>

#include "sim/memory/dram_channel.hpp"
#include "sim/memory/sram_banks.hpp"
#include "sim/array/tile_costs.hpp"
#include "sim/array/tile_timeline.hpp"

namespace mixsim::sim {
namespace {

struct PendingWrite {
  int64_t time;
  int64_t bytes;
};

// Issues the plan's DMA reads in order, each at max(slot free, previous issue), letting
// earlier output write-backs take the channel first.
class FastDma {
 public:
  FastDma(const HardwareConfig& hw, const TilePlan& plan, EventCounters& counters)
      : plan_(plan), dram_(hw.dram, hw.clock_ghz), counters_(counters),
        batch_start_(static_cast<size_t>(plan.batch_count()), -1),
        chunk_arrival_(static_cast<size_t>(plan.activation_load_count()), -1),
        batch_load_end_(static_cast<size_t>(plan.batch_count()), -1),
        chunk_stream_end_(static_cast<size_t>(plan.activation_load_count()), -1) {}

  const DramChannel& dram() const { return dram_; }
  int64_t batch_start(int64_t batch) {
    issue_through_batch(batch);
    return batch_start_[static_cast<size_t>(batch)];
  }
  // Arrival of activation load a (issuing the plan's reads up to it first).
  int64_t chunk_arrival(int64_t act_load) {
    while (chunk_arrival_[static_cast<size_t>(act_load)] < 0) issue_next_read();
    return chunk_arrival_[static_cast<size_t>(act_load)];
  }
  void batch_loaded(int64_t batch, int64_t t) { batch_load_end_[static_cast<size_t>(batch)] = t; }
  void chunk_streamed(int64_t chunk, int64_t t) { chunk_stream_end_[static_cast<size_t>(chunk)] = t; }
  void write_back(int64_t time, int64_t bytes) { writes_.push_back({time, bytes}); }

  // Drains the remaining writes; returns the cycle the last one completes.
  int64_t finish() {
    int64_t end = 0;
    while (!writes_.empty()) end = std::max(end, flush_one_write());
    return std::max(end, last_write_done_);
  }

 private:
  int64_t flush_one_write() {
    const PendingWrite w = writes_.front();
    writes_.pop_front();
    const int64_t start = dram_.request(w.time, w.bytes);
    counters_.add_dram_write(w.bytes, dram_.bursts(w.bytes));
    last_write_done_ = std::max(last_write_done_, start + dram_.transfer_cycles(w.bytes) + dram_.latency());
    return last_write_done_;
  }

  void issue_through_batch(int64_t batch) {
    while (batch_start_[static_cast<size_t>(batch)] < 0) issue_next_read();
  }

  void issue_next_read() {
    const auto& reads = plan_.dma_reads();
    if (next_read_ >= static_cast<int64_t>(reads.size()))
      throw std::logic_error("fast model: read past the plan's DMA reads");
    const DmaRead& r = reads[static_cast<size_t>(next_read_++)];
    int64_t slot_free = 0, bytes = 0;
    if (r.kind == DmaRead::Kind::Weights) {
      if (r.index >= plan_.weight_slots())
        slot_free = batch_load_end_[static_cast<size_t>(r.index - plan_.weight_slots())];
      bytes = plan_.batch_weight_bytes(r.index);
    } else {
      if (r.index >= plan_.activation_slots())
        slot_free = chunk_stream_end_[static_cast<size_t>(r.index - plan_.activation_slots())];
      bytes = plan_.load_activation_bytes(r.index);
    }
    if (slot_free < 0) throw std::logic_error("fast model: DMA slot released by an unplaced tile");
    const int64_t issue = std::max(slot_free, last_issue_);
    while (!writes_.empty() && writes_.front().time <= issue) flush_one_write();
    const int64_t start = dram_.request(issue, bytes);
    last_issue_ = issue;
    counters_.add_dram_read(bytes, dram_.bursts(bytes));
    if (r.kind == DmaRead::Kind::Weights) {
      batch_start_[static_cast<size_t>(r.index)] = start;
      counters_.add_sram_write("sram_weight", bytes);
    } else {
      chunk_arrival_[static_cast<size_t>(r.index)] =
          start + dram_.transfer_cycles(bytes) + dram_.latency();
      counters_.add_sram_write("sram_activation", bytes);
    }
  }

  const TilePlan& plan_;
  DramChannel dram_;
  EventCounters& counters_;
  std::vector<int64_t> batch_start_, chunk_arrival_, batch_load_end_, chunk_stream_end_;
  std::deque<PendingWrite> writes_;
  int64_t next_read_ = 0, last_issue_ = 0, last_write_done_ = 0;
};

}  // namespace

namespace {

// Places the tiles of one weight batch, M-tile by M-tile. When every tile of a run (one M-tile's
// K-tiles of the batch) has the same shape, the previous tile streamed for as long as these
// will, and the run's data is in the buffers before the array could want it
// (ready_last + load <= stream_start_prev + period), the recurrence collapses exactly to
// stream_start_i = stream_start_(i-1) + max(load, stream): the run is placed in O(1).
// Otherwise each tile is placed in turn.
class BatchPlacer {
 public:
  BatchPlacer(const HardwareConfig& hw, const TilePlan& plan, EventCounters& counters, FastDma& dma)
      : plan_(plan), counters_(counters), dma_(dma),
        weight_banks_(hw.weight_buffer, "weight_buffer"),
        act_banks_(hw.activation_buffer, "activation_buffer") {}

  void place_step(const PlanStep& step) {
    const int64_t start = dma_.batch_start(plan_.batch_index(step.chunk, step.n_tile, step.b));
    const int64_t base = plan_.step_weight_offset(step);
    for (int64_t mi = 0; mi < plan_.m_tiles(step.chunk); ++mi)
      place_run(step.chunk, step.n_tile, mi, plan_.batch_first_k(step.b), plan_.batch_last_k(step.b),
                start, base);
  }

  int64_t last_out() const { return last_out_; }
  void add_summary_counters() {
    counters_.add("sram_activation.bank_conflict_cycles", conflicts_);
    counters_.add("sram_weight.read_cycles", weight_cycles_);
    counters_.add("cycles.array_busy", busy_);
  }

 private:
  int64_t ready_of(int64_t start, int64_t prefix, int64_t act_load) {
    const DramChannel& dram = dma_.dram();
    return std::max(start + dram.transfer_cycles(prefix) + dram.latency(), dma_.chunk_arrival(act_load));
  }

  void place_run(int64_t chunk, int64_t n_tile, int64_t mi, int64_t k_first, int64_t k_last,
                 int64_t start, int64_t base) {
    const TileRef first = plan_.tile_at(chunk, n_tile, k_first, mi);
    const TileRef last = plan_.tile_at(chunk, n_tile, k_last, mi);
    const int64_t count = k_last - k_first + 1;
    const TileCost cost = closed_form_cost(plan_, first, plan_.weight_bits(), weight_banks_, act_banks_);
    const int64_t period = std::max(cost.load, cost.stream);
    const int64_t ready_last = ready_of(start, base + count * plan_.tile_weight_bytes(first), first.act_load);
    const int64_t tpg = plan_.tiles_per_group();
    if (first.kt == last.kt && tpg > 0 && count > 1 &&
        prev_stream_end_ == prev_stream_start_ + cost.stream &&
        ready_last + cost.load <= prev_stream_start_ + period) {
      place_closed_form(first, last, count, cost, period, ready_last, tpg);
      return;
    }
    // Tile by tile. Tiles of a run differ only in their K fields (and the last K-tile's size),
    // so each is derived from the first without re-deriving the plan's divisions.
    int64_t prefix = base;
    TileRef t = first;
    TileCost c = cost;
    for (int64_t k = k_first; k <= k_last; ++k) {
      if (k != k_first) {
        t.k_tile = k;
        t.k0 = k * plan_.tile_k();
        t.kt = std::min(plan_.tile_k(), plan_.k() - t.k0);
        t.group_end = tpg > 0 ? (k + 1) % tpg == 0 || k == plan_.k_tiles() - 1
                              : t.k0 + t.kt == plan_.k();
        t.block_end = k == plan_.k_tiles() - 1;
        if (t.kt != first.kt) c = closed_form_cost(plan_, t, plan_.weight_bits(), weight_banks_, act_banks_);
      }
      prefix += plan_.tile_weight_bytes(t);
      const int64_t ready = ready_of(start, prefix, t.act_load);
      TileTimes times;
      times.load_start = std::max(ready, prev_stream_start_);
      times.load_end = times.load_start + c.load;
      times.stream_start = std::max(times.load_end, prev_stream_end_);
      times.stream_end = times.stream_start + c.stream;
      times.out_done = times.stream_end + plan_.pipeline_latency() +
                       (t.group_end ? plan_.group_dequant_latency() : 0);
      prev_stream_start_ = times.stream_start;
      prev_stream_end_ = times.stream_end;
      account(c, 1);
      finish_tile(t, times);
      counters_.add_tile(t);
    }
  }

  void place_closed_form(const TileRef& first, const TileRef& last, int64_t count,
                         const TileCost& cost, int64_t period, int64_t ready_last, int64_t tpg) {
    // stream_start of the run's i-th tile (1-based) = prev + i * period.
    const int64_t ss0 = prev_stream_start_;
    const int64_t ss_last = ss0 + count * period;
    TileTimes times;
    times.load_start = std::max(ready_last, ss_last - period);
    times.load_end = times.load_start + cost.load;
    times.stream_start = ss_last;
    times.stream_end = ss_last + cost.stream;
    times.out_done = times.stream_end + plan_.pipeline_latency() +
                     (last.group_end ? plan_.group_dequant_latency() : 0);
    // Group ends inside the run: K-tiles k with (k + 1) % tpg == 0.
    const int64_t group_ends = (last.k_tile + 1) / tpg - first.k_tile / tpg;
    if (group_ends > 0 && !last.group_end) {
      const int64_t j = ((last.k_tile + 1) / tpg) * tpg - 1;  // last group-end K-tile
      const int64_t out_j = ss0 + (j - first.k_tile + 1) * period + cost.stream +
                            plan_.pipeline_latency() + plan_.group_dequant_latency();
      last_out_ = std::max(last_out_, out_j);
    }
    prev_stream_start_ = ss_last;
    prev_stream_end_ = times.stream_end;
    account(cost, count);
    finish_tile(last, times);
    counters_.add_tiles(first, count, group_ends, last.block_end ? 1 : 0);
  }

  void account(const TileCost& c, int64_t count) {
    busy_ += count * c.stream;
    conflicts_ += count * c.activation_conflicts;
    weight_cycles_ += count * c.weight_read_cycles;
  }

  void finish_tile(const TileRef& t, const TileTimes& times) {
    if (plan_.releases_batch(t))
      dma_.batch_loaded(t.batch, plan_.output_stationary() ? times.stream_end : times.load_end);
    if (plan_.releases_chunk(t)) dma_.chunk_streamed(t.act_load, times.stream_end);
    if (t.block_end) dma_.write_back(times.out_done, plan_.block_output_bytes(t));
    last_out_ = std::max(last_out_, times.out_done);
  }

  const TilePlan& plan_;
  EventCounters& counters_;
  FastDma& dma_;
  SramBanks weight_banks_, act_banks_;
  int64_t prev_stream_start_ = 0, prev_stream_end_ = 0, last_out_ = 0;
  int64_t busy_ = 0, conflicts_ = 0, weight_cycles_ = 0;
};

}  // namespace

int64_t run_fast_model(const HardwareConfig& hw, const TilePlan& plan, EventCounters& counters) {
  FastDma dma(hw, plan, counters);
  BatchPlacer placer(hw, plan, counters, dma);
  for (const PlanStep& step : plan.steps()) placer.place_step(step);
  placer.add_summary_counters();
  return std::max(placer.last_out(), dma.finish());
}

}  // namespace mixsim::sim
