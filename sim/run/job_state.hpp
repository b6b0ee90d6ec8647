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

namespace mixsim::sim {

struct OutputWrite {
  int64_t time = 0;  // cycle the block's last output leaves the GroupDequantUnit
  int64_t bytes = 0;
};

struct JobState {
  JobState(const HardwareConfig& hw_, const PeTraits& pe_, const TilePlan& plan_,
           EventCounters& counters_)
      : hw(hw_), pe(pe_), plan(plan_), counters(counters_),
        batch_start(static_cast<size_t>(plan_.batch_count()), -1),
        chunk_arrival(static_cast<size_t>(plan_.activation_load_count()), -1),
        batch_load_end(static_cast<size_t>(plan_.batch_count()), -1),
        chunk_stream_end(static_cast<size_t>(plan_.activation_load_count()), -1) {}

  const HardwareConfig& hw;
  const PeTraits& pe;
  const TilePlan& plan;
  EventCounters& counters;
  int64_t start_cycle = 0;  // absolute SystemC cycle the job began

  // Published by the Dma (read side): transfer start of each weight batch, arrival of each
  // activation load (an X chunk; indexed by TileRef::act_load).
  std::vector<int64_t> batch_start, chunk_arrival;
  // Published by the SystolicArray: when each batch's last tile was loaded (weight slot free)
  // and each activation load's last tile streamed (activation slot free).
  std::vector<int64_t> batch_load_end, chunk_stream_end;
  // Output blocks waiting for the Dma's write side.
  std::deque<OutputWrite> writes;
  bool array_done = false, reads_done = false, writes_done = false;
  int64_t array_end = 0, writes_end = 0;

  // Values (cycle mode with operands).
  const ArrayOperands* operands = nullptr;
  OutputEpilogue* epilogue = nullptr;
};

}  // namespace mixsim::sim
