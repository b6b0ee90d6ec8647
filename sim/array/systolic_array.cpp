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
TileCost SystolicArray::access_cost(const TileRef& t, int64_t load_offset) {
  const TilePlan& plan = job_->plan;
  TileCost c;
  const int64_t block_m0 = t.m_blk * plan.mapping().m_block;
  if (!plan.output_stationary()) {
    c.load = weight_buffer_.read(plan.weight_address(t.w_load, load_offset), plan.tile_weight_bytes(t));
    c.weight_read_cycles = c.load;
    for (int64_t m = 0; m < t.mt; ++m) {
      const int64_t cyc = activation_buffer_.read(
          plan.activation_address(t.x_load, t.m0 - block_m0 + m, t.k0), plan.activation_row_bytes(t));
      c.stream += cyc;
      c.activation_conflicts += cyc - 1;
    }
    return c;
  }
  const int64_t w_bytes = os_weight_step_bytes(plan, t, plan.weight_bits());
  int64_t busy = 0;
  for (int64_t k = 0; k < t.kt; ++k) {
    const int64_t a = activation_buffer_.read(plan.activation_address(t.x_load, t.m0 - block_m0, t.k0 + k),
                                              t.mt * plan.activation_bytes());
    const int64_t w = weight_buffer_.read(plan.weight_address(t.w_load, load_offset + k * w_bytes), w_bytes);
    busy += std::max(a, w);
    c.activation_conflicts += a - 1;
    c.weight_read_cycles += w;
  }
  c.stream = std::max<int64_t>(busy, plan.rows());
  return c;
}

// Blocks the thread until the Dma has published entry i of `times`; returns it.
int64_t SystolicArray::await(const std::vector<int64_t>& times, int64_t i) {
  while (times[static_cast<size_t>(i)] < 0) sc_core::wait(dma_.progress_event);
  return times[static_cast<size_t>(i)];
}

void SystolicArray::run_job(JobState& job) {
  const TilePlan& plan = job.plan;
  const DramChannel& dram = dram_.channel();
  TileTimeline timeline;
  int64_t last_out = 0, conflicts = 0, weight_cycles = 0;
  const auto& steps = plan.steps();
  for (size_t index = 0; index < steps.size(); ++index) {
    const PlanStep& step = steps[index];
    int64_t data = await(job.activation_arrival, step.x_load);
    if (step.partial_read >= 0) data = std::max(data, await(job.partial_arrival, step.partial_read));
    // The weight load's transfer start fixes every tile's arrival.
    const int64_t start = await(job.weight_start, step.w_load);
    TileTimes times;
    const int64_t m_tiles = plan.m_tiles(step.m_blk);
    for (int64_t mi = 0; mi < m_tiles; ++mi) {
      int64_t prefix = step.w_offset;
      for (int64_t k = plan.step_first_k(step); k <= plan.step_last_k(step); ++k) {
        const TileRef t = plan.tile_at(step, k, mi);
        const int64_t offset = prefix;
        prefix += plan.tile_weight_bytes(t);
        const int64_t ready = std::max(start + dram.transfer_cycles(prefix) + dram.latency(), data);
        const TileCost cost = access_cost(t, offset);
        conflicts += cost.activation_conflicts;
        weight_cycles += cost.weight_read_cycles;
        times = timeline.place(ready, cost.load, cost.stream, plan.pipeline_latency(),
                               t.group_end ? dequant_.latency() : 0);
        if (job.operands) compute_values(t);
        job.counters.add_tile(t);
        last_out = std::max(last_out, times.out_done);
        if (t.step_end) finish_rows(job, index, step, t, times);
      }
    }
    if (step.releases_w)
      job.weights_free[static_cast<size_t>(step.w_load)] = plan.output_stationary() ? times.stream_end : times.load_end;
    if (step.releases_x) job.activations_free[static_cast<size_t>(step.x_load)] = times.stream_end;
    if (step.releases_w || step.releases_x || step.spills) dma_.array_progress.notify(sc_core::SC_ZERO_TIME);
    // Synchronise with SystemC time once per step.
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

// The step's last K-tile for these rows: Y goes to DRAM (final K-block) or the partial sums do.
void SystolicArray::finish_rows(JobState& job, size_t index, const PlanStep& step, const TileRef& t,
                                const TileTimes& times) {
  const TilePlan& plan = job.plan;
  if (step.final_k) job.writes.push_back({times.out_done, plan.output_bytes(t), plan.dram_output_address(t)});
  if (step.spills) {
    const int64_t bytes = plan.partial_bytes(t);
    job.writes.push_back({times.out_done, bytes, plan.dram_partial_address(t)});
    auto& done = job.spill_done[index];
    done = std::max(done, times.out_done);
    job.counters.add("sram_output.read_bytes", bytes);
    job.counters.add("partial_spill.write_bytes", bytes);
  }
  if (step.final_k || step.spills) dma_.write_queued.notify(sc_core::SC_ZERO_TIME);
}

void SystolicArray::compute_values(const TileRef& t) {
  const ArrayOperands& ops = *job_->operands;
  const TilePlan& plan = job_->plan;
  const WavefrontTile wt{t.mt, t.kt, t.ct};
  const bool os = plan.output_stationary();
  // Group accumulators of the rows of this tile and its N-tile: the output buffer's, kept
  // between steps because a mapping may interleave other blocks before this K continues.
  const int64_t key = t.m0 * plan.n_tiles() + t.n_tile;
  const bool group_start = t.k0 % plan.group() == 0;
  const int64_t a_off = t.m0 * ops.k, w_off = t.n0 * ops.k;
  const size_t n_acc = static_cast<size_t>(t.mt * t.ct);
  if (ops.lane == Lane::Int32) {
    std::vector<int32_t>& accumulators = acc_i_[key];
    accumulators.resize(n_acc);
    int32_t* acc = accumulators.data();
    if (group_start) std::fill(acc, acc + n_acc, 0);
    if (os)
      wavefront_.run_output_stationary(wt, ops.act_i8 + a_off, ops.w_i8 + w_off, ops.k, t.k0, acc);
    else
      wavefront_.run(wt, ops.act_i8 + a_off, ops.w_i8 + w_off, ops.k, t.k0, acc);
    if (t.group_end) dequant_.fold(t, acc);
    if (t.block_end) acc_i_.erase(key);
    return;
  }
  std::vector<float>& accumulators = acc_f_[key];
  accumulators.resize(n_acc);
  float* acc = accumulators.data();
  if (group_start) std::fill(acc, acc + n_acc, 0.0f);
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
  if (t.block_end) acc_f_.erase(key);
}

}  // namespace mixsim::sim
