#pragma once
// Controller: starts one GEMM job on the modules (the TilePlan already fixes the tiling and the
// double-buffered DMA order), waits until the array, the DMA reads and the output write-backs
// are all finished, and records the job's end cycle.
#include <systemc>

#include "sim/memory/dma.hpp"
#include "sim/run/job_state.hpp"
#include "sim/array/systolic_array.hpp"

namespace mixsim::sim {

class Controller : public sc_core::sc_module {
 public:
  sc_core::sc_event start_event;  // notified from outside the simulation (SimContext)

  Controller(sc_core::sc_module_name name, Dma& dma, SystolicArray& array);
  void begin_job(JobState* job) { job_ = job; }
  int64_t end_cycle() const { return end_cycle_; }
  bool finished() const { return finished_; }

 private:
  void thread();
  Dma& dma_;
  SystolicArray& array_;
  JobState* job_ = nullptr;
  int64_t end_cycle_ = 0;
  bool finished_ = false;
};

}  // namespace mixsim::sim
