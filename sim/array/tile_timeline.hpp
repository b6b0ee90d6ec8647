#pragma once
// TileTimeline: the recurrence that places each tile of a TilePlan in time (docs/SIMULATOR.md,
// "Timing model"). Both modes feed it the same inputs; they differ in how they obtain them
// (cycle mode: SystemC DMA/DRAM transactions and per-access SRAM bank checks; fast mode:
// closed forms).
//   load_start  = max(ready, previous stream_start)   weights go to shadow registers while the
//   load_end    = load_start + load_cycles             previous tile streams (double-buffered PE)
//   stream_start= max(load_end, previous stream_end)
//   stream_end  = stream_start + stream_cycles         one X row per cycle (+ bank conflicts)
//   out_done    = stream_end + R + C - 1 (+ dequant latency at a group end)
#include <algorithm>
#include <cstdint>

namespace mixsim::sim {

struct TileTimes {
  int64_t ready = 0, load_start = 0, load_end = 0, stream_start = 0, stream_end = 0,
          out_done = 0;
};

class TileTimeline {
 public:
  explicit TileTimeline(int64_t start = 0) : prev_stream_start_(start), prev_stream_end_(start) {}

  TileTimes place(int64_t ready, int64_t load_cycles, int64_t stream_cycles,
                  int64_t pipeline_latency, int64_t dequant_latency) {
    TileTimes t;
    t.ready = ready;
    t.load_start = std::max(ready, prev_stream_start_);
    t.load_end = t.load_start + load_cycles;
    t.stream_start = std::max(t.load_end, prev_stream_end_);
    t.stream_end = t.stream_start + stream_cycles;
    t.out_done = t.stream_end + pipeline_latency + dequant_latency;
    prev_stream_start_ = t.stream_start;
    prev_stream_end_ = t.stream_end;
    busy_cycles_ += stream_cycles;
    return t;
  }
  int64_t busy_cycles() const { return busy_cycles_; }

 private:
  int64_t prev_stream_start_, prev_stream_end_;
  int64_t busy_cycles_ = 0;
};

}  // namespace mixsim::sim
