#include "sim/memory/sram.hpp"

namespace mixsim::sim {

Sram::Sram(sc_core::sc_module_name name, std::string counter_prefix)
    : sc_module(name), prefix_(std::move(counter_prefix)) {}

void Sram::begin_job(JobState* job, const SramConfig& config, const std::string& config_key) {
  job_ = job;
  banks_ = std::make_unique<SramBanks>(config, config_key);
  conflict_cycles_ = 0;
}

int64_t Sram::read(int64_t addr, int64_t bytes) {
  const int64_t cycles = banks_->access_cycles(addr, bytes);
  if (cycles > 1) conflict_cycles_ += cycles - 1;
  return cycles;
}

void Sram::write(int64_t bytes) { job_->counters.add_sram_write(prefix_, bytes); }

}  // namespace mixsim::sim
