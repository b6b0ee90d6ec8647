#pragma once
// Timing and energy of the vector / special-function unit (sim/config/vector_config.hpp) for one
// op (sim/vector/vector_op.hpp). The op streams its inputs from DRAM into the activation buffer,
// through the lanes, into the output buffer and back to DRAM, double-buffered, so
//   cycles = max(compute, DRAM transfer, SRAM access) + pipeline latency + DRAM latency,
//   compute = ceil(sum over classes of ops_c / (lanes * ops_per_lane_cycle_c)),
//   DRAM transfer = tx(read bytes) + tx(write bytes) on the DramChannel (sim/memory/dram_channel.hpp),
//   SRAM = max(ceil(read / activation-buffer bytes per cycle), ceil(write / output-buffer bytes per cycle)).
// Energy: the elementary ops at models/vector_energy.hpp (x the table's node scale), the SRAM
// bytes (each byte written into and read out of its buffer) and the DRAM bytes and background at
// the DRAM technology's energies (sim/energy/energy_model.hpp).
#include <cstdint>
#include <map>
#include <string>

#include "models/energy_table.hpp"
#include "models/vector_energy.hpp"
#include "sim/config/hardware_config.hpp"
#include "sim/memory/dram_channel.hpp"
#include "sim/vector/vector_op.hpp"

namespace mixsim::sim {

struct VectorOpResult {
  int64_t cycles = 0;
  int64_t compute_cycles = 0, dram_cycles = 0, sram_cycles = 0;
  VectorWork work;
  std::map<std::string, double> energy_pj;  // vector, sram_activation, sram_output, dram, total
};

class VectorUnit {
 public:
  // Throws std::invalid_argument naming hardware.vector.<key> for zero lanes or rates.
  VectorUnit(const HardwareConfig& hw, const EnergyTable& energy);
  VectorOpResult run(const VectorOpShape& op) const;
  const HardwareConfig& hardware() const { return hw_; }

 private:
  HardwareConfig hw_;
  EnergyTable energy_;
  VectorOpEnergy op_energy_;
  DramChannel dram_;  // built once (its constructor calibrates the bank model)
  double activations_per_byte_ = 0.0;  // bank model's row activations per streamed byte
};

// Checks hardware.vector; throws std::invalid_argument naming the key and the allowed values.
void check_vector_config(const VectorUnitConfig& v);

}  // namespace mixsim::sim
