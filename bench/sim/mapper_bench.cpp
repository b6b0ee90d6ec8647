// Mapper speed (issue targets: every GEMM of the default config, both phases, 4 PEs < 1 s; one
// LLaMA-2-70B layer < 2 s). Each iteration starts with a fresh Mapper per PE, so the time
// includes the searches of distinct shapes (identical shapes hit the memo, as in a run).
// Run: build/bench/sim/mixsim_mapper_bench --benchmark_format=json
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "sim/config/config_loader.hpp"
#include "sim/mapping/mapper.hpp"
#include "sim/pe/pe_registry.hpp"
#include "workloads/layer_gemms.hpp"
#include "workloads/model_catalogue.hpp"

namespace mixsim::sim {
namespace {

workloads::PhaseSpec spec_of(const PhaseConfig& p) {
  workloads::PhaseSpec s;
  s.phase = workloads::parse_phase(p.phase);
  s.batch = p.batch;
  s.context = p.context;
  s.seq_len = p.seq_len;
  return s;
}

// Maps every GEMM of the config's layers and phases for every compared PE; returns the count.
int64_t map_config(const RunConfig& config) {
  const workloads::ModelSpec model = workloads::find_model(config.workload.model);
  int64_t mapped = 0;
  for (const PeChoice& pe : config.compare) {
    Mapper mapper(config.hardware, config.energy, config.mapper);
    for (const PhaseConfig& phase : config.workload.phases)
      for (int layer : config.workload.layers)
        for (const auto& g : workloads::expand_layer_gemms(model, spec_of(phase), layer)) {
          const PeTraits traits = find_pe_type(pe.pe).traits(pe.recipe, g.k);
          const TileGeometry geometry = TileGeometry::of(config.hardware, traits, g.m, g.n, g.k);
          benchmark::DoNotOptimize(mapper.choose(traits, geometry, g.name));
          ++mapped;
        }
  }
  return mapped;
}

void BM_MapConfig(benchmark::State& state, std::vector<std::string> overrides) {
  const RunConfig config = load_run_config(MIXSIM_BENCH_DEFAULT_CONFIG, overrides);
  int64_t mapped = 0;
  for (auto _ : state) mapped = map_config(config);
  state.counters["gemms_mapped"] = static_cast<double>(mapped);
}

// The shipped config maps by EDP; the mapper's own default objective is latency (branch and
// bound prunes only under latency, so the two cost differently).
BENCHMARK_CAPTURE(BM_MapConfig, default_config, std::vector<std::string>{})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MapConfig, default_config_latency, std::vector<std::string>{"mapper.objective=latency"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MapConfig, llama2_70b_layer, std::vector<std::string>{"workload.model=llama2-70b"})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MapConfig, llama2_70b_layer_latency,
                  std::vector<std::string>{"workload.model=llama2-70b", "mapper.objective=latency"})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace mixsim::sim

BENCHMARK_MAIN();
