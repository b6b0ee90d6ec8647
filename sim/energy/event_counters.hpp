#pragma once
// EventCounters: every event that costs energy (and a few that explain timing), counted per
// tile from the schedule. Names are "<component>.<action>" where <action> is an entry of the
// energy table (models/energy_table.hpp); docs/SIMULATOR.md lists what each one means.
#include <cstdint>
#include <map>
#include <string>

#include "sim/pe/pe_type.hpp"
#include "sim/mapping/tile_plan.hpp"

namespace mixsim::sim {

class EventCounters {
 public:
  EventCounters(const PeTraits& pe, const TilePlan& plan);

  // Compute, register, SRAM and dequant events of one tile (values-independent).
  void add_tile(const TileRef& t) { add_tiles(t, 1, t.group_end ? 1 : 0, t.block_end ? 1 : 0); }
  // `count` tiles shaped like t, of which `group_ends` end a group and `block_ends` a block.
  void add_tiles(const TileRef& t, int64_t count, int64_t group_ends, int64_t block_ends) {
    const int64_t outs = t.mt * t.ct;
    tiles_ += count;
    macs_ += count * outs * t.kt;
    weights_in_ += count * t.kt * t.ct;
    partial_adds_ += count * outs;  // column result added into the group accumulator
    weight_read_bytes_ += count * plan_.tile_weight_bytes(t);
    act_read_bytes_ += count * t.mt * plan_.activation_row_bytes(t);
    // Group accumulator read-modify-write (4 bytes each way) per output per K-tile; at a group
    // end the GroupDequantUnit reads and writes the output accumulator; at a block end the
    // final values are read for the write-back.
    out_read_bytes_ += 4 * outs * (count + group_ends + block_ends);
    out_write_bytes_ += 4 * outs * (count + group_ends);
    group_outputs_ += group_ends * outs;
    outputs_ += block_ends * outs;
  }
  void add_dram_read(int64_t bytes, int64_t bursts) {
    dram_read_bytes_ += bytes;
    dram_bursts_ += bursts;
  }
  void add_dram_write(int64_t bytes, int64_t bursts) {
    dram_write_bytes_ += bytes;
    dram_bursts_ += bursts;
  }
  void add_sram_write(const std::string& buffer, int64_t bytes) { add(buffer + ".write_bytes", bytes); }
  void add(const std::string& name, int64_t count) { counts_[name] += count; }
  // Cycle-dependent counters: PE-cycles (leakage), total cycles.
  void finish(int64_t cycles);

  const std::map<std::string, int64_t>& counts() const { return counts_; }
  int64_t get(const std::string& name) const {
    const auto it = counts_.find(name);
    return it == counts_.end() ? 0 : it->second;
  }

 private:
  const PeTraits& pe_;
  const TilePlan& plan_;
  // Hot counters kept as plain integers (add_tile runs millions of times), folded into counts_
  // by finish().
  int64_t macs_ = 0, weights_in_ = 0, group_outputs_ = 0, outputs_ = 0, partial_adds_ = 0;
  int64_t weight_read_bytes_ = 0, act_read_bytes_ = 0, out_read_bytes_ = 0, out_write_bytes_ = 0;
  int64_t tiles_ = 0;
  int64_t dram_read_bytes_ = 0, dram_write_bytes_ = 0, dram_bursts_ = 0;
  std::map<std::string, int64_t> counts_;
};

}  // namespace mixsim::sim
