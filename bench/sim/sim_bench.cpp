// Simulator speed: cycle mode with values (simulated MACs per wall-second, 32x32 array), a whole
// LLaMA-2-7B decode step in cycle mode, a LLaMA-2-7B 2048-token prefill in fast mode.
// The default run's decode GEMMs in cycle mode with each DRAM timing model (simple channel vs
// bank model, hardware of configs/default.yaml), and the bank model alone on a stream.
// Run: build-sim/bench/sim/mixsim_sim_bench --benchmark_format=json
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <random>
#include <tuple>

#include "models/recipe.hpp"
#include "sim/config/config_loader.hpp"
#include "sim/config/config_paths.hpp"
#include "sim/memory/impl/bank_dram.hpp"
#include "sim/run/simulator.hpp"
#include "workloads/layer_gemms.hpp"
#include "workloads/model_catalogue.hpp"

namespace mixsim::sim {
namespace {

MatrixF32 random_matrix(int64_t rows, int64_t cols, float sigma, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, sigma);
  MatrixF32 m(rows, cols);
  for (auto& v : m.storage()) v = normal(rng);
  return m;
}

// Quantized operands of one GEMM shape, made once and reused.
struct ShapeOperands {
  MatrixF32 x, w;
  QuantizedOperands ops;
  ShapeOperands(int64_t m, int64_t n, int64_t k, const std::string& recipe, uint32_t seed)
      : x(random_matrix(m, k, 1.0f, seed)), w(random_matrix(n, k, 0.02f, seed + 1)),
        ops(quantize_operands(parse_recipe(recipe), x, w)) {}
};

GemmJob make_job(const std::string& name, int64_t m, int64_t n, int64_t k, const std::string& pe,
                 const std::string& recipe, const ShapeOperands* data) {
  GemmJob job;
  job.name = name;
  job.m = m;
  job.n = n;
  job.k = k;
  job.pe_type = pe;
  job.recipe = recipe;
  if (data) {
    job.operands = &data->ops;
    job.x_fp = &data->x;
    job.w_fp = &data->w;
  }
  return job;
}

void BM_CycleModeWithValues(benchmark::State& state, std::string pe, std::string recipe,
                            Dataflow dataflow = Dataflow::WeightStationary) {
  const int64_t m = state.range(0), n = 512, k = 1024;
  const ShapeOperands data(m, n, k, recipe, 11);
  HardwareConfig hw;  // 32 x 32
  hw.array.dataflow = dataflow;
  const GemmJob job = make_job("bench", m, n, k, pe, recipe, &data);
  const EnergyTable table = default_energy_table();
  int64_t macs = 0, cycles = 0;
  for (auto _ : state) {
    const GemmSimResult r = simulate_gemm(hw, table, job, SimMode::Cycle);
    benchmark::DoNotOptimize(r.values);
    macs += r.counters.at("macs");
    cycles = r.cycles;
  }
  state.counters["simulated_macs_per_s"] =
      benchmark::Counter(static_cast<double>(macs), benchmark::Counter::kIsRate);
  state.counters["simulated_cycles"] = static_cast<double>(cycles);
}
BENCHMARK_CAPTURE(BM_CycleModeWithValues, mixpe_w4a8, std::string("mixpe"),
                  std::string("w4a8-g128"))
    ->Arg(1)->Arg(64)->Arg(512)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CycleModeWithValues, mixpe_w4a16, std::string("mixpe"),
                  std::string("w4a16-g128"))
    ->Arg(512)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CycleModeWithValues, dequant_mac_w4a8, std::string("dequant-mac"),
                  std::string("w4a8-g128"))
    ->Arg(512)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CycleModeWithValues, mixpe_w4a8_output_stationary, std::string("mixpe"),
                  std::string("w4a8-g128"), Dataflow::OutputStationary)
    ->Arg(1)->Arg(512)->Unit(benchmark::kMillisecond);

std::vector<workloads::GemmShape> llama2_7b(workloads::Phase phase, int64_t tokens) {
  workloads::PhaseSpec spec;
  spec.phase = phase;
  spec.batch = 1;
  if (phase == workloads::Phase::Decode)
    spec.context = tokens;
  else
    spec.seq_len = tokens;
  return workloads::expand_model_gemms(workloads::find_model("llama2-7b"), spec);
}

// Every GEMM of all 32 decoder layers (each of `count` identical GEMMs simulated separately),
// cycle mode with values. Operands are quantized once per distinct shape (outside the timing)
// and reused by every layer: the simulated work is the same as with per-layer weights.
void BM_Llama2_7B_DecodeStep_Cycle(benchmark::State& state, std::string pe, std::string recipe) {
  const auto gemms = llama2_7b(workloads::Phase::Decode, 2048);
  std::map<std::tuple<int64_t, int64_t, int64_t>, std::unique_ptr<ShapeOperands>> operands;
  for (const auto& g : gemms) {
    auto& slot = operands[{g.m, g.n, g.k}];
    if (!slot) slot = std::make_unique<ShapeOperands>(g.m, g.n, g.k, recipe, 5);
  }
  const HardwareConfig hw;
  const EnergyTable table = default_energy_table();
  int64_t macs = 0, cycles = 0, n_gemms = 0;
  for (auto _ : state) {
    macs = cycles = n_gemms = 0;
    for (const auto& g : gemms) {
      const GemmJob job = make_job(g.name, g.m, g.n, g.k, pe, recipe,
                                   operands.at({g.m, g.n, g.k}).get());
      for (int64_t c = 0; c < g.count; ++c) {
        const GemmSimResult r = simulate_gemm(hw, table, job, SimMode::Cycle);
        macs += r.counters.at("macs");
        cycles += r.cycles;
        ++n_gemms;
      }
    }
  }
  state.counters["gemms"] = static_cast<double>(n_gemms);
  state.counters["simulated_macs"] = static_cast<double>(macs);
  state.counters["simulated_cycles"] = static_cast<double>(cycles);
}
BENCHMARK_CAPTURE(BM_Llama2_7B_DecodeStep_Cycle, mixpe_w4a8, std::string("mixpe"),
                  std::string("w4a8-g128"))
    ->Iterations(1)->Unit(benchmark::kSecond);

void BM_Llama2_7B_Prefill_Fast(benchmark::State& state, std::string pe, std::string recipe) {
  const auto gemms = llama2_7b(workloads::Phase::Prefill, state.range(0));
  const HardwareConfig hw;
  const EnergyTable table = default_energy_table();
  int64_t macs = 0, cycles = 0, n_gemms = 0;
  for (auto _ : state) {
    macs = cycles = n_gemms = 0;
    for (const auto& g : gemms) {
      const GemmJob job = make_job(g.name, g.m, g.n, g.k, pe, recipe, nullptr);
      for (int64_t c = 0; c < g.count; ++c) {
        const GemmSimResult r = simulate_gemm(hw, table, job, SimMode::Fast);
        macs += r.counters.at("macs");
        cycles += r.cycles;
        ++n_gemms;
      }
    }
  }
  state.counters["gemms"] = static_cast<double>(n_gemms);
  state.counters["simulated_macs"] = static_cast<double>(macs);
  state.counters["simulated_cycles"] = static_cast<double>(cycles);
}
BENCHMARK_CAPTURE(BM_Llama2_7B_Prefill_Fast, mixpe_w4a8, std::string("mixpe"),
                  std::string("w4a8-g128"))
    ->Arg(2048)->Iterations(1)->Unit(benchmark::kSecond);

// The simulation part of the shipped default run (configs/default.yaml): one LLaMA-2-7B layer,
// decode (batch 1, context 2048) in cycle mode with values for mixpe / dequant-mac (w4a8-g128),
// fp16-mac and int8-mac (w8a8), and a 512-token prefill in fast mode for the same four.
// Operand generation and quantization (done by the frontend) are outside the timing.
void BM_DefaultRun_OneLayer_FourPes(benchmark::State& state) {
  workloads::PhaseSpec decode;
  decode.phase = workloads::Phase::Decode;
  decode.context = 2048;
  workloads::PhaseSpec prefill;
  prefill.phase = workloads::Phase::Prefill;
  prefill.seq_len = 512;
  const auto model = workloads::find_model("llama2-7b");
  const auto decode_gemms = workloads::expand_layer_gemms(model, decode, 0);
  const auto prefill_gemms = workloads::expand_layer_gemms(model, prefill, 0);
  const std::pair<const char*, const char*> pes[] = {
      {"mixpe", "w4a8-g128"}, {"dequant-mac", "w4a8-g128"}, {"fp16-mac", "w4a8-g128"},
      {"int8-mac", "w8a8"}};
  std::map<std::tuple<int64_t, int64_t, int64_t, std::string>, std::unique_ptr<ShapeOperands>> ops;
  for (const auto& g : decode_gemms)
    for (const char* recipe : {"w4a8-g128", "w8a8"}) {
      auto& slot = ops[{g.m, g.n, g.k, recipe}];
      if (!slot) slot = std::make_unique<ShapeOperands>(g.m, g.n, g.k, recipe, 3);
    }
  const HardwareConfig hw;
  const EnergyTable table = default_energy_table();
  int64_t n_gemms = 0;
  for (auto _ : state) {
    n_gemms = 0;
    for (const auto& [pe, recipe] : pes) {
      for (const auto& g : decode_gemms) {
        const GemmJob job = make_job(g.name, g.m, g.n, g.k, pe, recipe,
                                     ops.at({g.m, g.n, g.k, recipe}).get());
        benchmark::DoNotOptimize(simulate_gemm(hw, table, job, SimMode::Cycle));
        ++n_gemms;
      }
      for (const auto& g : prefill_gemms) {
        const GemmJob job = make_job(g.name, g.m, g.n, g.k, pe, recipe, nullptr);
        benchmark::DoNotOptimize(simulate_gemm(hw, table, job, SimMode::Fast));
        ++n_gemms;
      }
    }
  }
  state.counters["gemms"] = static_cast<double>(n_gemms);
}
BENCHMARK(BM_DefaultRun_OneLayer_FourPes)->Iterations(1)->Unit(benchmark::kSecond);

// The cycle-mode part of the shipped default run (configs/default.yaml's hardware: LPDDR5 x64,
// 32x32 array): one LLaMA-2-7B layer's decode GEMMs (batch 1, context 2048) with values, for the
// four PEs, with hardware.dram.model set to `model`. Issue 17's target: bank <= 2x simple.
void BM_DefaultDecode_DramModel(benchmark::State& state, DramModel model) {
  HardwareConfig hw = load_run_config(default_config_path()).hardware;
  hw.dram.model = model;
  workloads::PhaseSpec decode;
  decode.phase = workloads::Phase::Decode;
  decode.context = 2048;
  const auto gemms = workloads::expand_layer_gemms(workloads::find_model("llama2-7b"), decode, 0);
  const std::pair<const char*, const char*> pes[] = {
      {"mixpe", "w4a8-g128"}, {"dequant-mac", "w4a8-g128"}, {"fp16-mac", "w4a8-g128"},
      {"int8-mac", "w8a8"}};
  std::map<std::tuple<int64_t, int64_t, int64_t, std::string>, std::unique_ptr<ShapeOperands>> ops;
  for (const auto& g : gemms)
    for (const char* recipe : {"w4a8-g128", "w8a8"}) {
      auto& slot = ops[{g.m, g.n, g.k, recipe}];
      if (!slot) slot = std::make_unique<ShapeOperands>(g.m, g.n, g.k, recipe, 3);
    }
  const EnergyTable table = default_energy_table();
  int64_t cycles = 0;
  for (auto _ : state) {
    cycles = 0;
    for (const auto& [pe, recipe] : pes)
      for (const auto& g : gemms) {
        const GemmJob job = make_job(g.name, g.m, g.n, g.k, pe, recipe,
                                     ops.at({g.m, g.n, g.k, recipe}).get());
        cycles += simulate_gemm(hw, table, job, SimMode::Cycle).cycles;
      }
  }
  state.counters["simulated_cycles"] = static_cast<double>(cycles);
}
BENCHMARK_CAPTURE(BM_DefaultDecode_DramModel, simple, DramModel::Simple)
    ->Iterations(3)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_DefaultDecode_DramModel, bank, DramModel::Bank)
    ->Iterations(3)->Unit(benchmark::kSecond);

// BankDram alone: 64 MiB of 16 KiB streaming reads through LPDDR5 x64 (bursts per second).
void BM_BankDram_Stream(benchmark::State& state) {
  DramConfig c = load_run_config(default_config_path()).hardware.dram;
  int64_t bursts = 0;
  for (auto _ : state) {
    BankDram d(c);
    for (int64_t a = 0; a < (int64_t{64} << 20); a += 16384)
      d.access(0, static_cast<uint64_t>(a), 16384, false);
    bursts += d.stats().read_bursts;
  }
  state.counters["bursts_per_s"] =
      benchmark::Counter(static_cast<double>(bursts), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BankDram_Stream)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace mixsim::sim

BENCHMARK_MAIN();
