#include "sim/array/systolic_array.hpp"

#include <algorithm>

#include "sim/run/sim_time.hpp"
#include "sim/array/tile_costs.hpp"
#include "sim/array/tile_timeline.hpp"

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

// Real SRAM accesses of one tile at its buffer addresses (the per-access counterpart of
// closed_form_cost in sim/array/tile_costs.hpp).
TileCost SystolicArray::access_cost(const TileRef& t, int64_t batch_offset) {
  const TilePlan& plan = job_->plan;
  TileCost c;
  const int64_t chunk_m0 = t.chunk * plan.chunk_m();
  if (!plan.output_stationary()) {
    c.load = weight_buffer_.read(plan.weight_address(t.batch, batch_offset), plan.tile_weight_bytes(t));
    c.weight_read_cycles = c.load;
    for (int64_t m = 0; m < t.mt; ++m) {
      const int64_t cyc = activation_buffer_.read(
          plan.activation_address(t.act_load, t.m0 - chunk_m0 + m, t.k0), plan.activation_row_bytes(t));
      c.stream += cyc;
      c.activation_conflicts += cyc - 1;
    }
    return c;
  }
  const int64_t w_bytes = os_weight_step_bytes(plan, t, plan.weight_bits());
  int64_t busy = 0;
  for (int64_t k = 0; k < t.kt; ++k) {
    const int64_t a = activation_buffer_.read(
        plan.activation_address(t.act_load, t.m0 - chunk_m0, t.k0 + k), t.mt * plan.activation_bytes());
    const int64_t w = weight_buffer_.read(plan.weight_address(t.batch, batch_offset + k * w_bytes), w_bytes);
    busy += std::max(a, w);
    c.activation_conflicts += a - 1;
    c.weight_read_cycles += w;
  }
  c.stream = std::max<int64_t>(busy, plan.rows());
  return c;
}

void SystolicArray::run_job(JobState& job) {
  const TilePlan& plan = job.plan;
  const DramChannel& dram = dram_.channel();
  TileTimeline timeline;
  int64_t last_out = 0, conflicts = 0, weight_cycles = 0;
  for (const PlanStep& step : plan.steps()) {
    const int64_t c = step.chunk, nt = step.n_tile, b = step.b;
    const int64_t load = plan.activation_load_index(c, nt);
    while (job.chunk_arrival[static_cast<size_t>(load)] < 0) sc_core::wait(dma_.progress_event);
    const int64_t arrival = job.chunk_arrival[static_cast<size_t>(load)];
    const int64_t batch = plan.batch_index(c, nt, b);
    // Wait for the Dma to issue the batch (its transfer start fixes every tile's arrival).
    while (job.batch_start[static_cast<size_t>(batch)] < 0) sc_core::wait(dma_.progress_event);
    const int64_t start = job.batch_start[static_cast<size_t>(batch)];
    const int64_t base = plan.step_weight_offset(step);
    TileTimes times;
    for (int64_t mi = 0; mi < plan.m_tiles(c); ++mi) {
      int64_t prefix = base;
      for (int64_t k = plan.batch_first_k(b); k <= plan.batch_last_k(b); ++k) {
        const TileRef t = plan.tile_at(c, nt, k, mi);
        const int64_t offset = prefix;
        prefix += plan.tile_weight_bytes(t);
        const int64_t ready =
            std::max(start + dram.transfer_cycles(prefix) + dram.latency(), arrival);
        const TileCost cost = access_cost(t, offset);
        conflicts += cost.activation_conflicts;
        weight_cycles += cost.weight_read_cycles;
        times = timeline.place(ready, cost.load, cost.stream, plan.pipeline_latency(),
                               t.group_end ? dequant_.latency() : 0);
        if (job.operands) compute_values(t);
        job.counters.add_tile(t);
        last_out = std::max(last_out, times.out_done);
        if (plan.releases_batch(t)) {
          job.batch_load_end[static_cast<size_t>(batch)] =
              plan.output_stationary() ? times.stream_end : times.load_end;
          dma_.array_progress.notify(sc_core::SC_ZERO_TIME);
        }
        if (plan.releases_chunk(t)) {
          job.chunk_stream_end[static_cast<size_t>(load)] = times.stream_end;
          dma_.array_progress.notify(sc_core::SC_ZERO_TIME);
        }
        if (t.block_end) {
          job.writes.push_back({times.out_done, plan.block_output_bytes(t)});
          dma_.write_queued.notify(sc_core::SC_ZERO_TIME);
        }
      }
    }
    // Synchronise with SystemC time once per batch step.
    wait_until_cycle(job.start_cycle + times.stream_start);
  }
  job.counters.add("sram_activation.bank_conflict_cycles", conflicts);
  job.counters.add("sram_weight.read_cycles", weight_cycles);
  job.counters.add("cycles.array_busy", timeline.busy_cycles());
  wait_until_cycle(job.start_cycle + last_out);
  job.array_end = last_out;
  job.array_done = true;
  dma_.write_queued.notify(sc_core::SC_ZERO_TIME);
}

void SystolicArray::compute_values(const TileRef& t) {
  const ArrayOperands& ops = *job_->operands;
  const TilePlan& plan = job_->plan;
  const WavefrontTile wt{t.mt, t.kt, t.ct};
  const bool os = plan.output_stationary();
  // Group accumulators of the whole chunk (the output buffer's), C-wide: the M-tiles of an
  // output-stationary chunk interleave, so each keeps its rows between batches.
  const size_t n_acc = static_cast<size_t>(plan.chunk_m() * plan.cols());
  const int64_t row0 = t.m0 - t.chunk * plan.chunk_m();
  const bool group_start = t.k0 % plan.group() == 0;
  const int64_t a_off = t.m0 * ops.k, w_off = t.n0 * ops.k;
  if (ops.lane == Lane::Int32) {
    if (acc_i_.size() != n_acc) acc_i_.assign(n_acc, 0);
    int32_t* acc = acc_i_.data() + row0 * t.ct;
    if (group_start) std::fill(acc, acc + t.mt * t.ct, 0);
    if (os)
      wavefront_.run_output_stationary(wt, ops.act_i8 + a_off, ops.w_i8 + w_off, ops.k, t.k0, acc);
    else
      wavefront_.run(wt, ops.act_i8 + a_off, ops.w_i8 + w_off, ops.k, t.k0, acc);
    if (t.group_end) dequant_.fold(t, acc);
    return;
  }
  if (acc_f_.size() != n_acc) acc_f_.assign(n_acc, 0.0f);
  float* acc = acc_f_.data() + row0 * t.ct;
  if (group_start) std::fill(acc, acc + t.mt * t.ct, 0.0f);
  if (ops.act_f32 && ops.w_i8) {
    if (os) wavefront_.run_output_stationary(wt, ops.act_f32 + a_off, ops.w_i8 + w_off, ops.k, t.k0, acc);
    else wavefront_.run(wt, ops.act_f32 + a_off, ops.w_i8 + w_off, ops.k, t.k0, acc);
  } else if (ops.act_i8 && ops.w_f32) {
    if (os) wavefront_.run_output_stationary(wt, ops.act_i8 + a_off, ops.w_f32 + w_off, ops.k, t.k0, acc);
    else wavefront_.run(wt, ops.act_i8 + a_off, ops.w_f32 + w_off, ops.k, t.k0, acc);
  } else {
    if (os) wavefront_.run_output_stationary(wt, ops.act_f32 + a_off, ops.w_f32 + w_off, ops.k, t.k0, acc);
    else wavefront_.run(wt, ops.act_f32 + a_off, ops.w_f32 + w_off, ops.k, t.k0, acc);
  }
  if (t.group_end) dequant_.fold(t, acc);
}

}  // namespace mixsim::sim
