#include "sim/memory/dma.hpp"

#include <algorithm>

#include "sim/run/sim_time.hpp"

namespace mixsim::sim {

Dma::Dma(sc_core::sc_module_name name, const Dram& dram, Sram& weight_buffer,
         Sram& activation_buffer)
    : sc_module(name), socket("socket"), dram_(dram), weight_buffer_(weight_buffer),
      activation_buffer_(activation_buffer) {
  SC_HAS_PROCESS(Dma);
  SC_THREAD(read_thread);
  SC_THREAD(write_thread);
}

int64_t Dma::transfer(tlm::tlm_command cmd, int64_t addr, int64_t bytes) {
  tlm::tlm_generic_payload trans;
  unsigned char dummy = 0;  // timing-only transaction: no byte payload is moved
  trans.set_command(cmd);
  trans.set_address(static_cast<sc_dt::uint64>(addr));
  trans.set_data_ptr(&dummy);
  trans.set_data_length(static_cast<unsigned int>(bytes));
  trans.set_streaming_width(static_cast<unsigned int>(bytes));
  trans.set_byte_enable_ptr(nullptr);
  trans.set_dmi_allowed(false);
  trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  socket->b_transport(trans, delay);
  if (trans.is_response_error()) SC_REPORT_ERROR("mixsim/dma", "DRAM transaction failed");
  const int64_t now = now_cycles();
  const int64_t done = now + static_cast<int64_t>(delay.value() / cycles_to_time(1).value());
  // The array places a request's bytes on the channel's line from its start (start + transfer of
  // the prefix + latency).
  return dram_.timing().transfer_start(now, done, bytes);
}

void Dma::read_thread() {
  for (;;) {
    sc_core::wait(start_event);
    JobState& job = *job_;
    const TilePlan& plan = job.plan;
    for (const DmaRead& r : plan.dma_reads()) {
      // Wait for the buffer slot (or the spilled partials) this request needs.
      const std::vector<int64_t>* freed = nullptr;
      int64_t gate = -1;
      if (r.kind == DmaRead::Kind::Weights && r.index >= plan.weight_slots()) {
        freed = &job.weights_free;
        gate = r.index - plan.weight_slots();
      } else if (r.kind == DmaRead::Kind::Activations && r.index >= plan.activation_slots()) {
        freed = &job.activations_free;
        gate = r.index - plan.activation_slots();
      } else if (r.kind == DmaRead::Kind::Partials) {
        freed = &job.spill_done;
        gate = plan.partial_reads()[static_cast<size_t>(r.index)].spill_step;
      }
      if (freed) {
        while ((*freed)[static_cast<size_t>(gate)] < 0) sc_core::wait(array_progress);
        wait_until_mid_cycle(job.start_cycle + (*freed)[static_cast<size_t>(gate)]);
      } else {
        wait_until_mid_cycle(now_cycles());
      }
      const int64_t bytes = plan.read_bytes(r);
      const auto i = static_cast<size_t>(r.index);
      if (r.kind == DmaRead::Kind::Weights) {
        const int64_t start = transfer(tlm::TLM_READ_COMMAND, plan.dram_read_address(r), bytes);
        weight_buffer_.write(bytes);
        job.weight_start[i] = start - job.start_cycle;
      } else {
        const int64_t start = transfer(tlm::TLM_READ_COMMAND, plan.dram_read_address(r), bytes);
        const int64_t arrival =
            start + dram_.channel().transfer_cycles(bytes) + dram_.channel().latency() - job.start_cycle;
        if (r.kind == DmaRead::Kind::Activations) {
          activation_buffer_.write(bytes);
          job.activation_arrival[i] = arrival;
        } else {
          job.counters.add_sram_write("sram_output", bytes);
          job.counters.add("partial_spill.read_bytes", bytes);
          job.partial_arrival[i] = arrival;
        }
      }
      progress_event.notify(sc_core::SC_ZERO_TIME);
    }
    job.reads_done = true;
    done_event.notify(sc_core::SC_ZERO_TIME);
  }
}

void Dma::write_thread() {
  for (;;) {
    sc_core::wait(start_event);
    JobState& job = *job_;
    int64_t last_done = 0;
    for (;;) {
      while (job.writes.empty() && !job.array_done) sc_core::wait(write_queued);
      if (job.writes.empty()) break;
      const OutputWrite w = job.writes.front();
      job.writes.pop_front();
      wait_until_cycle(job.start_cycle + w.time);
      const int64_t start = transfer(tlm::TLM_WRITE_COMMAND, w.dram_address, w.bytes);
      last_done = std::max(last_done, start + dram_.channel().transfer_cycles(w.bytes) +
                                          dram_.channel().latency() - job.start_cycle);
    }
    job.writes_end = last_done;
    job.writes_done = true;
    done_event.notify(sc_core::SC_ZERO_TIME);
  }
}

}  // namespace mixsim::sim
