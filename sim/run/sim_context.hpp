#pragma once
// SimContext: the cycle model's module hierarchy, elaborated ONCE per process and reused for
// every simulate_gemm call. SystemC's kernel is a process-wide singleton (modules cannot be
// created after the first sc_start), so instead of one simulation per GEMM the modules wait
// for a job, run it, and go idle; each call notifies the Controller and runs sc_start() until
// the kernel has no more events (SC_EXIT_ON_STARVATION), then reads the results. Simulated
// time keeps increasing across jobs; each job measures cycles from its own start. Calls are
// serialised by a mutex (the kernel is not thread-safe).
#include <cstdint>
#include <memory>

#include "sim/run/job_state.hpp"

namespace mixsim::sim {

class SimContext {
 public:
  // The process's context (created on first use).
  static SimContext& instance();
  // Runs one job to completion; returns its cycle count.
  int64_t run(JobState& job);

 private:
  SimContext();
  struct Modules;
  std::unique_ptr<Modules> modules_;
};

}  // namespace mixsim::sim
