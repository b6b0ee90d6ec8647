#pragma once
// Dram: TLM-2.0 target modelling the off-chip memory. b_transport adds to `delay` the time until
// the request's data is complete, from DramTiming (sim/memory/dram_timing.hpp: the simple channel
// or the bank model). The payload carries address and length; values travel through the array
// model directly.
#include <memory>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "sim/memory/dram_channel.hpp"
#include "sim/memory/dram_timing.hpp"
#include "sim/run/job_state.hpp"

namespace mixsim::sim {

class Dram : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Dram> socket;

  explicit Dram(sc_core::sc_module_name name);
  void begin_job(JobState* job);
  // The channel arithmetic the DMA and the array use to place data arrivals inside a request
  // (its bandwidth is the bank model's streaming efficiency x peak under model: bank).
  const DramChannel& channel() const { return timing_->channel(); }
  const DramTiming& timing() const { return *timing_; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  JobState* job_ = nullptr;
  std::unique_ptr<DramTiming> timing_;
  int64_t origin_cycle_ = 0;  // the cycle begin_job ran: DramTiming's time 0
};

}  // namespace mixsim::sim
