#include "sim/memory/dram.hpp"

#include "sim/run/sim_time.hpp"

namespace mixsim::sim {

Dram::Dram(sc_core::sc_module_name name) : sc_module(name), socket("socket") {
  socket.register_b_transport(this, &Dram::b_transport);
}

void Dram::begin_job(JobState* job) {
  job_ = job;
  timing_ = std::make_unique<DramTiming>(job->hw.dram, job->hw.clock_ghz, job->dram_calibration);
  origin_cycle_ = now_cycles();
}

void Dram::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const int64_t bytes = trans.get_data_length();
  const int64_t now = now_cycles() + static_cast<int64_t>(delay.value() / cycles_to_time(1).value());
  const int64_t done = origin_cycle_ + timing_->complete(now - origin_cycle_, trans.get_address(), bytes,
                                                        trans.is_write(), &job_->counters);
  if (trans.is_read())
    job_->counters.add_dram_read(bytes, channel().bursts(bytes));
  else
    job_->counters.add_dram_write(bytes, channel().bursts(bytes));
  delay += cycles_to_time(done - now);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

}  // namespace mixsim::sim
