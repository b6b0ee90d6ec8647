#include "sim/run/step_timer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/run/design_normalization.hpp"
#include "sim/run/simulator.hpp"

namespace mixsim::sim {

StepTimer::StepTimer(const RunConfig& config, size_t p, const workloads::ModelSpec& model)
    : config_(config),
      pe_(config.compare.at(p)),
      hw_(design_hardware(config, p)),
      kv_(resolve_kv_cache(pe_.pe, config.workload.generate ? config.workload.generate->kv_cache : "auto",
                           model.head_dim)),
      mapper_(hw_, config.energy, config.mapper),
      vector_(hw_, config.energy) {}

TimedStep StepTimer::time_step(std::vector<StepOp> ops, SimMode mode, bool overlap) {
  TimedStep t;
  t.ops = std::move(ops);
  std::vector<TimelineOp> timeline;
  timeline.reserve(t.ops.size());
  for (const StepOp& op : t.ops) {
    int64_t cycles = 0;
    double pj = 0.0;
    if (op.unit == OpUnit::Array) {
      const GemmCost& c = gemm(op, mode);
      cycles = c.cycles * op.count;
      pj = c.energy_pj.at("total") * static_cast<double>(op.count);
      t.compute_bound_cycles += c.compute_bound_cycles * op.count;
      t.compulsory_bytes += c.compulsory_bytes * op.count;
      for (const auto& [comp, e] : c.energy_pj)
        if (comp != "total") component_pj_[comp] += e * static_cast<double>(op.count);
    } else {
      const VectorOpResult r = vector_.run(op.vector);
      cycles = r.cycles;
      pj = r.energy_pj.at("total");
      t.compulsory_bytes += r.work.read_bytes + r.work.write_bytes;
      for (const auto& [comp, e] : r.energy_pj)
        if (comp != "total") component_pj_[comp] += e;
    }
    t.cycles.push_back(cycles);
    t.energy_pj.push_back(pj);
    timeline.push_back(TimelineOp{op.unit, cycles, op.deps});
  }
  t.slots = schedule_ops(timeline, overlap);
  for (const auto& s : t.slots) t.total_cycles = std::max(t.total_cycles, s.end);
  return t;
}

int64_t TimedStep::bound_cycles(double peak_bytes_per_cycle) const {
  const auto traffic = static_cast<int64_t>(std::ceil(static_cast<double>(compulsory_bytes) / peak_bytes_per_cycle));
  return std::max(compute_bound_cycles, traffic);
}

const StepTimer::GemmCost& StepTimer::gemm(const StepOp& op, SimMode mode) {
  const std::string key =
      fmt::format("{}x{}x{} r{} m{}", op.m, op.n, op.k, static_cast<int>(op.role), static_cast<int>(mode));
  const auto hit = memo_.find(key);
  if (hit != memo_.end()) return hit->second;
  GemmJob job;
  job.name = op.type;
  job.m = op.m, job.n = op.n, job.k = op.k;
  job.pe_type = pe_.pe;
  job.recipe = pe_.recipe;
  job.mapper = &mapper_;
  if (op.role != GemmRole::Weight) job.traits = kv_.attention_traits(pe_.pe, op.k);
  const GemmSimResult r = simulate_gemm(hw_, config_.energy, job, mode);
  return memo_[key] = GemmCost{r.cycles, r.energy_pj, r.bounds.compute_cycles, r.bounds.compulsory_bytes};
}

}  // namespace mixsim::sim
