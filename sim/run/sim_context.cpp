#include "sim/run/sim_context.hpp"

#include <mutex>
#include <stdexcept>
#include <systemc>

#include "sim/array/controller.hpp"
#include "sim/memory/dma.hpp"
#include "sim/memory/dram.hpp"
#include "sim/array/group_dequant_unit.hpp"
#include "sim/memory/sram.hpp"
#include "sim/array/systolic_array.hpp"

namespace mixsim::sim {

struct SimContext::Modules {
  Dram dram{"dram"};
  Sram weight_buffer{"weight_buffer", "sram_weight"};
  Sram activation_buffer{"activation_buffer", "sram_activation"};
  Sram output_buffer{"output_buffer", "sram_output"};
  Dma dma{"dma", dram, weight_buffer, activation_buffer};
  GroupDequantUnit dequant{"group_dequant"};
  SystolicArray array{"array", dram, dma, weight_buffer, activation_buffer, dequant};
  Controller controller{"controller", dma, array};
  Modules() { dma.socket.bind(dram.socket); }
};

namespace {
std::mutex& context_mutex() {
  static std::mutex m;
  return m;
}
}  // namespace

SimContext::SimContext() {
  // Silence the kernel's banner-free warnings about repeated sc_start calls; keep errors.
  sc_core::sc_report_handler::set_actions(sc_core::SC_WARNING, sc_core::SC_DO_NOTHING);
  modules_ = std::make_unique<Modules>();
  // Elaborate and initialise now, so every thread is already waiting for its start event
  // when the first job is notified.
  sc_core::sc_start(sc_core::SC_ZERO_TIME);
}

SimContext& SimContext::instance() {
  static SimContext* ctx = new SimContext();  // lives until exit, like the SystemC kernel
  return *ctx;
}

int64_t SimContext::run(JobState& job) {
  std::lock_guard<std::mutex> lock(context_mutex());
  Modules& m = *modules_;
  m.dram.begin_job(&job);
  m.weight_buffer.begin_job(&job, job.hw.weight_buffer, "weight_buffer");
  m.activation_buffer.begin_job(&job, job.hw.activation_buffer, "activation_buffer");
  m.output_buffer.begin_job(&job, job.hw.output_buffer, "output_buffer");
  m.dma.begin_job(&job);
  m.dequant.begin_job(&job);
  m.array.begin_job(&job);
  m.controller.begin_job(&job);
  m.controller.start_event.notify(sc_core::SC_ZERO_TIME);
  sc_core::sc_start();  // runs until no events remain: the job is done and every module idle
  if (!m.controller.finished())
    throw std::logic_error("cycle model: the simulation stopped before the job finished");
  return m.controller.end_cycle();
}

}  // namespace mixsim::sim
