#include "sim/run/run_job.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "models/fp16.hpp"
#include "models/recipe.hpp"
#include "sim/mapping/mapper.hpp"
#include "sim/pe/pe_registry.hpp"
#include "sim/run/design_normalization.hpp"
#include "sim/run/run_value_check.hpp"
#include "sim/run/simulator.hpp"
#include "sim/run/workload_gemms.hpp"
#include "workloads/gemm_operands.hpp"
#include "workloads/layer_gemms.hpp"

namespace mixsim::sim {
namespace {

// Everything value-related for one GEMM, shared by the PE types: one quantization (+ golden and
// FP64 reference) per distinct recipe. The recipes are prepared on parallel threads: each is a
// pure function of the same operands, so the result does not depend on scheduling. The
// simulator calls themselves stay sequential (SystemC's kernel is process-global).
struct GemmValues {
  struct PerRecipe {
    QuantizedOperands ops;
    MatrixF32 golden;
    MatrixF64 reference;
  };
  workloads::GemmOperandPair fp;
  MatrixF64 exact;                           // unquantized FP64 product
  std::map<std::string, PerRecipe> recipes;  // by recipe name
  std::optional<MatrixF64> fp16_reference;   // FP64 product of FP16-rounded X and W

  GemmValues(workloads::GemmOperandPair operands, const std::vector<PeChoice>& pes) : fp(std::move(operands)) {
    std::vector<std::string> names;
    bool need_fp16 = false;
    for (const auto& pe : pes) {
      if (pe.recipe == "fp16") need_fp16 = true;
      else if (std::find(names.begin(), names.end(), pe.recipe) == names.end()) names.push_back(pe.recipe);
    }
    std::vector<std::future<PerRecipe>> quantized;
    for (const auto& name : names)
      quantized.push_back(std::async(std::launch::async, [this, name] {
        PerRecipe r;
        r.ops = quantize_operands(parse_recipe(name), fp.x, fp.w);
        r.golden = golden_gemm(r.ops);
        r.reference = reference_gemm_f64(r.ops);
        return r;
      }));
    std::future<MatrixF64> fp16;
    if (need_fp16)
      fp16 = std::async(std::launch::async, [this] {
        return workloads::reference_product_f64(fp16_round_matrix(fp.x), fp16_round_matrix(fp.w));
      });
    exact = workloads::reference_product_f64(fp.x, fp.w);
    for (size_t i = 0; i < names.size(); ++i) recipes.emplace(names[i], quantized[i].get());
    if (need_fp16) fp16_reference = fp16.get();
  }
};

GemmRecord record_of(const workloads::GemmShape& g, const GemmSimResult& r) {
  GemmRecord rec;
  rec.name = g.name;
  rec.m = g.m, rec.n = g.n, rec.k = g.k;
  rec.count = g.count;
  rec.macs = g.macs;
  rec.cycles = r.cycles;
  rec.latency_s = r.latency_s;
  rec.utilization = r.utilization;
  rec.energy_pj = r.energy_pj;
  rec.counters = r.counters;
  rec.mapping = to_string(r.mapping);
  rec.mapping_pinned = r.mapping_pinned;
  rec.compute_bound_cycles = r.bounds.compute_cycles;
  rec.traffic_bound_cycles = r.bounds.traffic_cycles;
  rec.compulsory_bytes = r.bounds.compulsory_bytes;
  return rec;
}

// Every pinned mapping names a GEMM of the workload and fits it on every compared PE; checked
// before anything runs so a bad pin writes nothing.
void check_pins(const RunConfig& config, const std::vector<workloads::GemmShape>& gemms) {
  for (const auto& [name, mapping] : config.mapper.pins) {
    std::set<std::string> names;
    bool matched = false;
    for (const auto& g : gemms) {
      const std::string short_name = g.name.substr(g.name.find('.') + 1);
      names.insert(short_name);
      if (g.name != name && short_name != name) continue;
      matched = true;
      for (size_t p = 0; p < config.compare.size(); ++p) {
        const PeChoice& pe = config.compare[p];
        const HardwareConfig hw = design_hardware(config, p);
        const PeTraits traits = find_pe_type(pe.pe).traits(pe.recipe, g.k);
        const TileGeometry geometry = TileGeometry::of(hw, traits, g.m, g.n, g.k);
        if (const auto error = mapping_error(hw, geometry, mapping))
          throw std::invalid_argument(fmt::format("{}: mapper.pin.{}: '{}' cannot run {} ({}x{}x{}) on PE {}: {}",
                                                  config.config_file, name, to_string(mapping), g.name, g.m, g.n,
                                                  g.k, pe.pe, *error));
      }
    }
    if (!matched)
      throw std::invalid_argument(fmt::format("{}: mapper.pin.{} names no GEMM of the workload; allowed: {}",
                                              config.config_file, name, fmt::join(names, ", ")));
  }
}

}  // namespace

RunOutcome run_job(const RunConfig& config, const RunProgress& progress) {
  RunOutcome outcome;
  Results& results = outcome.results;
  results.config_file = config.config_file;
  results.seed = config.seed;
  results.model = config.workload.gemms_file.empty() ? config.workload.model : config.workload.gemms_file;
  results.layers = config.workload.layers;
  results.hardware = config.hardware;
  results.energy_node = config.energy.node;
  record_designs(config, results);

  // Plan every (phase, layer, gemm) first so progress can count steps.
  struct PhaseWork {
    const PhaseConfig* phase;
    std::vector<workloads::GemmShape> gemms;
  };
  std::vector<PhaseWork> work;
  size_t steps = 0, step = 0;
  for (const auto& phase : config.workload.phases) {
    PhaseWork pw{&phase, phase_gemms(config.workload, phase)};
    steps += pw.gemms.size() * config.compare.size();
    work.push_back(std::move(pw));
  }

  std::vector<workloads::GemmShape> all_gemms;
  for (const auto& pw : work) all_gemms.insert(all_gemms.end(), pw.gemms.begin(), pw.gemms.end());
  check_pins(config, all_gemms);
  // One mapper per compared design: identical GEMM shapes (q/k/v/o, every layer) are searched once.
  std::vector<Mapper> mappers;
  for (size_t p = 0; p < config.compare.size(); ++p)
    mappers.emplace_back(design_hardware(config, p), config.energy, config.mapper);

  for (const auto& pw : work) {
    const PhaseConfig& phase = *pw.phase;
    std::vector<RunRecord> runs;
    for (const auto& pe : config.compare)
      runs.push_back(RunRecord{pe.pe, phase.phase, phase.mode == SimMode::Cycle ? "cycle" : "fast",
                               pe.recipe, phase.batch, phase.context, phase.seq_len, {}, {}});
    for (const auto& g : pw.gemms) {
      std::unique_ptr<GemmValues> values;
      if (phase.values) {
        values = std::make_unique<GemmValues>(
            phase_gemm_operands(config.workload, phase, g, config.seed), config.compare);
      }
      for (size_t p = 0; p < config.compare.size(); ++p) {
        const PeChoice& pe = config.compare[p];
        if (progress) progress(step, steps, fmt::format("{} {} {}", phase.phase, pe.pe, g.name));
        ++step;
        GemmJob job;
        job.name = g.name;
        job.m = g.m, job.n = g.n, job.k = g.k;
        job.pe_type = pe.pe;
        job.recipe = pe.recipe;
        job.mapper = &mappers[p];
        const GemmValues::PerRecipe* quantized = nullptr;
        if (values) {
          job.x_fp = &values->fp.x;
          job.w_fp = &values->fp.w;
          if (pe.recipe != "fp16") {
            quantized = &values->recipes.at(pe.recipe);
            job.operands = &quantized->ops;
          }
        }
        const GemmSimResult sim =
            simulate_gemm(design_hardware(config, p), config.energy, job, phase.mode);
        GemmRecord rec = record_of(g, sim);
        if (values) {
          if (!sim.values)
            throw std::runtime_error(fmt::format("{} {}: the simulator returned no values in "
                                                 "cycle mode", pe.pe, g.name));
          rec.error = error_stats(*sim.values, values->exact);
          const CheckMethod method = check_method_for(pe.pe, pe.recipe);
          const MatrixF64& reference = quantized ? quantized->reference : *values->fp16_reference;
          rec.check = check_values(method, g.k, *sim.values, quantized ? &quantized->golden : nullptr,
                                   reference);
          if (!rec.check->passed)
            outcome.failed_checks.push_back(fmt::format(
                "{} {} {}: {} check failed ({} mismatching elements, rel_fro vs FP64 {:.3g}, "
                "tolerance {:.3g})",
                pe.pe, phase.phase, g.name, rec.check->method, rec.check->mismatches,
                rec.check->vs_reference.rel_fro, rec.check->tolerance));
        }
        runs[p].gemms.push_back(std::move(rec));
      }
    }
    for (size_t p = 0; p < runs.size(); ++p) {
      runs[p].totals = sum_run(runs[p].gemms, design_hardware(config, p).array);
      results.runs.push_back(std::move(runs[p]));
    }
  }
  if (progress) progress(steps, steps, "done");
  std::map<std::string, double> clock_ghz_by_pe;
  for (size_t p = 0; p < config.compare.size(); ++p)
    clock_ghz_by_pe[config.compare[p].pe] = design_hardware(config, p).clock_ghz;
  results.comparisons = compare_runs(results.runs, config.compare.front().pe, clock_ghz_by_pe);
  return outcome;
}

}  // namespace mixsim::sim
