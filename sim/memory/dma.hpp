#pragma once
// Dma: moves X chunks and weight batches from DRAM into the activation and weight buffers
// (read thread, in the TilePlan's order, each request waiting for its double-buffer slot),
// and finished output blocks back to DRAM (write thread). TLM-2.0 initiator of the Dram.
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "sim/memory/dram.hpp"
#include "sim/run/job_state.hpp"
#include "sim/memory/sram.hpp"

namespace mixsim::sim {

class Dma : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<Dma> socket;
  sc_core::sc_event start_event;     // notified by the Controller
  sc_core::sc_event progress_event;  // a read was issued (batch start / chunk arrival known)
  sc_core::sc_event write_queued;    // the array queued an output block
  sc_core::sc_event array_progress;  // the array published a slot-free time
  sc_core::sc_event done_event;

  Dma(sc_core::sc_module_name name, const Dram& dram, Sram& weight_buffer, Sram& activation_buffer);
  void begin_job(JobState* job) { job_ = job; }

 private:
  void read_thread();
  void write_thread();
  int64_t transfer(tlm::tlm_command cmd, int64_t addr, int64_t bytes);  // returns transfer start

  const Dram& dram_;
  Sram& weight_buffer_;
  Sram& activation_buffer_;
  JobState* job_ = nullptr;
};

}  // namespace mixsim::sim
