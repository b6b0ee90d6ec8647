#pragma once
// Dram: TLM-2.0 target modelling the off-chip memory. b_transport adds to `delay` the time until
// the request's data is complete. With hardware.dram.model: simple that is the DramChannel
// arithmetic (queueing behind earlier requests + transfer + latency); with model: bank the
// request's bursts go through BankDram (banks, rows, JEDEC timings, refresh) at the payload's
// byte address, plus the fixed controller/interconnect latency that makes an idle row-miss read
// take latency_ns in both models. The payload carries address and length; values travel
// through the array model directly.
#include <memory>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "sim/memory/dram_channel.hpp"
#include "sim/memory/impl/bank_dram.hpp"
#include "sim/run/job_state.hpp"

namespace mixsim::sim {

class Dram : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Dram> socket;

  explicit Dram(sc_core::sc_module_name name);
  void begin_job(JobState* job);
  // The channel arithmetic the DMA and the array use to place data arrivals inside a request
  // (its bandwidth is the bank model's streaming efficiency x peak under model: bank).
  const DramChannel& channel() const { return *channel_; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  int64_t bank_transport(int64_t now, uint64_t addr, int64_t bytes, bool is_write);
  JobState* job_ = nullptr;
  std::unique_ptr<DramChannel> channel_;
  std::unique_ptr<BankDram> banks_;  // model: bank only
  int64_t origin_cycle_ = 0;         // the cycle begin_job ran: bank-model time 0
  int64_t path_latency_cycles_ = 0;  // latency_ns minus the idle DRAM read time, in cycles
};

}  // namespace mixsim::sim
