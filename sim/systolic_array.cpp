#include "sim/systolic_array.hpp"

#include <algorithm>

#include "sim/sim_time.hpp"
#include "sim/tile_timeline.hpp"

namespace mixsim::sim {

SystolicArray::SystolicArray(sc_core::sc_module_name name, const Dram& dram, Dma& dma,
                             Sram& weight_buffer, Sram& activation_buffer,
                             GroupDequantUnit& dequant)
    : sc_module(name), dram_(dram), dma_(dma), weight_buffer_(weight_buffer),
      activation_buffer_(activation_buffer), dequant_(dequant) {
  SC_HAS_PROCESS(SystolicArray);
  SC_THREAD(thread);
}

void SystolicArray::thread() {
  for (;;) {
    sc_core::wait(start_event);
    run_job(*job_);
    done_event.notify(sc_core::SC_ZERO_TIME);
  }
}

void SystolicArray::run_job(JobState& job) {
  const TilePlan& plan = job.plan;
  const DramChannel& dram = dram_.channel();
  TileTimeline timeline;
  int64_t last_out = 0, batch_prefix = 0, load_cycles_total = 0;
  int64_t row_reads = 0;
  const int64_t conflicts_before = activation_buffer_.conflict_cycles();
  for (int64_t i = 0; i < plan.tile_count(); ++i) {
    const TileRef t = plan.tile(i);
    const bool batch_first = i == plan.batch_first_tile(t.batch);
    if (batch_first) {
      batch_prefix = 0;
      // Synchronise with SystemC time once per batch, then wait for the Dma to issue it.
      while (job.batch_start[static_cast<size_t>(t.batch)] < 0) sc_core::wait(dma_.progress_event);
    }
    const int64_t tile_bytes = plan.tile_weight_bytes(t);
    batch_prefix += tile_bytes;
    while (job.chunk_arrival[static_cast<size_t>(t.chunk)] < 0) sc_core::wait(dma_.progress_event);
    const int64_t ready = std::max(job.batch_start[static_cast<size_t>(t.batch)] +
                                       dram.transfer_cycles(batch_prefix) + dram.latency(),
                                   job.chunk_arrival[static_cast<size_t>(t.chunk)]);
    // Weight load: the tile's bytes read from its batch slot in the weight buffer.
    const int64_t load = weight_buffer_.read(
        plan.weight_address(t.batch, (batch_prefix - tile_bytes)), tile_bytes);
    load_cycles_total += load;
    // Activation stream: one SRAM row read per streamed X row, each as long as its banks need.
    int64_t stream = 0;
    for (int64_t m = 0; m < t.mt; ++m)
      stream += activation_buffer_.read(plan.activation_address(t.chunk, m, t.k0),
                                        plan.activation_row_bytes(t));
    row_reads += t.mt;
    const TileTimes times = timeline.place(ready, load, stream, plan.pipeline_latency(),
                                           t.group_end ? dequant_.latency() : 0);
    if (job.operands) compute_values(t);
    job.counters.add_tile(t);
    last_out = std::max(last_out, times.out_done);
    if (i == plan.batch_last_tile(t.batch)) {
      job.batch_load_end[static_cast<size_t>(t.batch)] = times.load_end;
      dma_.array_progress.notify(sc_core::SC_ZERO_TIME);
    }
    if (i == plan.chunk_last_tile(t.chunk)) {
      job.chunk_stream_end[static_cast<size_t>(t.chunk)] = times.stream_end;
      dma_.array_progress.notify(sc_core::SC_ZERO_TIME);
    }
    if (t.block_end) {
      job.writes.push_back({times.out_done, plan.block_output_bytes(t)});
      dma_.write_queued.notify(sc_core::SC_ZERO_TIME);
    }
    if (i == plan.batch_last_tile(t.batch)) wait_until_cycle(job.start_cycle + times.stream_start);
  }
  job.counters.add("sram_activation.bank_conflict_cycles",
                   activation_buffer_.conflict_cycles() - conflicts_before);
  job.counters.add("sram_weight.read_cycles", load_cycles_total);
  job.counters.add("cycles.array_busy", timeline.busy_cycles());
  wait_until_cycle(job.start_cycle + last_out);
  job.array_end = last_out;
  job.array_done = true;
  dma_.write_queued.notify(sc_core::SC_ZERO_TIME);
}

void SystolicArray::compute_values(const TileRef& t) {
  const ArrayOperands& ops = *job_->operands;
  const WavefrontTile wt{t.mt, t.kt, t.ct};
  const size_t n_acc = static_cast<size_t>(t.mt * t.ct);
  const bool group_start = t.k0 % job_->plan.group() == 0;
  const int64_t a_off = t.m0 * ops.k, w_off = t.n0 * ops.k;
  if (ops.lane == Lane::Int32) {
    if (group_start) acc_i_.assign(n_acc, 0);
    wavefront_.run(wt, ops.act_i8 + a_off, ops.w_i8 + w_off, ops.k, t.k0, acc_i_.data());
    if (t.group_end) dequant_.fold(t, acc_i_);
    return;
  }
  if (group_start) acc_f_.assign(n_acc, 0.0f);
  if (ops.act_f32 && ops.w_i8)
    wavefront_.run(wt, ops.act_f32 + a_off, ops.w_i8 + w_off, ops.k, t.k0, acc_f_.data());
  else if (ops.act_i8 && ops.w_f32)
    wavefront_.run(wt, ops.act_i8 + a_off, ops.w_f32 + w_off, ops.k, t.k0, acc_f_.data());
  else
    wavefront_.run(wt, ops.act_f32 + a_off, ops.w_f32 + w_off, ops.k, t.k0, acc_f_.data());
  if (t.group_end) dequant_.fold(t, acc_f_);
}

}  // namespace mixsim::sim
