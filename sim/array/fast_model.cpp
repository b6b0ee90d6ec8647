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
  FastDma(const HardwareConfig& hw, const TilePlan& plan, EventCounters& counters, const DramCalibration& calibration)
      : plan_(plan), dram_(hw.dram, hw.clock_ghz, calibration.streaming_efficiency), counters_(counters),
        w_start_(plan.weight_loads().size(), -1), x_arrival_(plan.activation_loads().size(), -1),
        p_arrival_(plan.partial_reads().size(), -1), w_free_(plan.weight_loads().size(), -1),
        x_free_(plan.activation_loads().size(), -1), spill_done_(plan.steps().size(), -1) {}

  const DramChannel& dram() const { return dram_; }
  int64_t weight_start(int64_t load) { return issued(w_start_, load); }
  int64_t activation_arrival(int64_t load) { return issued(x_arrival_, load); }
  int64_t partial_arrival(int64_t read) { return issued(p_arrival_, read); }
  void weights_free(int64_t load, int64_t t) { w_free_[static_cast<size_t>(load)] = t; }
  void activations_free(int64_t load, int64_t t) { x_free_[static_cast<size_t>(load)] = t; }
  void spilled(int64_t step, int64_t t) {
    auto& s = spill_done_[static_cast<size_t>(step)];
    s = std::max(s, t);
  }
  void write_back(int64_t time, int64_t bytes) { writes_.push_back({time, bytes}); }

  // Drains the remaining writes; returns the cycle the last one completes.
  int64_t finish() {
    int64_t end = 0;
    while (!writes_.empty()) end = std::max(end, flush_one_write());
    return std::max(end, last_write_done_);
  }

 private:
  int64_t issued(std::vector<int64_t>& times, int64_t index) {
    while (times[static_cast<size_t>(index)] < 0) issue_next_read();
    return times[static_cast<size_t>(index)];
  }

  int64_t flush_one_write() {
    const PendingWrite w = writes_.front();
    writes_.pop_front();
    const int64_t start = dram_.request(w.time, w.bytes);
    counters_.add_dram_write(w.bytes, dram_.bursts(w.bytes));
    last_write_done_ = std::max(last_write_done_, start + dram_.transfer_cycles(w.bytes) + dram_.latency());
    return last_write_done_;
  }

  int64_t slot_free(const DmaRead& r) const {
    const auto freed = [&](const std::vector<int64_t>& free, int slots) {
      return r.index >= slots ? free[static_cast<size_t>(r.index - slots)] : int64_t{0};
    };
    switch (r.kind) {
      case DmaRead::Kind::Weights: return freed(w_free_, plan_.weight_slots());
      case DmaRead::Kind::Activations: return freed(x_free_, plan_.activation_slots());
      case DmaRead::Kind::Partials:
        return spill_done_[static_cast<size_t>(plan_.partial_reads()[static_cast<size_t>(r.index)].spill_step)];
    }
    return 0;
  }

  void issue_next_read() {
    const auto& reads = plan_.dma_reads();
    if (next_read_ >= static_cast<int64_t>(reads.size()))
      throw std::logic_error("fast model: read past the plan's DMA reads");
    const DmaRead& r = reads[static_cast<size_t>(next_read_++)];
    const int64_t free = slot_free(r);
    if (free < 0) throw std::logic_error("fast model: DMA slot released by an unplaced tile");
    const int64_t bytes = plan_.read_bytes(r);
    const int64_t issue = std::max(free, last_issue_);
    while (!writes_.empty() && writes_.front().time <= issue) flush_one_write();
    const int64_t start = dram_.request(issue, bytes);
    last_issue_ = issue;
    counters_.add_dram_read(bytes, dram_.bursts(bytes));
    const int64_t arrival = start + dram_.transfer_cycles(bytes) + dram_.latency();
    switch (r.kind) {
      case DmaRead::Kind::Weights:
        w_start_[static_cast<size_t>(r.index)] = start;
        counters_.add_sram_write("sram_weight", bytes);
        break;
      case DmaRead::Kind::Activations:
        x_arrival_[static_cast<size_t>(r.index)] = arrival;
        counters_.add_sram_write("sram_activation", bytes);
        break;
      case DmaRead::Kind::Partials:
        p_arrival_[static_cast<size_t>(r.index)] = arrival;
        counters_.add_sram_write("sram_output", bytes);
        counters_.add("partial_spill.read_bytes", bytes);
        break;
    }
  }

  const TilePlan& plan_;
  DramChannel dram_;
  EventCounters& counters_;
  std::vector<int64_t> w_start_, x_arrival_, p_arrival_, w_free_, x_free_, spill_done_;
  std::deque<PendingWrite> writes_;
  int64_t next_read_ = 0, last_issue_ = 0, last_write_done_ = 0;
};

// Places the tiles of one step, M-tile by M-tile. When every tile of a run (one M-tile's
// K-tiles of the step) has the same shape, the previous tile streamed for as long as these
// will, and the run's data is in the buffers before the array could want it
// (ready_last + load <= stream_start_prev + period), the recurrence collapses exactly to
// stream_start_i = stream_start_(i-1) + max(load, stream): the run is placed in O(1).
// Otherwise each tile is placed in turn.
class StepPlacer {
 public:
  StepPlacer(const HardwareConfig& hw, const TilePlan& plan, EventCounters& counters, FastDma& dma)
      : plan_(plan), counters_(counters), dma_(dma),
        weight_banks_(hw.weight_buffer, "weight_buffer"),
        act_banks_(hw.activation_buffer, "activation_buffer") {}

  void place_step(int64_t index, const PlanStep& step) {
    const int64_t start = dma_.weight_start(step.w_load);
    int64_t data = dma_.activation_arrival(step.x_load);
    if (step.partial_read >= 0) data = std::max(data, dma_.partial_arrival(step.partial_read));
    const int64_t m_tiles = plan_.m_tiles(step.m_blk);
    for (int64_t mi = 0; mi < m_tiles; ++mi) {
      const TileTimes last = place_run(step, mi, start, data);
      finish_run(index, step, plan_.tile_at(step, plan_.step_last_k(step), mi), last, mi == m_tiles - 1);
    }
  }

  int64_t last_out() const { return last_out_; }
  void add_summary_counters() {
    counters_.add("sram_activation.bank_conflict_cycles", conflicts_);
    counters_.add("sram_weight.read_cycles", weight_cycles_);
    counters_.add("cycles.array_busy", busy_);
  }

 private:
  int64_t ready_of(int64_t start, int64_t prefix, int64_t data) const {
    const DramChannel& dram = dma_.dram();
    return std::max(start + dram.transfer_cycles(prefix) + dram.latency(), data);
  }

  // Places one M-tile's K-tiles of the step; returns the last tile's times.
  TileTimes place_run(const PlanStep& step, int64_t mi, int64_t start, int64_t data) {
    const int64_t k_first = plan_.step_first_k(step), k_last = plan_.step_last_k(step);
    const TileRef first = plan_.tile_at(step, k_first, mi);
    const TileRef last = plan_.tile_at(step, k_last, mi);
    const int64_t count = k_last - k_first + 1;
    const TileCost cost = closed_form_cost(plan_, first, plan_.weight_bits(), weight_banks_, act_banks_);
    const int64_t period = std::max(cost.load, cost.stream);
    const int64_t ready_last = ready_of(start, step.w_offset + count * plan_.tile_weight_bytes(first), data);
    const int64_t tpg = plan_.tiles_per_group();
    // The closed form needs every tile of the run alike (not so with per-group weight widths).
    if (plan_.geometry().uniform_tiles() && first.kt == last.kt && tpg > 0 && count > 1 && prev_stream_end_ == prev_stream_start_ + cost.stream &&
        ready_last + cost.load <= prev_stream_start_ + period)
      return place_closed_form(first, last, count, cost, period, ready_last, tpg);
    // Tile by tile. Tiles of a run differ only in their K fields (and the last K-tile's size).
    int64_t prefix = step.w_offset;
    TileRef t = first;
    TileCost c = cost;
    TileTimes times;
    for (int64_t k = k_first; k <= k_last; ++k) {
      if (k != k_first) {
        t = plan_.tile_at(step, k, mi);
        if (t.kt != first.kt || !plan_.geometry().uniform_tiles()) c = closed_form_cost(plan_, t, plan_.weight_bits(), weight_banks_, act_banks_);
      }
      prefix += plan_.tile_weight_bytes(t);
      times.load_start = std::max(ready_of(start, prefix, data), prev_stream_start_);
      times.load_end = times.load_start + c.load;
      times.stream_start = std::max(times.load_end, prev_stream_end_);
      times.stream_end = times.stream_start + c.stream;
      times.out_done = times.stream_end + plan_.pipeline_latency() +
                       (t.group_end ? plan_.group_dequant_latency() : 0);
      prev_stream_start_ = times.stream_start;
      prev_stream_end_ = times.stream_end;
      last_out_ = std::max(last_out_, times.out_done);
      account(c, 1);
      counters_.add_tile(t);
    }
    return times;
  }

  TileTimes place_closed_form(const TileRef& first, const TileRef& last, int64_t count, const TileCost& cost,
                              int64_t period, int64_t ready_last, int64_t tpg) {
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
    last_out_ = std::max(last_out_, times.out_done);
    account(cost, count);
    counters_.add_tiles(first, count, group_ends, last.block_end ? 1 : 0);
    return times;
  }

  void account(const TileCost& c, int64_t count) {
    busy_ += count * c.stream;
    conflicts_ += count * c.activation_conflicts;
    weight_cycles_ += count * c.weight_read_cycles;
  }

  // The run's last tile ends the step for these rows: write Y or spill partials; the step's
  // last run frees the slots of loads it used last.
  void finish_run(int64_t index, const PlanStep& step, const TileRef& t, const TileTimes& times, bool last_run) {
    if (step.final_k) dma_.write_back(times.out_done, plan_.output_bytes(t));
    if (step.spills) {
      const int64_t bytes = plan_.partial_bytes(t);
      dma_.write_back(times.out_done, bytes);
      dma_.spilled(index, times.out_done);
      counters_.add("sram_output.read_bytes", bytes);
      counters_.add("partial_spill.write_bytes", bytes);
    }
    if (!last_run) return;
    if (step.releases_w) dma_.weights_free(step.w_load, plan_.output_stationary() ? times.stream_end : times.load_end);
    if (step.releases_x) dma_.activations_free(step.x_load, times.stream_end);
  }

  const TilePlan& plan_;
  EventCounters& counters_;
  FastDma& dma_;
  SramBanks weight_banks_, act_banks_;
  int64_t prev_stream_start_ = 0, prev_stream_end_ = 0, last_out_ = 0;
  int64_t busy_ = 0, conflicts_ = 0, weight_cycles_ = 0;
};

}  // namespace

int64_t run_fast_model(const HardwareConfig& hw, const TilePlan& plan, EventCounters& counters,
                       const DramCalibration* calibration) {
  const DramCalibration own = calibration ? DramCalibration{} : calibrate_streaming(hw.dram);
  FastDma dma(hw, plan, counters, calibration ? *calibration : own);
  StepPlacer placer(hw, plan, counters, dma);
  const auto& steps = plan.steps();
  for (size_t i = 0; i < steps.size(); ++i) placer.place_step(static_cast<int64_t>(i), steps[i]);
  placer.add_summary_counters();
  return std::max(placer.last_out(), dma.finish());
}

}  // namespace mixsim::sim
