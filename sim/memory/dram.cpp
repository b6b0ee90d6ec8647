#include "sim/memory/dram.hpp"

#include <algorithm>
#include <cmath>

#include "sim/run/sim_time.hpp"

namespace mixsim::sim {

Dram::Dram(sc_core::sc_module_name name) : sc_module(name), socket("socket") {
  socket.register_b_transport(this, &Dram::b_transport);
}

void Dram::begin_job(JobState* job) {
  job_ = job;
  channel_ = job->dram_calibration
                 ? std::make_unique<DramChannel>(job->hw.dram, job->hw.clock_ghz,
                                                 job->dram_calibration->streaming_efficiency)
                 : std::make_unique<DramChannel>(job->hw.dram, job->hw.clock_ghz);
  origin_cycle_ = now_cycles();
  channel_->reset_to(origin_cycle_);
  banks_.reset();
  if (job->hw.dram.model == DramModel::Bank) {
    banks_ = std::make_unique<BankDram>(job->hw.dram);
    const double extra_ns = std::max(0.0, job->hw.dram.latency_ns - banks_->idle_read_ps() / 1000.0);
    path_latency_cycles_ = static_cast<int64_t>(std::ceil(extra_ns * job->hw.clock_ghz - 1e-9));
  }
}

// Runs the request through the bank model; returns the cycle its data is complete. Bank time
// starts at this job's first cycle (a fresh, idle, refreshed DRAM per job).
int64_t Dram::bank_transport(int64_t now, uint64_t addr, int64_t bytes, bool is_write) {
  const double ghz = job_->hw.clock_ghz;
  const int64_t origin = origin_cycle_;
  const BankDramStats before = banks_->stats();
  const int64_t arrival_ps = std::llround(static_cast<double>(now - origin) * 1000.0 / ghz);
  const DramAccess a = banks_->access(arrival_ps, addr, bytes, is_write);
  const BankDramStats& after = banks_->stats();
  EventCounters& c = job_->counters;
  c.add("dram.activations", after.activations - before.activations);
  c.add("dram.row_hits", after.row_hits - before.row_hits);
  c.add("dram.row_conflicts", after.row_conflicts - before.row_conflicts);
  c.add("dram.refreshes", after.refreshes - before.refreshes);
  const int64_t end =
      static_cast<int64_t>(std::ceil(static_cast<double>(a.last_data_ps) * ghz / 1000.0 - 1e-9));
  return origin + end + path_latency_cycles_;
}

void Dram::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const int64_t bytes = trans.get_data_length();
  const int64_t now = now_cycles() + static_cast<int64_t>(delay.value() / cycles_to_time(1).value());
  int64_t done = 0;
  if (banks_) {
    done = bank_transport(now, trans.get_address(), bytes, trans.is_write());
  } else {
    const int64_t start = channel_->request(now, bytes);
    done = start + channel_->transfer_cycles(bytes) + channel_->latency();
  }
  if (trans.is_read())
    job_->counters.add_dram_read(bytes, channel_->bursts(bytes));
  else
    job_->counters.add_dram_write(bytes, channel_->bursts(bytes));
  delay += cycles_to_time(done - now);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

}  // namespace mixsim::sim
