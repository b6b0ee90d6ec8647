// Verilator speed of the accelerator top (issue target: a 32 x 32 top at >= 10^5 simulated
// cycles per second on this machine). Counters: cycles_per_second = Verilator clock edges of the
// GEMM runs / wall seconds of those runs; cycles_per_cpu_second = the same per second of the
// thread's CPU time, which a busy (shared) machine does not inflate (operand setup, the mapper
// and the SystemC reference run excluded from both). Each benchmark runs its GEMM 5 times.
// Run: build/bench/rtl/mixsim_rtl_bench --benchmark_format=json
#include <benchmark/benchmark.h>

#include "rtl/harness/rtl_checks.hpp"
#include "rtl/harness/top/top_check.hpp"

namespace mixsim::rtl {
namespace {

void BM_Top(benchmark::State& state, const char* design, TopGemmCase c) {
  if (!verilator_available()) {
    state.SkipWithError("built without Verilator");
    return;
  }
  const TopDesign& d = find_top_design(design);
  double cycles = 0, seconds = 0, cpu_seconds = 0;
  for (auto _ : state) {
    const TopGemmResult r = run_top_gemm(d, c);
    if (!r.passed()) state.SkipWithError("RTL top disagrees with the models");
    cycles += static_cast<double>(r.simulated_cycles);
    seconds += r.seconds;
    cpu_seconds += r.cpu_seconds;
  }
  state.counters["cycles_per_second"] = seconds > 0 ? cycles / seconds : 0.0;
  state.counters["cycles_per_cpu_second"] = cpu_seconds > 0 ? cycles / cpu_seconds : 0.0;
  state.counters["simulated_cycles"] = cycles / static_cast<double>(state.iterations());
}

// Decode-like (one row, many tiles in flight) and prefill-like (64 rows per tile) GEMMs.
BENCHMARK_CAPTURE(BM_Top, mixpe_32x32_decode, "mixpe-32x32", TopGemmCase{"w4a8-g128", 1, 256, 1024, 5, {}, false})
    ->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK_CAPTURE(BM_Top, mixpe_32x32_prefill, "mixpe-32x32", TopGemmCase{"w4a8-g128", 64, 128, 512, 6, {}, false})
    ->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK_CAPTURE(BM_Top, mixpe_32x8_prefill, "mixpe-32x8", TopGemmCase{"w4a8-g128", 64, 64, 512, 7, {}, false})
    ->Unit(benchmark::kMillisecond)->Iterations(5);
// The output-stationary top (64 x 4 MixPE cells) and a float-lane one (64 x 2, FP16 x INT4).
BENCHMARK_CAPTURE(BM_Top, mixpe_os_64x4_prefill, "mixpe-os-64x4", TopGemmCase{"w4a8-g64", 64, 64, 512, 8, {}, false})
    ->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK_CAPTURE(BM_Top, mixpe_fp16_os_64x2_prefill, "mixpe-fp16-os-64x2",
                  TopGemmCase{"w4a16-g64", 64, 32, 512, 9, {}, false})
    ->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace
}  // namespace mixsim::rtl

BENCHMARK_MAIN();
