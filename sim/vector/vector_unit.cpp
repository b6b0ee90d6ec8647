#include "sim/vector/vector_unit.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/energy/energy_model.hpp"
#include "sim/memory/dram_calibration.hpp"

namespace mixsim::sim {
namespace {

int64_t ceil_div(int64_t a, int64_t b) { return b <= 0 ? 0 : (a + b - 1) / b; }

int64_t sram_bytes_per_cycle(const SramConfig& s) {
  return static_cast<int64_t>(s.banks) * s.width_bytes * s.ports;
}

}  // namespace

void check_vector_config(const VectorUnitConfig& v) {
  if (v.lanes < 1)
    throw std::invalid_argument("hardware.vector.lanes must be >= 1 (got " + std::to_string(v.lanes) +
                                "); allowed: 1 .. 65536");
  if (v.latency_cycles < 0)
    throw std::invalid_argument("hardware.vector.latency_cycles must be >= 0");
  for (int c = 0; c < kVectorClasses; ++c)
    if (!(v.ops_per_lane_cycle[static_cast<size_t>(c)] > 0.0))
      throw std::invalid_argument(std::string("hardware.vector.ops_per_lane_cycle.") +
                                  kVectorClassNames[static_cast<size_t>(c)] +
                                  " must be > 0; allowed: 0 < rate <= 64");
}

VectorUnit::VectorUnit(const HardwareConfig& hw, const EnergyTable& energy)
    : hw_((check_vector_config(hw.vector), hw)),
      energy_(energy),
      op_energy_(default_vector_op_energy()),
      dram_(hw.dram, hw.clock_ghz),
      activations_per_byte_(hw.dram.model == DramModel::Bank
                                ? calibrate_streaming(hw.dram).activations_per_byte
                                : 0.0) {}

VectorOpResult VectorUnit::run(const VectorOpShape& op) const {
  VectorOpResult r;
  r.work = vector_work(op);
  const VectorUnitConfig& v = hw_.vector;
  double lane_cycles = 0.0;
  double arith_pj = 0.0;
  for (size_t c = 0; c < static_cast<size_t>(kVectorClasses); ++c) {
    lane_cycles += static_cast<double>(r.work.ops[c]) / (v.lanes * v.ops_per_lane_cycle[c]);
    arith_pj += static_cast<double>(r.work.ops[c]) * op_energy_.pj[c];
  }
  r.compute_cycles = static_cast<int64_t>(std::ceil(lane_cycles - 1e-9));
  r.dram_cycles = dram_.transfer_cycles(r.work.read_bytes) + dram_.transfer_cycles(r.work.write_bytes);
  r.sram_cycles = std::max(ceil_div(r.work.read_bytes, sram_bytes_per_cycle(hw_.activation_buffer)),
                           ceil_div(r.work.write_bytes, sram_bytes_per_cycle(hw_.output_buffer)));
  r.cycles = std::max({r.compute_cycles, r.dram_cycles, r.sram_cycles}) + v.latency_cycles +
             (r.work.read_bytes > 0 ? dram_.latency() : 0);
  const std::map<std::string, int64_t> counters = {
      {"cycles", r.cycles},
      {"dram.read_bytes", r.work.read_bytes},
      {"dram.write_bytes", r.work.write_bytes},
      {"dram.activations", static_cast<int64_t>(std::llround(
                               static_cast<double>(r.work.read_bytes + r.work.write_bytes) *
                               activations_per_byte_))},
      {"sram_activation.write_bytes", r.work.read_bytes},
      {"sram_activation.read_bytes", r.work.read_bytes},
      {"sram_output.write_bytes", r.work.write_bytes},
      {"sram_output.read_bytes", r.work.write_bytes}};
  std::map<std::string, double> e = energy_by_component(counters, energy_, hw_);
  r.energy_pj["vector"] = arith_pj * energy_.scale_from_45nm;
  for (const char* comp : {"sram_activation", "sram_output", "dram"}) r.energy_pj[comp] = e[comp];
  double total = 0.0;
  for (const auto& [k, val] : r.energy_pj) total += val;
  r.energy_pj["total"] = total;
  return r;
}

}  // namespace mixsim::sim
