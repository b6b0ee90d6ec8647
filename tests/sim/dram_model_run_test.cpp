// The DRAM models inside whole GEMM simulations: cycle mode runs the bank model (its counters
// account for every burst), fast mode with model: bank equals the simple channel at peak x the
// calibrated streaming efficiency, and the simple model stays as it was.
#include <gtest/gtest.h>

#include <cstdio>

#include "sim/memory/dram_calibration.hpp"
#include "sim/memory/dram_technology.hpp"
#include "sim/run/simulator.hpp"

namespace mixsim::sim {
namespace {

GemmJob decode_job() {
  GemmJob job;
  job.name = "dram";
  job.m = 1;
  job.n = 512;
  job.k = 1024;
  job.pe_type = "mixpe";
  job.recipe = "w4a8-g128";
  return job;
}

HardwareConfig lpddr5(DramModel model) {
  HardwareConfig hw;
  hw.dram = dram_technology("lpddr5").defaults;
  hw.dram.model = model;
  return hw;
}

TEST(DramModelRun, CycleModeBankCountersAccountForEveryBurst) {
  const GemmSimResult r =
      simulate_gemm(lpddr5(DramModel::Bank), default_energy_table(), decode_job(), SimMode::Cycle);
  const auto& c = r.counters;
  ASSERT_GT(c.at("dram.activations"), 0);
  // Every burst is a row hit or needs an activate (miss or conflict); requests are burst-aligned.
  EXPECT_EQ(c.at("dram.row_hits") + c.at("dram.activations"), c.at("dram.bursts"));
  EXPECT_LE(c.at("dram.row_conflicts"), c.at("dram.activations"));
}

TEST(DramModelRun, CycleModeBankIsNoFasterThanTheSimpleChannel) {
  const int64_t simple =
      simulate_gemm(lpddr5(DramModel::Simple), default_energy_table(), decode_job(), SimMode::Cycle).cycles;
  const int64_t bank =
      simulate_gemm(lpddr5(DramModel::Bank), default_energy_table(), decode_job(), SimMode::Cycle).cycles;
  std::printf("decode 1x512x1024 mixpe, LPDDR5: simple %lld cycles, bank %lld\n",
              static_cast<long long>(simple), static_cast<long long>(bank));
  EXPECT_GE(bank, simple);
}

TEST(DramModelRun, FastModeBankIsTheSimpleChannelAtTheCalibratedRate) {
  const HardwareConfig bank = lpddr5(DramModel::Bank);
  HardwareConfig scaled = lpddr5(DramModel::Simple);
  scaled.dram.bandwidth_gbps *= calibrate_streaming(bank.dram).streaming_efficiency;
  const int64_t a = simulate_gemm(bank, default_energy_table(), decode_job(), SimMode::Fast).cycles;
  const int64_t b = simulate_gemm(scaled, default_energy_table(), decode_job(), SimMode::Fast).cycles;
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace mixsim::sim
