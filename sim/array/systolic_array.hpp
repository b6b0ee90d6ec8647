#pragma once
// SystolicArray: the R x C PE array (weight- or output-stationary). One SC_THREAD runs every tile of the
// plan: it waits for the tile's weights/activations (published by the Dma), times the weight
// load and the activation stream from real SRAM accesses (bank conflicts included), places the
// tile with the TileTimeline recurrence, simulates the tile's wavefront cycle by cycle
// (Wavefront, vectorized over the array) when values are requested, and hands group
// boundaries to the GroupDequantUnit and finished blocks to the Dma's write side.
// Time advances with one wait() per plan step (temporal decoupling: the thread may run ahead
// of SystemC time by at most one step, never past an event it depends on).
#include <systemc>

#include <unordered_map>
#include <vector>

#include "sim/memory/dma.hpp"
#include "sim/memory/dram.hpp"
#include "sim/array/group_dequant_unit.hpp"
#include "sim/run/job_state.hpp"
#include "sim/memory/sram.hpp"
#include "sim/array/tile_costs.hpp"
#include "sim/array/tile_timeline.hpp"
#include "sim/array/wavefront.hpp"

namespace mixsim::sim {

class SystolicArray : public sc_core::sc_module {
 public:
  sc_core::sc_event start_event;
  sc_core::sc_event done_event;

  SystolicArray(sc_core::sc_module_name name, const Dram& dram, Dma& dma, Sram& weight_buffer,
                Sram& activation_buffer, GroupDequantUnit& dequant);
  void begin_job(JobState* job) { job_ = job; }

 private:
  void thread();
  void run_job(JobState& job);
  void compute_values(const TileRef& t);
  TileCost access_cost(const TileRef& t, int64_t load_offset);
  int64_t await(const std::vector<int64_t>& times, int64_t i);
  void finish_rows(JobState& job, size_t index, const PlanStep& step, const TileRef& t, const TileTimes& times);

  const Dram& dram_;
  Dma& dma_;
  Sram& weight_buffer_;
  Sram& activation_buffer_;
  GroupDequantUnit& dequant_;
  JobState* job_ = nullptr;
  Wavefront wavefront_;
  // Group accumulators by (first row, N-tile) of the tiles that own them.
  std::unordered_map<int64_t, std::vector<int32_t>> acc_i_;
  std::unordered_map<int64_t, std::vector<float>> acc_f_;
};

}  // namespace mixsim::sim
