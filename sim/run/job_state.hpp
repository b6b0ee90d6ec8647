#pragma once
// JobState: what the SystemC modules of the cycle model share while they run one GEMM: the
// plan, the progress each module publishes (times in cycles relative to the job start), the
// counters and, when values are computed, the array operands and the epilogue.
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "sim/energy/event_counters.hpp"
#include "sim/config/hardware_config.hpp"
#include "sim/pe/pe_type.hpp"
#include "sim/mapping/tile_plan.hpp"
#include "sim/memory/dram_calibration.hpp"

namespace mixsim::sim {

struct OutputWrite {
  int64_t time = 0;  // cycle the block's last output leaves the GroupDequantUnit
  int64_t bytes = 0;
  int64_t dram_address = 0;
};

struct JobState {
  JobState(const HardwareConfig& hw_, const PeTraits& pe_, const TilePlan& plan_,
           EventCounters& counters_)
      : hw(hw_), pe(pe_), plan(plan_), counters(counters_),
        weight_start(plan_.weight_loads().size(), -1),
        activation_arrival(plan_.activation_loads().size(), -1),
        partial_arrival(plan_.partial_reads().size(), -1),
        weights_free(plan_.weight_loads().size(), -1),
        activations_free(plan_.activation_loads().size(), -1),
        spill_done(plan_.steps().size(), -1) {}

  const HardwareConfig& hw;
  const PeTraits& pe;
  const TilePlan& plan;
  EventCounters& counters;
  int64_t start_cycle = 0;  // absolute SystemC cycle the job began
  const DramCalibration* dram_calibration = nullptr;  // calibrate_streaming(hw.dram) if known

  // Published by the Dma (read side): transfer start of each weight load, arrival of each
  // activation load and of each spilled-partials read (indexed as in the TilePlan).
  std::vector<int64_t> weight_start, activation_arrival, partial_arrival;
  // Published by the SystolicArray: when each weight load's last tile was loaded (weight slot
  // free), each activation load's last tile streamed (activation slot free), and when each
  // spilling step's partials left for DRAM (by step index).
  std::vector<int64_t> weights_free, activations_free, spill_done;
  // Output blocks waiting for the Dma's write side.
  std::deque<OutputWrite> writes;
  bool array_done = false, reads_done = false, writes_done = false;
  int64_t array_end = 0, writes_end = 0;

  // Values (cycle mode with operands).
  const ArrayOperands* operands = nullptr;
  OutputEpilogue* epilogue = nullptr;
};

}  // namespace mixsim::sim
