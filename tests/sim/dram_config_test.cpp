// hardware.dram: technology defaults, overrides and the errors of impossible values.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "sim/memory/dram_technology.hpp"
#include "tests/sim/config_test_support.hpp"

namespace mixsim::sim {
namespace {

using config_test::config_error;
using config_test::kValidConfig;
using config_test::line_of;
using config_test::replaced;
using ::testing::HasSubstr;

const char* kDramBlock = "  dram:\n    bandwidth_gbps: 16\n    latency_ns: 50\n    burst_bytes: 64\n";

RunConfig with_dram(const std::string& block) {
  return parse_run_config(replaced(kValidConfig, kDramBlock, block), "test.yaml", ".", {});
}

TEST(DramTechnologyTable, PeakBandwidthIsDataRateTimesBusTimesChannels) {
  // LPDDR5-6400 x64: 6400 MT/s x 2 B x 4 channels = 51.2 GB/s; HBM3: 6.4 Gb/s x 4 B x 32 = 819.2.
  EXPECT_DOUBLE_EQ(dram_technology("lpddr5").defaults.bandwidth_gbps, 51.2);
  EXPECT_DOUBLE_EQ(dram_technology("hbm3").defaults.bandwidth_gbps, 819.2);
  EXPECT_NEAR(dram_technology("ddr4").defaults.bandwidth_gbps, 42.656, 1e-9);
  EXPECT_DOUBLE_EQ(dram_technology("ddr5").defaults.bandwidth_gbps, 38.4);
  EXPECT_DOUBLE_EQ(dram_technology("hbm2e").defaults.bandwidth_gbps, 409.6);
}

TEST(DramTechnologyTable, EveryEntryKeepsTheStandardsOrderingAndCitesSources) {
  for (const auto& name : dram_technology_names()) {
    const DramTechnology& t = dram_technology(name);
    const DramTimings& d = t.defaults.timings;
    EXPECT_GE(d.tRAS, d.tRCD) << name;
    EXPECT_GE(d.tCCD_L, d.tCCD_S) << name;
    EXPECT_GE(d.tRRD_L, d.tRRD_S) << name;
    // One burst on the bus takes tCCD_S: burst bytes / per-channel bandwidth.
    const double burst_ns = t.defaults.burst_bytes /
                            (t.defaults.bandwidth_gbps / t.defaults.organization.channels);
    EXPECT_NEAR(burst_ns, d.tCCD_S, 0.01) << name;
    EXPECT_FALSE(t.timing_source.empty()) << name;
    EXPECT_FALSE(t.energy_source.empty()) << name;
  }
}

TEST(DramTechnologyTable, Ddr4EnergiesFollowFromTheDatasheetCurrents) {
  // Micron MTA4ATF51264AZ at DDR4-2666, VDD 1.2 V: (IDD4R - IDD3N) = 852 mA over 170.6 Gb/s.
  const DramEnergy& e = dram_technology("ddr4").defaults.energy;
  EXPECT_NEAR(e.read_pj_per_bit, 852e-3 * 1.2 / (2666e6 * 64) * 1e12, 0.01);
  EXPECT_NEAR(e.activate_nj, 1.2 * (340 * 46.25 - 200 * 32 - 140 * 14.25) * 1e-3, 0.01);
}

TEST(DramTechnologyTable, CppDefaultsAreTheLpddr5EntryWithTheOldChannelFigures) {
  const DramConfig cpp;
  const DramConfig& t = dram_technology("lpddr5").defaults;
  EXPECT_EQ(cpp.technology, "lpddr5");
  EXPECT_EQ(cpp.model, DramModel::Simple);
  EXPECT_DOUBLE_EQ(cpp.bandwidth_gbps, 64.0);  // what the timing tests are written against
  EXPECT_EQ(cpp.burst_bytes, 64);
  EXPECT_EQ(cpp.organization.channels, t.organization.channels);
  EXPECT_EQ(cpp.organization.row_bytes, t.organization.row_bytes);
  const double a[] = {cpp.timings.tRCD, cpp.timings.tRP, cpp.timings.tCL, cpp.timings.tCWL,
                      cpp.timings.tRAS, cpp.timings.tWR, cpp.timings.tFAW, cpp.timings.tRRD_S,
                      cpp.timings.tRRD_L, cpp.timings.tCCD_S, cpp.timings.tCCD_L,
                      cpp.timings.tWTR_S, cpp.timings.tWTR_L, cpp.timings.tRTW, cpp.timings.tRFC,
                      cpp.timings.tREFI, cpp.timings.tRTP, cpp.energy.read_pj_per_bit,
                      cpp.energy.write_pj_per_bit, cpp.energy.io_pj_per_bit,
                      cpp.energy.activate_nj, cpp.energy.background_mw_per_channel};
  const double b[] = {t.timings.tRCD, t.timings.tRP, t.timings.tCL, t.timings.tCWL,
                      t.timings.tRAS, t.timings.tWR, t.timings.tFAW, t.timings.tRRD_S,
                      t.timings.tRRD_L, t.timings.tCCD_S, t.timings.tCCD_L,
                      t.timings.tWTR_S, t.timings.tWTR_L, t.timings.tRTW, t.timings.tRFC,
                      t.timings.tREFI, t.timings.tRTP, t.energy.read_pj_per_bit,
                      t.energy.write_pj_per_bit, t.energy.io_pj_per_bit,
                      t.energy.activate_nj, t.energy.background_mw_per_channel};
  for (size_t i = 0; i < std::size(a); ++i) EXPECT_DOUBLE_EQ(a[i], b[i]) << "field " << i;
}

TEST(DramConfig, NoDramBlockMeansLpddr5WithTheBankModel) {
  const RunConfig c = with_dram("");
  EXPECT_EQ(c.hardware.dram.technology, "lpddr5");
  EXPECT_EQ(c.hardware.dram.model, DramModel::Bank);
  EXPECT_DOUBLE_EQ(c.hardware.dram.bandwidth_gbps, 51.2);
  EXPECT_EQ(c.hardware.dram.burst_bytes, 32);
}

TEST(DramConfig, TechnologySetsDefaultsAndKeysOverrideThem) {
  const RunConfig c = with_dram(
      "  dram:\n    technology: hbm3\n    model: simple\n    page_policy: closed\n"
      "    organization: {channels: 8}\n    timings: {tRCD: 20}\n    energy: {activate_nj: 2.5}\n");
  const DramConfig& d = c.hardware.dram;
  EXPECT_EQ(d.technology, "hbm3");
  EXPECT_EQ(d.model, DramModel::Simple);
  EXPECT_EQ(d.page_policy, PagePolicy::Closed);
  EXPECT_EQ(d.organization.channels, 8);
  EXPECT_DOUBLE_EQ(d.bandwidth_gbps, 8 * 25.6);  // the peak follows the channel count
  EXPECT_DOUBLE_EQ(d.timings.tRCD, 20.0);
  EXPECT_DOUBLE_EQ(d.timings.tRP, dram_technology("hbm3").defaults.timings.tRP);
  EXPECT_DOUBLE_EQ(d.energy.activate_nj, 2.5);
}

TEST(DramConfig, ExplicitBandwidthWinsOverTheOrganisation) {
  const RunConfig c = with_dram("  dram: {technology: ddr4, bandwidth_gbps: 30}\n");
  EXPECT_DOUBLE_EQ(c.hardware.dram.bandwidth_gbps, 30.0);
  EXPECT_EQ(c.hardware.dram.burst_bytes, 64);
}

TEST(DramConfigErrors, UnknownTechnologyListsTheAllowedOnes) {
  const std::string text = replaced(kValidConfig, kDramBlock, "  dram:\n    technology: ddr3\n");
  const std::string msg = config_error(text);
  EXPECT_THAT(msg, HasSubstr(fmt::format("test.yaml:{}:", line_of(text, "technology: ddr3"))));
  EXPECT_THAT(msg, HasSubstr("key 'hardware.dram.technology'"));
  EXPECT_THAT(msg, HasSubstr("ddr4, ddr5, lpddr5, hbm2e, hbm3"));
}

TEST(DramConfigErrors, TrasBelowTrcdNamesTheKeyAndTheRule) {
  const std::string text =
      replaced(kValidConfig, kDramBlock, "  dram:\n    technology: ddr4\n    timings: {tRAS: 10}\n");
  const std::string msg = config_error(text);
  EXPECT_THAT(msg, HasSubstr(fmt::format("test.yaml:{}:", line_of(text, "timings: {tRAS"))));
  EXPECT_THAT(msg, HasSubstr("key 'hardware.dram.timings.tRAS'"));
  EXPECT_THAT(msg, HasSubstr("tRAS = 10 ns is less than tRCD = 14.25 ns"));
}

TEST(DramConfigErrors, ZeroChannelsNamesTheKey) {
  const std::string msg =
      config_error(replaced(kValidConfig, kDramBlock, "  dram:\n    organization: {channels: 0}\n"));
  EXPECT_THAT(msg, HasSubstr("key 'hardware.dram.organization.channels'"));
  EXPECT_THAT(msg, HasSubstr("channels must be >= 1, got 0"));
}

TEST(DramConfigErrors, UnknownModelAndTimingKeysAreRejected) {
  EXPECT_THAT(config_error(replaced(kValidConfig, kDramBlock, "  dram: {model: ramulator}\n")),
              HasSubstr("allowed values: simple, bank"));
  EXPECT_THAT(config_error(replaced(kValidConfig, kDramBlock, "  dram: {timings: {tRCDD: 3}}\n")),
              HasSubstr("did you mean 'tRCD'?"));
}

TEST(DramConfigErrors, RowThatHoldsNoWholeBurstIsRejected) {
  EXPECT_THAT(config_error(replaced(kValidConfig, kDramBlock,
                                    "  dram: {organization: {row_bytes: 48}}\n")),
              HasSubstr("row_bytes 48 must be a multiple of burst_bytes 32"));
}

}  // namespace
}  // namespace mixsim::sim
