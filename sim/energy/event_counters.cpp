#include "sim/energy/event_counters.hpp"

namespace mixsim::sim {

EventCounters::EventCounters(const PeTraits& pe, const TilePlan& plan) : pe_(pe), plan_(plan) {}

void EventCounters::finish(int64_t cycles) {
  auto& c = counts_;
  c["macs"] += macs_;
  c["tiles"] += tiles_;
  c["pe." + pe_.mac_multiply] += macs_;
  c["pe." + pe_.mac_add] += macs_;
  c[std::string("accumulator.") + (pe_.lane == Lane::Int32 ? "add_int32" : "add_fp32")] +=
      partial_adds_;
  if (!pe_.weight_dequant.empty()) c["dequant.weight." + pe_.weight_dequant] += weights_in_;
  if (!pe_.group_multiply.empty()) c["dequant.group." + pe_.group_multiply] += group_outputs_;
  if (!pe_.group_add.empty()) c["dequant.group." + pe_.group_add] += group_outputs_;
  if (!pe_.output_multiply.empty()) c["dequant.output." + pe_.output_multiply] += outputs_;
  c["dequant.multiplies"] += (pe_.weight_dequant.empty() ? 0 : weights_in_) +
                             (pe_.group_multiply.empty() ? 0 : group_outputs_);
  c["outputs"] += outputs_;
  // Registers: weight-stationary, each MAC moves its activation one PE along and writes a
  // 32-bit partial sum, and each weight entering the array is written into a PE's (shadow)
  // weight register; output-stationary, activations and weights both move one PE per MAC.
  const int64_t weight_reg_bytes = (pe_.weight_register_bits + 7) / 8;
  if (plan_.output_stationary())  // activation, weight and accumulator registers per MAC
    c["registers.bytes"] += macs_ * (pe_.activation_bytes + weight_reg_bytes + 4);
  else
    c["registers.bytes"] += macs_ * (pe_.activation_bytes + 4) + weights_in_ * weight_reg_bytes;
  c["sram_weight.read_bytes"] += weight_read_bytes_;
  c["sram_activation.read_bytes"] += act_read_bytes_;
  c["sram_output.read_bytes"] += out_read_bytes_;
  c["sram_output.write_bytes"] += out_write_bytes_;
  c["dram.read_bytes"] += dram_read_bytes_;
  c["dram.write_bytes"] += dram_write_bytes_;
  c["dram.bursts"] += dram_bursts_;
  c["cycles"] += cycles;
  c["pe_cycles"] += cycles * plan_.rows() * plan_.cols();
  macs_ = weights_in_ = group_outputs_ = outputs_ = partial_adds_ = 0;
  weight_read_bytes_ = act_read_bytes_ = out_read_bytes_ = out_write_bytes_ = tiles_ = 0;
  dram_read_bytes_ = dram_write_bytes_ = dram_bursts_ = 0;
}

}  // namespace mixsim::sim
