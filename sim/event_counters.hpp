#pragma once
// EventCounters: every event that costs energy (and a few that explain timing), counted per
// tile from the schedule. Names are "<component>.<action>" where <action> is an entry of the
// energy table (models/energy_table.hpp); docs/SIMULATOR.md lists what each one means.
#include <cstdint>
#include <map>
#include <string>

#include "sim/pe_type.hpp"
#include "sim/tile_plan.hpp"

namespace mixsim::sim {

class EventCounters {
 public:
  EventCounters(const PeTraits& pe, const TilePlan& plan);

  // Compute, register, SRAM and dequant events of one tile (values-independent).
  void add_tile(const TileRef& t);
  void add_dram_read(int64_t bytes, int64_t bursts);
  void add_dram_write(int64_t bytes, int64_t bursts);
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
  std::map<std::string, int64_t> counts_;
};

}  // namespace mixsim::sim
