#include "sim/run/generation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <mutex>
#include <map>
#include <stdexcept>

#include "models/recipe.hpp"
#include "sim/run/step_timer.hpp"
#include "sim/vector/vector_values.hpp"
#include "workloads/model_catalogue.hpp"

namespace mixsim::sim {
namespace {

// Whether the design's GEMMs take INT8 activations (quantized per token on the vector unit).
bool int8_activations(const std::string& recipe) {
  if (recipe == "fp16") return false;  // fp16-mac: unquantized operands
  const RecipeKind kind = parse_recipe(recipe).kind;
  return kind == RecipeKind::W4A8 || kind == RecipeKind::W4A8IntScale || kind == RecipeKind::W8A8;
}

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

// Adds one decode step's time, energy, MACs and bound to the design's totals.
void record_decode_step(DesignEndToEnd& d, const TimedStep& step, int64_t context, double ghz,
                        double peak_bytes_per_cycle) {
  accumulate(d, step, ghz);
  const double s = static_cast<double>(step.total_cycles) / (ghz * 1e9);
  d.decode_steps.push_back(StepRecord{context, step.total_cycles, s, step_joules(step)});
  d.decode_s += s;
  d.tpot_bound_s += static_cast<double>(step.bound_cycles(peak_bytes_per_cycle)) / (ghz * 1e9);
  d.decode_joules += d.decode_steps.back().joules;
  d.decode_macs += step_macs(step, false);
  for (size_t i = 0; i < step.ops.size(); ++i)
    if (step.ops[i].layer >= 0 && step.ops[i].unit == OpUnit::Array && step.ops[i].role == GemmRole::Weight)
      d.decode_projection_gemm_s += static_cast<double>(step.cycles[i]) / (ghz * 1e9);
  for (const auto& op : step.ops)
    if (op.type == "lm_head") d.lm_head_macs += op.macs;
}

// The K/V bytes the last decode step's attention reads: the codes its GEMMs stream and, for
// KIVI, the FP16 window its attn_residual ops read.
void record_last_step(DesignEndToEnd& d, const TimedStep& step, const StepTimer& timer,
                      const workloads::ModelSpec& model) {
  for (const auto& op : step.ops) {
    if (op.role == GemmRole::KeyCache || op.role == GemmRole::ValueCache)
      d.attention_kv_read_bytes +=
          op.count * timer.kv().code_bytes(op.role == GemmRole::KeyCache ? op.n : op.k, model.head_dim);
    if (op.unit == OpUnit::Vector && op.vector.kind == VectorOpKind::AttnResidual)
      d.attention_kv_read_bytes += op.vector.param_bytes;
  }
}

// Cycle mode: the vector ops of the step computed on values and checked.
void check_values(DesignEndToEnd& d, const TimedStep& step, uint64_t seed, const workloads::ModelSpec& model,
                  const StepTimer& timer, std::vector<std::string>& failed_checks) {
  d.vector_checks = check_vector_values(step.ops, seed, model, timer.vector_unit());
  for (const auto& c : d.vector_checks)
    if (!c.passed)
      failed_checks.push_back(fmt::format("{} decode {}: values rel_fro {:.3g} > tolerance {:.3g}", d.pe, c.op,
                                          c.rel_fro, c.tolerance));
}

// The per-token figures from the totals (docs/END_TO_END.md, "Outputs").
void finish(DesignEndToEnd& d, const GenerateConfig& gen, const workloads::ModelSpec& model, const StepTimer& timer) {
  const int64_t final_tokens = gen.prompt + gen.tokens - 1;  // the last token's K/V is not stored
  d.kv_cache_bytes = 2 * gen.batch * model.num_hidden_layers * model.num_key_value_heads *
                     timer.kv().cache_bytes(final_tokens, model.head_dim);
  d.kv_cache_bytes_fp16 = 2 * gen.batch * model.num_hidden_layers * model.kv_dim() * final_tokens * 2;
  if (gen.tokens > 1) {
    const double steps = static_cast<double>(gen.tokens - 1);
    d.tpot_s = d.decode_s / steps;
    d.decode_projection_gemm_s /= steps;
    d.tpot_bound_s /= steps;
  }
  const double generated = static_cast<double>(gen.batch * gen.tokens);
  d.tokens_per_s = generated / (d.ttft_s + d.decode_s);
  d.decode_tokens_per_s = d.tpot_s > 0 ? static_cast<double>(gen.batch) / d.tpot_s : 0.0;
  d.joules_per_token = (d.prefill_joules + d.decode_joules) / generated;
  for (const auto& [comp, pj] : timer.component_pj()) d.by_component_j[comp] = pj * 1e-12;
}

// One design's whole generation (prefill + decode steps). Independent of the other designs.
DesignEndToEnd run_design(const RunConfig& config, size_t p, const workloads::ModelSpec& model,
                          const std::function<void(const std::string&)>& tick,
                          std::vector<std::string>& failed_checks) {
  const GenerateConfig& gen = *config.workload.generate;
  StepTimer timer(config, p, model);
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
  tick(fmt::format("{} prefill", d.pe));
  const TimedStep prefill = timer.time_step(build_step_ops(model, spec), SimMode::Fast, gen.overlap);
  accumulate(d, prefill, ghz);
  d.ttft_s = static_cast<double>(prefill.total_cycles) / (ghz * 1e9);
  const double peak_bytes_per_cycle = timer.hw().dram.bandwidth_gbps / ghz;
  d.ttft_bound_s = static_cast<double>(prefill.bound_cycles(peak_bytes_per_cycle)) / (ghz * 1e9);
  d.prefill_joules = step_joules(prefill);
  d.prefill_macs = step_macs(prefill, false);
  for (const auto& op : prefill.ops)
    if (op.type == "lm_head") d.lm_head_macs += op.macs;
  // Decode: step j feeds the j-th generated token at position S + j - 1; context S + j.
  spec.prefill = false, spec.q_tokens = 1;
  for (int64_t j = 1; j < gen.tokens; ++j) {
    spec.kv_tokens = gen.prompt + j, spec.step = j;
    tick(fmt::format("{} decode {}/{}", d.pe, j, gen.tokens - 1));
    const TimedStep step = timer.time_step(build_step_ops(model, spec), gen.mode, gen.overlap);
    record_decode_step(d, step, spec.kv_tokens, ghz, peak_bytes_per_cycle);
    if (j != gen.tokens - 1) continue;
    record_last_step(d, step, timer, model);
    if (gen.mode == SimMode::Cycle) check_values(d, step, config.seed, model, timer, failed_checks);
  }
  finish(d, gen, model, timer);
  return d;
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
  const size_t designs = config.compare.size();
  const size_t steps = static_cast<size_t>(gen.tokens) * designs;
  std::mutex mutex;
  size_t done = 0;
  auto tick = [&](const std::string& label) {
    const std::lock_guard<std::mutex> lock(mutex);
    if (progress) progress(done, steps, label);
    ++done;
  };
  std::vector<std::vector<std::string>> failed(designs);
  std::vector<DesignEndToEnd> results(designs);
  if (gen.mode == SimMode::Fast) {
    // Designs are independent and fast mode touches no process-wide state (no SystemC kernel):
    // one thread per design; results are gathered in compare order, so the bytes do not depend
    // on scheduling.
    std::vector<std::future<DesignEndToEnd>> futures;
    for (size_t p = 0; p < designs; ++p)
      futures.push_back(std::async(std::launch::async, [&, p] { return run_design(config, p, model, tick, failed[p]); }));
    for (size_t p = 0; p < designs; ++p) results[p] = futures[p].get();
  } else {
    for (size_t p = 0; p < designs; ++p) results[p] = run_design(config, p, model, tick, failed[p]);
  }
  for (size_t p = 0; p < designs; ++p) {
    e.designs.push_back(std::move(results[p]));
    outcome.failed_checks.insert(outcome.failed_checks.end(), failed[p].begin(), failed[p].end());
  }
  if (progress) progress(steps, steps, "done");
  return outcome;
}

}  // namespace mixsim::sim
