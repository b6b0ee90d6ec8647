// simulate_gemm: plan the tiles, run the cycle model (SystemC) or the fast model, turn the
// counters into energy.
#include "sim/run/simulator.hpp"

#include <stdexcept>

#include "sim/energy/energy_model.hpp"
#include "sim/energy/event_counters.hpp"
#include "sim/array/fast_model.hpp"
#include "sim/run/job_state.hpp"
#include "sim/pe/pe_registry.hpp"
#include "sim/run/sim_context.hpp"
#include "sim/mapping/mapper.hpp"
#include "sim/mapping/tile_plan.hpp"

namespace mixsim::sim {
namespace {

int64_t run_cycle_model(const HardwareConfig& hw, const PeType& pe, const PeTraits& traits,
                        const TilePlan& plan, const GemmJob& job, EventCounters& counters,
                        std::optional<MatrixF32>& values, const DramCalibration& calibration) {
  JobState state(hw, traits, plan, counters);
  state.dram_calibration = &calibration;
  ArrayOperands operands;
  std::unique_ptr<OutputEpilogue> epilogue;
  if (pe.has_value_inputs(job)) {
    // Everything that can throw happens before the SystemC kernel runs.
    operands = pe.prepare_operands(job);
    epilogue = pe.make_epilogue(job);
    state.operands = &operands;
    state.epilogue = epilogue.get();
  }
  const int64_t cycles = SimContext::instance().run(state);
  if (epilogue) {
    MatrixF32 y(job.m, job.n);
    for (int64_t m = 0; m < job.m; ++m)
      for (int64_t n = 0; n < job.n; ++n) y(m, n) = epilogue->output(m, n);
    values = std::move(y);
  }
  return cycles;
}

}  // namespace

GemmSimResult simulate_gemm(const HardwareConfig& hw, const EnergyTable& energy,
                            const GemmJob& job, SimMode mode) {
  if (job.m <= 0 || job.n <= 0 || job.k <= 0)
    throw std::invalid_argument("GEMM " + job.name + ": M, N, K must be positive (got " +
                                std::to_string(job.m) + ", " + std::to_string(job.n) + ", " +
                                std::to_string(job.k) + ")");
  const PeType& pe = find_pe_type(job.pe_type);
  const PeTraits traits = job.traits ? *job.traits : pe.traits(job.recipe, job.k);
  TileGeometry geometry = TileGeometry::of(hw, traits, job.m, job.n, job.k);
  // Weights known: each tile is charged its real bytes (slim-mixed's per-group widths).
  if (job.operands && job.operands->group_bits && !job.traits) geometry.use_group_bits(*job.operands->group_bits);
  GemmSimResult result;
  // The job's mapper was built on this hardware; its DRAM calibration serves every GEMM. A
  // pinned mapping without a mapper needs only the calibration, not a search.
  std::optional<Mapper> local;
  Mapper* mapper = job.mapper;
  if (!mapper && !job.mapping) mapper = &local.emplace(hw, energy);
  std::optional<DramCalibration> own;
  const DramCalibration& calibration = mapper ? mapper->calibration() : own.emplace(calibrate_streaming(hw.dram));
  if (job.mapping) {
    result.mapping = *job.mapping;
    result.mapping_pinned = true;
  } else {
    const MappingChoice choice = mapper->choose(traits, geometry, job.name);
    result.mapping = choice.mapping;
    result.mapping_pinned = choice.pinned;
  }
  const TilePlan plan(hw, geometry, result.mapping);
  result.bounds = gemm_bounds(hw, geometry);
  EventCounters counters(traits, plan);
  result.cycles = mode == SimMode::Fast
                      ? run_fast_model(hw, plan, counters, &calibration)
                      : run_cycle_model(hw, pe, traits, plan, job, counters, result.values, calibration);
  counters.finish(result.cycles);
  result.latency_s = static_cast<double>(result.cycles) / (hw.clock_ghz * 1e9);
  const double pe_cycles = static_cast<double>(result.cycles) * hw.array.rows * hw.array.cols;
  result.utilization = pe_cycles > 0 ? static_cast<double>(counters.get("macs")) / pe_cycles : 0.0;
  result.counters = counters.counts();
  result.energy_pj = energy_by_component(result.counters, energy, hw, &calibration);
  return result;
}

}  // namespace mixsim::sim
