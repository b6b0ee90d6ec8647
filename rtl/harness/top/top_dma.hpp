#pragma once
// The DMA and DRAM beside the verilated accelerator top: the read and write sides of
// sim/memory/dma.cpp, step by step instead of as SystemC threads, over the simulator's own
// DramTiming (sim/memory/dram_timing.hpp). Reads go in the TilePlan's order, each when its
// buffer slot is free (from the RTL's load/stream events); writes in the order the tiles were
// programmed, each at its tile's out_done (from the RTL's done events). The RTL learns that a
// tile's operands are in through ready_count(), the number of leading tiles whose weights
// (start + transfer of the prefix + latency), activations and partials have arrived.
#include <cstdint>
#include <functional>
#include <vector>

#include "rtl/harness/top/top_program.hpp"
#include "sim/memory/dram_timing.hpp"
#include "sim/mapping/tile_plan.hpp"

namespace mixsim::rtl {

class TopDma {
 public:
  // fill(kind, index): called when a read is issued, to put its bytes into the RTL buffer.
  using Fill = std::function<void(sim::DmaRead::Kind, int64_t index)>;
  TopDma(const sim::TilePlan& plan, const TopProgram& program, sim::DramTiming& dram, Fill fill);

  // RTL events, each at the cycle it is visible.
  void load_done(int64_t tile, int64_t cycle);
  void stream_done(int64_t tile, int64_t cycle);
  void tile_done(int64_t tile, int64_t cycle);
  // Issues every write and read due at `cycle` (writes first, as the simulator's DMA does).
  void step(int64_t cycle);
  // Leading tiles whose operands have arrived by `cycle`.
  int64_t ready_count(int64_t cycle);

  bool all_tiles_done() const { return tiles_done_ == static_cast<int64_t>(program_.tiles.size()); }
  bool writes_done() const { return next_write_ == writes_.size(); }
  int64_t last_out_done() const { return last_out_done_; }
  int64_t writes_end() const { return writes_end_; }

 private:
  void issue_reads(int64_t cycle);
  void issue_writes(int64_t cycle);
  int64_t tile_ready(const TopTile& t) const;  // -1 while unknown

  const sim::TilePlan& plan_;
  const TopProgram& program_;
  sim::DramTiming& dram_;
  Fill fill_;
  std::vector<int64_t> weight_start_, activation_arrival_, partial_arrival_;
  std::vector<int64_t> weights_free_, activations_free_, spill_done_;
  // A step's spilled partials are done when all its spilling tiles are (one per M-tile: an
  // output-stationary step runs several M-tiles); the simulator publishes the step's max.
  std::vector<int64_t> spill_tiles_left_, spill_max_;
  size_t next_read_ = 0;
  int64_t read_clock_ = 0;
  struct Write { int64_t tile = 0; int64_t time = -1; int64_t bytes = 0; int64_t address = 0; };
  std::vector<Write> writes_;            // in programming order
  std::vector<int64_t> write_of_tile_;   // index into writes_, or -1
  size_t next_write_ = 0;
  int64_t write_clock_ = 0, writes_end_ = 0;
  int64_t ready_ = 0, tiles_done_ = 0, last_out_done_ = 0;
};

}  // namespace mixsim::rtl
