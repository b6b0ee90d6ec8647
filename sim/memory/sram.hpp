#pragma once
// Sram: an on-chip buffer (capacity, banks, ports, width). Accesses are function calls from
// the Dma (writes) and the SystolicArray (reads) at the current simulated cycle; each returns
// how many cycles it occupies the banks (SramBanks) and is counted by bytes, with the cycles
// beyond the first counted as bank-conflict cycles.
#include <systemc>

#include <string>

#include "sim/run/job_state.hpp"
#include "sim/memory/sram_banks.hpp"

namespace mixsim::sim {

class Sram : public sc_core::sc_module {
 public:
  Sram(sc_core::sc_module_name name, std::string counter_prefix);
  void begin_job(JobState* job, const SramConfig& config, const std::string& config_key);

  int64_t read(int64_t addr, int64_t bytes);  // returns cycles (>= 1 for bytes > 0)
  void write(int64_t bytes);
  int64_t conflict_cycles() const { return conflict_cycles_; }

 private:
  std::string prefix_;
  JobState* job_ = nullptr;
  std::unique_ptr<SramBanks> banks_;
  int64_t conflict_cycles_ = 0;
};

}  // namespace mixsim::sim
