#pragma once
// Switching activity from a Verilator VCD (`mixsim validate-rtl --pe P --vcd F`): bit toggles
// of every traced net per net bit per clock cycle. These are RTL nets (ports, registers and
// named wires), a proxy for the activity of the mapped cells' outputs, which the power model
// of rtl/harness/cell_flow.hpp multiplies by each cell's toggle energy.
#include <cstdint>
#include <string>

namespace mixsim::rtl {

struct VcdActivity {
  int64_t bits = 0;     // traced net bits, the clock excluded (aliases counted once)
  int64_t cycles = 0;   // rising edges of the clock
  int64_t toggles = 0;  // 0<->1 changes of those bits after their first value
  double activity() const {
    return bits > 0 && cycles > 0 ? static_cast<double>(toggles) / (bits * cycles) : 0.0;
  }
};

// Parses VCD text. Throws std::invalid_argument naming `origin` when the text has no
// $enddefinitions, no net named `clock` or no rising clock edge.
VcdActivity measure_vcd_activity(const std::string& vcd_text, const std::string& origin,
                                 const std::string& clock = "clk");

// Reads the file and measures it; an unreadable file throws std::runtime_error naming it.
VcdActivity measure_vcd_activity_file(const std::string& path, const std::string& clock = "clk");

}  // namespace mixsim::rtl
