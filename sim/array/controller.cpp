#include "sim/array/controller.hpp"

#include <algorithm>

#include "sim/run/sim_time.hpp"

namespace mixsim::sim {

Controller::Controller(sc_core::sc_module_name name, Dma& dma, SystolicArray& array)
    : sc_module(name), dma_(dma), array_(array) {
  SC_HAS_PROCESS(Controller);
  SC_THREAD(thread);
}

void Controller::thread() {
  for (;;) {
    sc_core::wait(start_event);
    finished_ = false;
    JobState& job = *job_;
    job.start_cycle = now_cycles();
    dma_.start_event.notify(sc_core::SC_ZERO_TIME);
    array_.start_event.notify(sc_core::SC_ZERO_TIME);
    while (!(job.array_done && job.reads_done && job.writes_done))
      sc_core::wait(dma_.done_event | array_.done_event);
    end_cycle_ = std::max(job.array_end, job.writes_end);
    wait_until_cycle(job.start_cycle + end_cycle_);
    finished_ = true;
  }
}

}  // namespace mixsim::sim
