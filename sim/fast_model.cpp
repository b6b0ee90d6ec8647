#include "sim/fast_model.hpp"

#include <algorithm>
#include <deque>
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
        for (int64_t i = plan_.batch_first_tile(r.index); i <= plan_.batch_last_tile(r.index); ++i)
          bytes += plan_.tile_weight_bytes(plan_.tile(i));
      } else {
        if (r.index >= plan_.activation_slots())
          slot_free = chunk_stream_end_[static_cast<size_t>(r.index - plan_.activation_slots())];
        bytes = plan_.chunk_activation_bytes(r.index);
      }
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

int64_t run_fast_model(const HardwareConfig& hw, const TilePlan& plan, EventCounters& counters) {
  FastDma dma(hw, plan, counters);
  const SramBanks weight_banks(hw.weight_buffer, "weight_buffer");
  const SramBanks act_banks(hw.activation_buffer, "activation_buffer");
  TileTimeline timeline;
  int64_t last_out = 0, batch_prefix = 0, conflicts = 0;
  for (int64_t i = 0; i < plan.tile_count(); ++i) {
    const TileRef t = plan.tile(i);
    if (i == plan.batch_first_tile(t.batch)) batch_prefix = 0;
    const int64_t tile_bytes = plan.tile_weight_bytes(t);
    batch_prefix += tile_bytes;
    const int64_t start = dma.batch_start(t.batch);
    const int64_t ready =
        std::max(start + dma.dram().transfer_cycles(batch_prefix) + dma.dram().latency(),
                 dma.chunk_arrival(t.chunk));
    const int64_t load = weight_banks.aligned_access_cycles(tile_bytes);
    const int64_t row = act_banks.aligned_access_cycles(plan.activation_row_bytes(t));
    conflicts += t.mt * (row - 1);
    const TileTimes times = timeline.place(ready, load, t.mt * row, plan.pipeline_latency(),
                                           t.group_end ? plan.group_dequant_latency() : 0);
    if (i == plan.batch_last_tile(t.batch)) dma.batch_loaded(t.batch, times.load_end);
    if (i == plan.chunk_last_tile(t.chunk)) dma.chunk_streamed(t.chunk, times.stream_end);
    if (t.block_end) dma.write_back(times.out_done, plan.block_output_bytes(t));
    last_out = std::max(last_out, times.out_done);
    counters.add_tile(t);
  }
  counters.add("sram_activation.bank_conflict_cycles", conflicts);
  counters.add("cycles.array_busy", timeline.busy_cycles());
  return std::max(last_out, dma.finish());
}

}  // namespace mixsim::sim
