#include "sim/fast_model.hpp"

#include <algorithm>
#include <deque>
#include <stdexcept>
#include <vector>

#include "sim/dram_channel.hpp"
#include "sim/sram_banks.hpp"
#include "sim/tile_timeline.hpp"

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
        chunk_arrival_(static_cast<size_t>(plan.m_chunks()), -1),
        batch_load_end_(static_cast<size_t>(plan.batch_count()), -1),
        chunk_stream_end_(static_cast<size_t>(plan.m_chunks()), -1) {}

  const DramChannel& dram() const { return dram_; }
  int64_t batch_start(int64_t batch) {
    issue_through_batch(batch);
    return batch_start_[static_cast<size_t>(batch)];
  }
  int64_t chunk_arrival(int64_t chunk) const { return chunk_arrival_[static_cast<size_t>(chunk)]; }
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
    const auto& reads = plan_.dma_reads();
    while (batch_start_[static_cast<size_t>(batch)] < 0) {
      const DmaRead& r = reads[static_cast<size_t>(next_read_++)];
      int64_t slot_free = 0, bytes = 0;
      if (r.kind == DmaRead::Kind::Weights) {
        if (r.index >= plan_.weight_slots())
          slot_free = batch_load_end_[static_cast<size_t>(r.index - plan_.weight_slots())];
        bytes = plan_.batch_weight_bytes(r.index);
      } else {
        if (r.index >= plan_.activation_slots())
          slot_free = chunk_stream_end_[static_cast<size_t>(r.index - plan_.activation_slots())];
        bytes = plan_.chunk_activation_bytes(r.index);
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

// Places the tiles of one weight batch. When every tile of the batch has the same shape and
// its data is in the buffers before the array could want it (ready_last + load <= the previous
// tile's stream_start + period), the recurrence collapses exactly to stream_start_i =
// stream_start_(i-1) + max(load, stream); otherwise each tile is placed in turn.
class BatchPlacer {
 public:
  BatchPlacer(const HardwareConfig& hw, const TilePlan& plan, EventCounters& counters, FastDma& dma)
      : plan_(plan), counters_(counters), dma_(dma),
        weight_banks_(hw.weight_buffer, "weight_buffer"),
        act_banks_(hw.activation_buffer, "activation_buffer") {}

  void place_batch(int64_t chunk, int64_t n_tile, int64_t k_first, int64_t k_last) {
    const TileRef first = plan_.tile_at(chunk, n_tile, k_first);
    const TileRef last = plan_.tile_at(chunk, n_tile, k_last);
    const int64_t start = dma_.batch_start(first.batch);
    const int64_t count = k_last - k_first + 1;
    const DramChannel& dram = dma_.dram();
    const int64_t bytes = plan_.tile_weight_bytes(first);
    const int64_t load = weight_banks_.aligned_access_cycles(bytes);
    const int64_t row = act_banks_.aligned_access_cycles(plan_.activation_row_bytes(first));
    const int64_t stream = first.mt * row;
    const int64_t period = std::max(load, stream);
    const int64_t arrival = dma_.chunk_arrival(chunk);
    const int64_t ready_last =
        std::max(start + dram.transfer_cycles(count * bytes) + dram.latency(), arrival);
    const int64_t tpg = plan_.tiles_per_group();
    const bool uniform = first.kt == last.kt && tpg > 0;
    if (uniform && count > 1 && prev_stream_end_ == prev_stream_start_ + stream &&
        ready_last + load <= prev_stream_start_ + period) {
      place_closed_form(first, last, count, load, row, stream, period, ready_last, tpg);
      return;
    }
    int64_t prefix = 0;
    for (int64_t k = k_first; k <= k_last; ++k) {
      const TileRef t = k == k_first ? first : plan_.tile_at(chunk, n_tile, k);
      const int64_t tb = plan_.tile_weight_bytes(t);
      prefix += tb;
      const int64_t ready = std::max(start + dram.transfer_cycles(prefix) + dram.latency(), arrival);
      const int64_t l = weight_banks_.aligned_access_cycles(tb);
      const int64_t rw = act_banks_.aligned_access_cycles(plan_.activation_row_bytes(t));
      TileTimes times;
      times.load_start = std::max(ready, prev_stream_start_);
      times.load_end = times.load_start + l;
      times.stream_start = std::max(times.load_end, prev_stream_end_);
      times.stream_end = times.stream_start + t.mt * rw;
      times.out_done = times.stream_end + plan_.pipeline_latency() +
                       (t.group_end ? plan_.group_dequant_latency() : 0);
      prev_stream_start_ = times.stream_start;
      prev_stream_end_ = times.stream_end;
      busy_ += t.mt * rw;
      conflicts_ += t.mt * (rw - 1);
      load_total_ += l;
      finish_tile(t, times);
      counters_.add_tile(t);
    }
  }

  int64_t last_out() const { return last_out_; }
  void add_summary_counters() {
    counters_.add("sram_activation.bank_conflict_cycles", conflicts_);
    counters_.add("sram_weight.read_cycles", load_total_);
    counters_.add("cycles.array_busy", busy_);
  }

 private:
  void place_closed_form(const TileRef& first, const TileRef& last, int64_t count, int64_t load,
                         int64_t row, int64_t stream, int64_t period, int64_t ready_last,
                         int64_t tpg) {
    // stream_start of the batch's i-th tile = prev + (i + 1) * period.
    const int64_t ss0 = prev_stream_start_;
    const int64_t ss_last = ss0 + count * period;
    TileTimes times;
    times.load_start = std::max(ready_last, ss_last - period);
    times.load_end = times.load_start + load;
    times.stream_start = ss_last;
    times.stream_end = ss_last + stream;
    times.out_done = times.stream_end + plan_.pipeline_latency() +
                     (last.group_end ? plan_.group_dequant_latency() : 0);
    // Group ends inside the batch: K-tiles k with (k + 1) % tpg == 0.
    const int64_t group_ends = (last.k_tile + 1) / tpg - first.k_tile / tpg;
    if (group_ends > 0 && !last.group_end) {
      const int64_t j = ((last.k_tile + 1) / tpg) * tpg - 1;  // last group-end K-tile
      const int64_t out_j = ss0 + (j - first.k_tile + 1) * period + stream +
                            plan_.pipeline_latency() + plan_.group_dequant_latency();
      last_out_ = std::max(last_out_, out_j);
    }
    prev_stream_start_ = ss_last;
    prev_stream_end_ = times.stream_end;
    busy_ += count * stream;
    conflicts_ += count * first.mt * (row - 1);
    load_total_ += count * load;
    finish_tile(last, times);
    counters_.add_tiles(first, count, group_ends, last.block_end ? 1 : 0);
  }

  void finish_tile(const TileRef& t, const TileTimes& times) {
    if (t.k_tile == plan_.k_tiles() - 1 ||
        (t.k_tile + 1) % plan_.tiles_per_batch() == 0)
      dma_.batch_loaded(t.batch, times.load_end);
    if (t.block_end) {
      if (t.n_tile == plan_.n_tiles() - 1) dma_.chunk_streamed(t.chunk, times.stream_end);
      dma_.write_back(times.out_done, plan_.block_output_bytes(t));
    }
    last_out_ = std::max(last_out_, times.out_done);
  }

  const TilePlan& plan_;
  EventCounters& counters_;
  FastDma& dma_;
  SramBanks weight_banks_, act_banks_;
  int64_t prev_stream_start_ = 0, prev_stream_end_ = 0, last_out_ = 0;
  int64_t busy_ = 0, conflicts_ = 0, load_total_ = 0;
};

}  // namespace

int64_t run_fast_model(const HardwareConfig& hw, const TilePlan& plan, EventCounters& counters) {
  FastDma dma(hw, plan, counters);
  BatchPlacer placer(hw, plan, counters, dma);
  const int64_t tpb = plan.tiles_per_batch();
  for (int64_t c = 0; c < plan.m_chunks(); ++c)
    for (int64_t nt = 0; nt < plan.n_tiles(); ++nt)
      for (int64_t k = 0; k < plan.k_tiles(); k += tpb)
        placer.place_batch(c, nt, k, std::min(k + tpb, plan.k_tiles()) - 1);
  placer.add_summary_counters();
  return std::max(placer.last_out(), dma.finish());
}

}  // namespace mixsim::sim
