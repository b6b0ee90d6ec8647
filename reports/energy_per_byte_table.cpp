#include "reports/energy_per_byte_table.hpp"

#include <array>

namespace mixsim::reports {
namespace {

struct Level {
  const char* name;        // energy component and table label
  const char* counters[2]; // byte counters summed for it ("" = none)
};

// Counter names as sim/energy/event_counters.cpp writes them.
constexpr std::array<Level, 5> kLevels = {{
    {"dram", {"dram.read_bytes", "dram.write_bytes"}},
    {"sram_weight", {"sram_weight.read_bytes", "sram_weight.write_bytes"}},
    {"sram_activation", {"sram_activation.read_bytes", "sram_activation.write_bytes"}},
    {"sram_output", {"sram_output.read_bytes", "sram_output.write_bytes"}},
    {"registers", {"registers.bytes", ""}},
}};

}  // namespace

Table energy_per_byte_table(const ReportInput& in) {
  Table t{"energy_per_byte", "Energy per byte at each memory level",
          "Bytes moved at each level over the run (each GEMM's counters x its count), the level's "
          "energy in µJ, and pJ per byte; DRAM includes activations and background power "
          "(docs/MEMORY.md), so its pJ/byte depends on the access pattern and the run's length.",
          {"source", "pe", "phase", "mode", "level", "bytes", "energy_uj", "pj_per_byte"},
          {}};
  for (const auto& r : in.runs) {
    for (const Level& level : kLevels) {
      double bytes = 0.0;
      for (const auto& g : r.gemms)
        for (const char* name : level.counters) {
          if (name[0] == '\0') continue;
          const auto it = g.counters.find(name);
          if (it != g.counters.end()) bytes += it->second * static_cast<double>(g.count);
        }
      const auto e = r.energy_pj.find(level.name);
      if (e == r.energy_pj.end() && bytes == 0.0) continue;
      const double pj = e == r.energy_pj.end() ? 0.0 : e->second;
      t.rows.push_back({r.source, r.pe, r.phase, r.mode, std::string(level.name), bytes, energy_uj(pj),
                        bytes > 0.0 ? Cell{pj / bytes} : Cell{std::string()}});
    }
  }
  return t;
}

}  // namespace mixsim::reports
