#include "sim/energy/dram_energy.hpp"

#include "sim/memory/dram_calibration.hpp"

namespace mixsim::sim {

DramEnergyBreakdown dram_energy(const std::map<std::string, int64_t>& counters, const HardwareConfig& hw,
                                const DramCalibration* calibration) {
  auto count = [&](const char* name) {
    const auto it = counters.find(name);
    return it == counters.end() ? 0.0 : static_cast<double>(it->second);
  };
  const DramEnergy& e = hw.dram.energy;
  const double read_bytes = count("dram.read_bytes"), write_bytes = count("dram.write_bytes");
  DramEnergyBreakdown b;
  b.read_pj = read_bytes * 8.0 * (e.read_pj_per_bit + e.io_pj_per_bit);
  b.write_pj = write_bytes * 8.0 * (e.write_pj_per_bit + e.io_pj_per_bit);
  if (counters.count("dram.activations") != 0)
    b.activations = count("dram.activations");
  else if (read_bytes + write_bytes > 0)
    b.activations = (read_bytes + write_bytes) *
                    (calibration ? *calibration : calibrate_streaming(hw.dram)).activations_per_byte;
  b.activate_pj = b.activations * e.activate_nj * 1000.0;
  // mW x ns = pJ; cycles / clock_ghz = ns.
  b.background_pj =
      e.background_mw_per_channel * hw.dram.organization.channels * count("cycles") / hw.clock_ghz;
  return b;
}

}  // namespace mixsim::sim
