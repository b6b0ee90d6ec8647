#include "sim/energy/energy_model.hpp"

#include <cmath>

#include "sim/energy/dram_energy.hpp"

namespace mixsim::sim {
namespace {

double log_interp(double x, double x0, double y0, double x1, double y1) {
  const double f = (std::log(x) - std::log(x0)) / (std::log(x1) - std::log(x0));
  return std::exp(std::log(y0) + f * (std::log(y1) - std::log(y0)));
}

}  // namespace

double sram_access_pj(const EnergyTable& table, int64_t capacity_bytes) {
  const double kb8 = 8.0 * 1024, kb32 = 32.0 * 1024, mb1 = 1024.0 * 1024;
  const double e8 = table.energy_of("sram_read_64b_8kb");
  const double e32 = table.energy_of("sram_read_64b_32kb");
  const double e1m = table.energy_of("sram_read_64b_1mb");
  const double c = static_cast<double>(capacity_bytes);
  if (c <= kb8) return e8;
  if (c <= kb32) return log_interp(c, kb8, e8, kb32, e32);
  if (c <= mb1) return log_interp(c, kb32, e32, mb1, e1m);
  return e1m;
}

std::map<std::string, double> energy_by_component(const std::map<std::string, int64_t>& counters,
                                                  const EnergyTable& table,
                                                  const HardwareConfig& hw,
                                                  const DramCalibration* calibration) {
  std::map<std::string, double> e;
  for (const char* comp : {"pe", "accumulator", "dequant", "registers", "sram_weight",
                           "sram_activation", "sram_output", "dram", "leakage"})
    e[comp] = 0.0;
  auto count = [&](const std::string& name) {
    const auto it = counters.find(name);
    return it == counters.end() ? 0.0 : static_cast<double>(it->second);
  };
  for (const auto& [name, n] : counters) {
    // Arithmetic events: "<component>.<action>" or "dequant.<where>.<action>".
    const auto dot = name.rfind('.');
    if (dot == std::string::npos) continue;
    const std::string component = name.substr(0, name.find('.'));
    const std::string action = name.substr(dot + 1);
    if (component == "pe" || component == "accumulator" || component == "dequant") {
      if (action == "multiplies") continue;  // a summary count, not an action
      e[component] += static_cast<double>(n) * table.energy_of(action);
    }
  }
  e["registers"] = count("registers.bytes") * table.energy_of("register_access_8b");
  const std::pair<const char*, const SramConfig*> srams[] = {
      {"sram_weight", &hw.weight_buffer},
      {"sram_activation", &hw.activation_buffer},
      {"sram_output", &hw.output_buffer}};
  for (const auto& [comp, cfg] : srams) {
    const double bytes = count(std::string(comp) + ".read_bytes") +
                         count(std::string(comp) + ".write_bytes");
    e[comp] = bytes / 8.0 * sram_access_pj(table, cfg->capacity_bytes);
  }
  e["dram"] = dram_energy(counters, hw, calibration).total();
  e["leakage"] = count("pe_cycles") * table.leakage_pj_per_pe_cycle * table.scale_from_45nm;
  double total = 0.0;
  for (const auto& [k, v] : e) total += v;
  e["total"] = total;
  return e;
}

}  // namespace mixsim::sim
