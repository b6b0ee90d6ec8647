#pragma once
// Dram: TLM-2.0 target modelling one DRAM channel (bandwidth, first-byte latency, burst
// granularity) with the DramChannel arithmetic. b_transport adds to `delay` the time until the
// request's data is complete (queueing behind earlier requests + transfer + latency). The
// payload carries address and length; values travel through the array model directly.
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "sim/memory/dram_channel.hpp"
#include "sim/run/job_state.hpp"

namespace mixsim::sim {

class Dram : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Dram> socket;

  explicit Dram(sc_core::sc_module_name name);
  void begin_job(JobState* job);
  const DramChannel& channel() const { return *channel_; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  JobState* job_ = nullptr;
  std::unique_ptr<DramChannel> channel_;
};

}  // namespace mixsim::sim
