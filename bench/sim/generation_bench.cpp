// End-to-end generation speed (issue 13 targets, docs/PERFORMANCE.md): LLaMA-2 7B, prompt 2048 +
// 128 generated tokens, fast mode, all 32 layers, 4 compared designs (configs/generate/llama2-7b.yaml)
// < 30 s; one decode step of all 32 layers in cycle mode with the vector ops' values
// (configs/generate/llama2-7b-cycle.yaml, its prefill in fast mode included) < 60 s.
// Run: build/bench/sim/mixsim_generation_bench --benchmark_format=json
#include <benchmark/benchmark.h>

#include <string>

#include "sim/config/config_loader.hpp"
#include "sim/run/generation.hpp"

namespace mixsim::sim {
namespace {

void BM_Generation(benchmark::State& state, std::string config_file) {
  const RunConfig config = load_run_config(std::string(MIXSIM_BENCH_SOURCE_DIR) + "/" + config_file);
  GenerationOutcome out;
  for (auto _ : state) out = run_generation(config);
  const auto& first = out.results.designs.front();
  state.counters["designs"] = static_cast<double>(out.results.designs.size());
  state.counters["steps_per_design"] = static_cast<double>(out.results.tokens);
  state.counters["ttft_s"] = first.ttft_s;
  state.counters["tpot_s"] = first.tpot_s;
  state.counters["failed_checks"] = static_cast<double>(out.failed_checks.size());
}

BENCHMARK_CAPTURE(BM_Generation, llama2_7b_2048_plus_128_fast, std::string("configs/generate/llama2-7b.yaml"))
    ->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
BENCHMARK_CAPTURE(BM_Generation, llama2_7b_decode_step_cycle, std::string("configs/generate/llama2-7b-cycle.yaml"))
    ->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace
}  // namespace mixsim::sim

BENCHMARK_MAIN();
