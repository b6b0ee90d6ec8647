// The energy-per-byte table: bytes per level summed over GEMMs x count, pJ from the run's energy
// by component, pJ per byte their ratio (hand numbers).
#include <gtest/gtest.h>

#include "reports/energy_per_byte_table.hpp"

namespace mixsim::reports {
namespace {

TEST(EnergyPerByteTable, BytesTimesCountAndTheRatio) {
  ReportInput in;
  RunRecord run;
  run.source = "a";
  run.pe = "mixpe";
  run.phase = "decode";
  run.mode = "cycle";
  GemmRecord g;
  g.count = 3;
  g.counters = {{"dram.read_bytes", 1000}, {"dram.write_bytes", 24},
                {"sram_weight.read_bytes", 500}, {"sram_weight.write_bytes", 1000}};
  run.gemms = {g};
  run.energy_pj = {{"dram", 30720.0}, {"sram_weight", 450.0}, {"pe", 7.0}};
  in.runs = {run};
  const Table t = energy_per_byte_table(in);
  ASSERT_EQ(t.rows.size(), 2u);  // levels without bytes or energy are left out; pe is no level
  EXPECT_EQ(std::get<std::string>(t.rows[0][4]), "dram");
  EXPECT_DOUBLE_EQ(std::get<double>(t.rows[0][5]), 3 * 1024.0);
  EXPECT_DOUBLE_EQ(std::get<double>(t.rows[0][7]), 10.0);  // 30720 pJ / 3072 B
  EXPECT_EQ(std::get<std::string>(t.rows[1][4]), "sram_weight");
  EXPECT_DOUBLE_EQ(std::get<double>(t.rows[1][5]), 4500.0);
  EXPECT_DOUBLE_EQ(std::get<double>(t.rows[1][7]), 0.1);
}

}  // namespace
}  // namespace mixsim::reports
