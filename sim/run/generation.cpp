#include "sim/run/generation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "sim/mapping/mapper.hpp"
#include "sim/pe/pe_registry.hpp"
#include "sim/run/design_normalization.hpp"
#include "sim/run/kv_cache_plan.hpp"
#include "sim/run/simulator.hpp"
#include "sim/vector/vector_unit.hpp"
#include "sim/vector/vector_values.hpp"
#include "workloads/model_catalogue.hpp"

namespace mixsim::sim {
namespace {

struct GemmCost {
  int64_t cycles = 0;  // of one GEMM
  std::map<std::string, double> energy_pj;
};

bool int8_activations(const std::string& recipe) {
  return recipe.find("a8") != std::string::npos;  // w4a8-g*, w4a8-g*-intscale, w8a8
}

// Everything one design needs to time steps; GEMM shapes are simulated once.
class DesignTimer {
 public:
  DesignTimer(const RunConfig& config, size_t p, const workloads::ModelSpec& model)
      : config_(config),
        pe_(config.compare[p]),
        hw_(design_hardware(config, p)),
        kv_(resolve_kv_cache(pe_.pe, config.workload.generate->kv_cache, model.head_dim)),
        mapper_(hw_, config.energy, config.mapper),
        vector_(hw_, config.energy) {}

  const KvCachePlan& kv() const { return kv_; }
  const HardwareConfig& hw() const { return hw_; }
  const PeChoice& pe() const { return pe_; }
  const VectorUnit& vector_unit() const { return vector_; }

  TimedStep time_step(std::vector<StepOp> ops, SimMode mode, bool overlap) {
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
        for (const auto& [comp, e] : c.energy_pj)
          if (comp != "total") component_pj_[comp] += e * static_cast<double>(op.count);
      } else {
        const VectorOpResult r = vector_.run(op.vector);
        cycles = r.cycles;
        pj = r.energy_pj.at("total");
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

  // Energy by component accumulated over every step timed so far.
  const std::map<std::string, double>& component_pj() const { return component_pj_; }

 private:
  const GemmCost& gemm(const StepOp& op, SimMode mode) {
    GemmJob job;
    job.name = op.type;
    job.m = op.m, job.n = op.n, job.k = op.k;
    job.pe_type = pe_.pe;
    job.recipe = pe_.recipe;
    job.mapper = &mapper_;
    if (op.role != GemmRole::Weight) job.traits = kv_.attention_traits(pe_.pe, op.k);
    const std::string key = fmt::format("{}x{}x{} r{} m{}", op.m, op.n, op.k, static_cast<int>(op.role),
                                        static_cast<int>(mode));
    const auto hit = memo_.find(key);
    if (hit != memo_.end()) return hit->second;
    const GemmSimResult r = simulate_gemm(hw_, config_.energy, job, mode);
    return memo_[key] = GemmCost{r.cycles, r.energy_pj};
  }

  const RunConfig& config_;
  PeChoice pe_;
  HardwareConfig hw_;
  KvCachePlan kv_;
  Mapper mapper_;
  VectorUnit vector_;
  std::map<std::string, GemmCost> memo_;
  std::map<std::string, double> component_pj_;
};

void accumulate(DesignEndToEnd& d, const TimedStep& t, double clock_ghz) {
  for (size_t i = 0; i < t.ops.size(); ++i) {
    const StepOp& op = t.ops[i];
    OpTypeRecord& r = d.by_op_type[op.type];
    const double s = static_cast<double>(t.cycles[i]) / (clock_ghz * 1e9);
    r.ops += 1;
    r.busy_s += s;
    r.joules += t.energy_pj[i] * 1e-12;
    r.macs += op.macs;
    (op.unit == OpUnit::Array ? d.array_busy_s : d.vector_busy_s) += s;
  }
}

double step_joules(const TimedStep& t) {
  double pj = 0.0;
  for (double e : t.energy_pj) pj += e;
  return pj * 1e-12;
}

int64_t step_macs(const TimedStep& t, bool include_lm_head) {
  int64_t macs = 0;
  for (const auto& op : t.ops)
    if (include_lm_head || op.type != "lm_head") macs += op.macs;
  return macs;
}

}  // namespace

GenerationOutcome run_generation(const RunConfig& config, const GenerationProgress& progress) {
  if (!config.workload.generate) throw std::invalid_argument("workload.generate is not set");
  const GenerateConfig& gen = *config.workload.generate;
  const workloads::ModelSpec model = workloads::find_model(config.workload.model);
  GenerationOutcome outcome;
  EndToEndResults& e = outcome.results;
  e.model = model.name;
  e.prompt = gen.prompt, e.tokens = gen.tokens, e.batch = gen.batch;
  e.layers = model.num_hidden_layers;
  e.mode = gen.mode == SimMode::Cycle ? "cycle" : "fast";
  e.overlap = gen.overlap;
  e.vector = config.hardware.vector;
  const size_t steps_per_design = static_cast<size_t>(gen.tokens);
  const size_t steps = steps_per_design * config.compare.size();
  size_t done = 0;
  for (size_t p = 0; p < config.compare.size(); ++p) {
    DesignTimer timer(config, p, model);
    DesignEndToEnd d;
    d.pe = timer.pe().pe, d.recipe = timer.pe().recipe, d.kv_cache = timer.kv().name;
    const double ghz = timer.hw().clock_ghz;
    StepSpec spec;
    spec.batch = gen.batch;
    spec.seed = config.seed;
    spec.int8_activations = int8_activations(d.recipe);
    spec.kv = &timer.kv();
    // Prefill: the prompt's S tokens attend causally to each other; yields the first token.
    spec.prefill = true, spec.q_tokens = gen.prompt, spec.kv_tokens = gen.prompt, spec.step = 0;
    if (progress) progress(done, steps, fmt::format("{} prefill", d.pe));
    const TimedStep prefill = timer.time_step(build_step_ops(model, spec), SimMode::Fast, gen.overlap);
    ++done;
    accumulate(d, prefill, ghz);
    d.ttft_s = static_cast<double>(prefill.total_cycles) / (ghz * 1e9);
    d.prefill_joules = step_joules(prefill);
    d.prefill_macs = step_macs(prefill, false);
    for (const auto& op : prefill.ops)
      if (op.type == "lm_head") d.lm_head_macs += op.macs;
    // Decode: step j feeds the j-th generated token at position S + j - 1; context S + j.
    spec.prefill = false, spec.q_tokens = 1;
    for (int64_t j = 1; j < gen.tokens; ++j) {
      spec.kv_tokens = gen.prompt + j, spec.step = j;
      if (progress) progress(done, steps, fmt::format("{} decode {}/{}", d.pe, j, gen.tokens - 1));
      const TimedStep step = timer.time_step(build_step_ops(model, spec), gen.mode, gen.overlap);
      ++done;
      accumulate(d, step, ghz);
      const double s = static_cast<double>(step.total_cycles) / (ghz * 1e9);
      d.decode_steps.push_back(StepRecord{spec.kv_tokens, step.total_cycles, s, step_joules(step)});
      d.decode_s += s;
      d.decode_joules += d.decode_steps.back().joules;
      d.decode_macs += step_macs(step, false);
      for (const auto& op : step.ops) {
        if (op.type == "lm_head") d.lm_head_macs += op.macs;
      }
      if (j == gen.tokens - 1) {
        for (const auto& op : step.ops)
          if (op.role == GemmRole::KeyCache || op.role == GemmRole::ValueCache)
            d.attention_kv_read_bytes += op.count * timer.kv().cache_bytes(op.role == GemmRole::KeyCache ? op.n : op.k,
                                                                           model.head_dim);
        if (gen.mode == SimMode::Cycle) {
          d.vector_checks = check_vector_values(step.ops, config.seed, model, timer.vector_unit());
          for (const auto& c : d.vector_checks)
            if (!c.passed)
              outcome.failed_checks.push_back(fmt::format("{} decode {}: values rel_fro {:.3g} > tolerance {:.3g}",
                                                          d.pe, c.op, c.rel_fro, c.tolerance));
        }
      }
    }
    const int64_t final_tokens = gen.prompt + gen.tokens - 1;  // the last token's K/V is not stored
    d.kv_cache_bytes = 2 * gen.batch * model.num_hidden_layers * model.num_key_value_heads *
                       timer.kv().cache_bytes(final_tokens, model.head_dim);
    d.kv_cache_bytes_fp16 = 2 * gen.batch * model.num_hidden_layers * model.kv_dim() * final_tokens * 2;
    d.tpot_s = gen.tokens > 1 ? d.decode_s / static_cast<double>(gen.tokens - 1) : 0.0;
    const double generated = static_cast<double>(gen.batch * gen.tokens);
    d.tokens_per_s = generated / (d.ttft_s + d.decode_s);
    d.decode_tokens_per_s = d.tpot_s > 0 ? static_cast<double>(gen.batch) / d.tpot_s : 0.0;
    d.joules_per_token = (d.prefill_joules + d.decode_joules) / generated;
    for (const auto& [comp, pj] : timer.component_pj()) d.by_component_j[comp] = pj * 1e-12;
    e.designs.push_back(std::move(d));
  }
  if (progress) progress(steps, steps, "done");
  return outcome;
}

}  // namespace mixsim::sim
