// DRAM energy = bits x (array + I/O) pJ/bit + activations x E_act + background power x time.
#include <gtest/gtest.h>

#include <cstdio>

#include "sim/energy/dram_energy.hpp"
#include "sim/memory/dram_calibration.hpp"
#include "sim/memory/dram_technology.hpp"

namespace mixsim::sim {
namespace {

HardwareConfig hardware_with(const std::string& technology) {
  HardwareConfig hw;
  hw.clock_ghz = 2.0;
  hw.dram = dram_technology(technology).defaults;
  return hw;
}

TEST(DramEnergy, CountedActivationsAndBackgroundByHand) {
  const HardwareConfig hw = hardware_with("hbm3");  // read/write 2.0, I/O 0.5 pJ/bit, 0.9 nJ, 25 mW
  const std::map<std::string, int64_t> counters = {
      {"dram.read_bytes", 1000}, {"dram.write_bytes", 100}, {"dram.activations", 7}, {"cycles", 4000}};
  const DramEnergyBreakdown e = dram_energy(counters, hw);
  EXPECT_DOUBLE_EQ(e.read_pj, 1000 * 8 * 2.5);
  EXPECT_DOUBLE_EQ(e.write_pj, 100 * 8 * 2.5);
  EXPECT_DOUBLE_EQ(e.activate_pj, 7 * 900.0);
  // 25 mW x 32 pseudo-channels x 4000 cycles / 2 GHz = 800 mW x 2000 ns = 1.6e6 pJ.
  EXPECT_DOUBLE_EQ(e.background_pj, 1.6e6);
  EXPECT_DOUBLE_EQ(e.total(), e.read_pj + e.write_pj + e.activate_pj + e.background_pj);
}

TEST(DramEnergy, WithoutCountedActivationsTheStreamingRateIsCharged) {
  const HardwareConfig hw = hardware_with("lpddr5");
  const std::map<std::string, int64_t> counters = {{"dram.read_bytes", 1 << 20}, {"cycles", 0}};
  const DramEnergyBreakdown e = dram_energy(counters, hw);
  // A stream opens every 2 KiB row of each bank once: 1 MiB / 2 KiB = 512 activations, plus
  // re-opens of the rows a refresh closed while the stream was reading them (~16% here).
  EXPECT_DOUBLE_EQ(e.activations, (1 << 20) * calibrate_streaming(hw.dram).activations_per_byte);
  EXPECT_GE(e.activations, 512.0);
  EXPECT_LE(e.activations, 512.0 * 1.25);
  EXPECT_DOUBLE_EQ(e.background_pj, 0.0);
}

TEST(DramEnergy, PerByteOrderingFollowsTheTechnologies) {
  // Streamed reads, no background: DDR4 > LPDDR5 > HBM3 per byte (the table's point).
  auto per_byte = [](const std::string& tech) {
    const HardwareConfig hw = hardware_with(tech);
    return dram_energy({{"dram.read_bytes", 1 << 20}, {"cycles", 0}}, hw).total() / (1 << 20);
  };
  for (const char* tech : {"ddr4", "ddr5", "lpddr5", "hbm2e", "hbm3"})
    std::printf("%s: streamed read %.3f pJ/bit (array + I/O + activations, no background)\n", tech,
                per_byte(tech) / 8);
  EXPECT_GT(per_byte("ddr4"), per_byte("lpddr5"));
  EXPECT_GT(per_byte("lpddr5"), per_byte("hbm3"));
}

}  // namespace
}  // namespace mixsim::sim
