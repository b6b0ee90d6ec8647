// BankDram against hand-computed command sequences, one timing rule per test. The test part has
// round numbers so every expected time can be worked by hand (ns): burst 4 (32 B at 8 GB/s),
// tRCD 10, tRP 10, tCL 10, tCWL 5, tRAS 30, tWR 10, tFAW 40, tRRD_S 5, tRRD_L 8, tCCD_S 5,
// tCCD_L 7, tWTR_S 3, tWTR_L 7, tRTW 12, tRTP 5; refresh effectively off (tREFI 1 ms).
// One channel, one rank, 2 bank groups x 4 banks, 256-byte rows (8 bursts).
// Address map (bank_dram.hpp): burst b = addr / 32; bank group = b % 2; column = (b / 2) % 8;
// bank = (b / 16) % 4; row = b / 64. So addr 0 = (bg0, bank0, row0), 32 = (bg1, bank0, row0),
// 64 = (bg0, bank0, row0, column 1), 512 = (bg0, bank1), 1024 = (bg0, bank2), 2048 = (bg0,
// bank0, row1).
#include <gtest/gtest.h>

#include "sim/memory/impl/bank_dram.hpp"

namespace mixsim::sim {
namespace {

constexpr int64_t kNs = 1000;  // ps

DramConfig test_part() {
  DramConfig c;
  c.burst_bytes = 32;
  c.bandwidth_gbps = 8.0;  // one channel: 32 B per 4 ns
  c.latency_ns = 0;
  c.organization = {1, 64, 1000, 1, 2, 4, 256};
  DramTimings& t = c.timings;
  t.tCK = 1;
  t.tRCD = 10; t.tRP = 10; t.tCL = 10; t.tCWL = 5; t.tRAS = 30; t.tWR = 10; t.tFAW = 40;
  t.tRRD_S = 5; t.tRRD_L = 8; t.tCCD_S = 5; t.tCCD_L = 7; t.tWTR_S = 3; t.tWTR_L = 7;
  t.tRTW = 12; t.tRFC = 50; t.tREFI = 1e6; t.tRTP = 5;
  return c;
}

int64_t read_end(BankDram& d, int64_t at_ns, uint64_t addr, int64_t bytes = 32) {
  return d.access(at_ns * kNs, addr, bytes, false).last_data_ps;
}
int64_t write_end(BankDram& d, int64_t at_ns, uint64_t addr, int64_t bytes = 32) {
  return d.access(at_ns * kNs, addr, bytes, true).last_data_ps;
}

TEST(DramAddressMap, RotatesBankGroupThenColumnThenBankThenRow) {
  const BankDram d(test_part());
  const DramLocation a = d.locate(32), b = d.locate(64), c = d.locate(512), r = d.locate(2048);
  EXPECT_EQ(a.bank_group, 1);
  EXPECT_EQ(a.column, 0);
  EXPECT_EQ(b.bank_group, 0);
  EXPECT_EQ(b.column, 1);
  EXPECT_EQ(c.bank, 1);
  EXPECT_EQ(c.row, 0);
  EXPECT_EQ(r.bank, 0);
  EXPECT_EQ(r.row, 1);
}

TEST(DramTiming, IdleReadIsActPlusTrcdPlusTclPlusBurst) {
  BankDram d(test_part());
  const DramAccess a = d.access(0, 0, 32, false);
  EXPECT_EQ(a.first_data_ps, 20 * kNs);  // ACT 0, RD 10 (tRCD), data 20 (tCL)
  EXPECT_EQ(a.last_data_ps, 24 * kNs);
  EXPECT_EQ(d.stats().activations, 1);
  EXPECT_EQ(d.stats().row_misses, 1);
}

TEST(DramTiming, RowHitSkipsTheActivate) {
  BankDram d(test_part());
  read_end(d, 0, 0);
  EXPECT_EQ(read_end(d, 100, 64), 114 * kNs);  // RD at 100, data 110..114
  EXPECT_EQ(d.stats().row_hits, 1);
  EXPECT_EQ(d.stats().activations, 1);
}

TEST(DramTiming, RowConflictWaitsForTrasThenTrp) {
  BankDram d(test_part());
  read_end(d, 0, 0);  // ACT at 0
  // PRE at max(ACT + tRAS = 30, RD 10 + tRTP = 15) = 30, ACT 40, RD 50, data 60..64.
  EXPECT_EQ(read_end(d, 0, 2048), 64 * kNs);
  EXPECT_EQ(d.stats().row_conflicts, 1);
}

TEST(DramTiming, LateRowConflictCostsTrpTrcdTcl) {
  BankDram d(test_part());
  read_end(d, 0, 0);
  EXPECT_EQ(read_end(d, 200, 2048), 234 * kNs);  // PRE 200, ACT 210, RD 220, data 230..234
}

TEST(DramTiming, SameBankGroupColumnsWaitTccdL) {
  BankDram d(test_part());
  read_end(d, 0, 0);                           // opens (bg0, bank0, row0)
  EXPECT_EQ(read_end(d, 100, 0), 114 * kNs);   // RD 100
  EXPECT_EQ(read_end(d, 100, 64), 121 * kNs);  // same bank group: RD 107 (tCCD_L)
}

TEST(DramTiming, OtherBankGroupColumnsWaitTccdS) {
  BankDram d(test_part());
  read_end(d, 0, 0);
  read_end(d, 0, 32);                          // opens (bg1, bank0, row0)
  EXPECT_EQ(read_end(d, 100, 0), 114 * kNs);   // RD 100
  EXPECT_EQ(read_end(d, 100, 32), 119 * kNs);  // other bank group: RD 105 (tCCD_S)
}

TEST(DramTiming, ActivatesToOtherBankGroupsWaitTrrdS) {
  BankDram d(test_part());
  read_end(d, 0, 0);  // ACT 0
  // ACT 5 (tRRD_S), RD 15 (tRCD; tCCD_S after RD 10 also gives 15), data 25..29.
  EXPECT_EQ(read_end(d, 0, 32), 29 * kNs);
}

TEST(DramTiming, ActivatesInOneBankGroupWaitTrrdL) {
  BankDram d(test_part());
  read_end(d, 0, 0);  // ACT 0, RD 10
  // (bg0, bank1): ACT 8 (tRRD_L), RD 18, data 28..32.
  EXPECT_EQ(read_end(d, 0, 512), 32 * kNs);
}

TEST(DramTiming, FifthActivateWaitsForTheFourActivateWindow) {
  BankDram d(test_part());
  // ACTs at 0 (bg0 b0), 5 (bg1 b0), 10 (bg0 b1), 15 (bg1 b1); the fifth (bg0 b2) would go at 20
  // by tRRD but tFAW holds it to 0 + 40. RD 50, data 60..64.
  for (uint64_t addr : {0u, 32u, 512u, 544u}) read_end(d, 0, addr);
  EXPECT_EQ(read_end(d, 0, 1024), 64 * kNs);
  DramConfig no_faw = test_part();
  no_faw.timings.tFAW = 0;
  BankDram e(no_faw);
  for (uint64_t addr : {0u, 32u, 512u, 544u}) read_end(e, 0, addr);
  EXPECT_EQ(read_end(e, 0, 1024), 44 * kNs);  // ACT 20, RD 30, data 40..44
  EXPECT_EQ(d.stats().activations, 5);
}

TEST(DramTiming, ReadAfterWriteWaitsTwtrLInTheSameBankGroup) {
  BankDram d(test_part());
  EXPECT_EQ(write_end(d, 0, 0), 19 * kNs);  // ACT 0, WR 10, data 15..19
  // RD >= write end 19 + tWTR_L 7 = 26, data 36..40.
  EXPECT_EQ(read_end(d, 0, 64), 40 * kNs);
}

TEST(DramTiming, ReadAfterWriteWaitsTwtrSInAnotherBankGroup) {
  BankDram d(test_part());
  write_end(d, 0, 0);
  // (bg1, bank0): ACT 5, RD >= max(tRCD 15, write end 19 + tWTR_S 3 = 22) = 22, data 32..36.
  EXPECT_EQ(read_end(d, 0, 32), 36 * kNs);
}

TEST(DramTiming, WriteAfterReadWaitsTrtw) {
  BankDram d(test_part());
  read_end(d, 0, 0);  // RD 10
  // WR >= RD 10 + tRTW 12 = 22 (tCCD_L gives 17), data 27..31.
  EXPECT_EQ(write_end(d, 0, 64), 31 * kNs);
}

TEST(DramTiming, PrechargeAfterWriteWaitsTwr) {
  DramConfig c = test_part();
  c.timings.tWR = 20;
  BankDram d(c);
  write_end(d, 0, 0);  // data ends 19
  // PRE at max(tRAS 30, 19 + tWR 20 = 39) = 39, ACT 49, RD 59, data 69..73.
  EXPECT_EQ(read_end(d, 0, 2048), 73 * kNs);
}

TEST(DramTiming, RefreshHoldsTheRankForTrfc) {
  DramConfig c = test_part();
  c.timings.tREFI = 100;
  BankDram d(c);
  // REF at 100 (first tREFI), rank busy until 150: ACT 150, RD 160, data 170..174.
  EXPECT_EQ(read_end(d, 120, 0), 174 * kNs);
  EXPECT_EQ(d.stats().refreshes, 1);
}

TEST(DramTiming, RefreshClosesOpenRows) {
  DramConfig c = test_part();
  c.timings.tREFI = 100;
  BankDram d(c);
  read_end(d, 0, 0);  // row open, ACT 0, RD 10
  // The controller precharges when the refresh falls due (PRE 100) and refreshes after tRP:
  // REF 110..160; the row is closed again: ACT 160, RD 170, data 180..184.
  EXPECT_EQ(read_end(d, 120, 64), 184 * kNs);
  EXPECT_EQ(d.stats().row_hits, 0);
  EXPECT_EQ(d.stats().row_misses, 2);
}

TEST(DramTiming, ClosedPagePrechargesAfterEveryAccess) {
  DramConfig c = test_part();
  c.page_policy = PagePolicy::Closed;
  BankDram d(c);
  read_end(d, 0, 0);  // ACT 0, RD 10; auto-precharge at max(tRAS 30, RD + tRTP 15) = 30
  EXPECT_EQ(read_end(d, 0, 64), 64 * kNs);  // ACT 40 (tRP), RD 50, data 60..64
  EXPECT_EQ(d.stats().activations, 2);
  EXPECT_EQ(d.stats().row_hits, 0);
}

TEST(DramTiming, BurstsOfOneRequestShareTheDataBus) {
  BankDram d(test_part());
  // 96 B = bursts at 0 (bg0), 32 (bg1), 64 (bg0). RD 10 -> 20..24; ACT(bg1) 5, RD 15 -> 25..29;
  // RD(bg0) >= max(15 + tCCD_S, 10 + tCCD_L) = 20 -> 30..34.
  const DramAccess a = d.access(0, 0, 96, false);
  EXPECT_EQ(a.first_data_ps, 20 * kNs);
  EXPECT_EQ(a.last_data_ps, 34 * kNs);
  EXPECT_EQ(d.stats().read_bursts, 3);
}

TEST(DramTiming, TheFourActivateWindowIsPerRank) {
  DramConfig c = test_part();
  c.organization.ranks = 2;  // rank sits above bank in the map: rank 1 starts at 2048
  BankDram d(c);
  EXPECT_EQ(d.locate(2048).rank, 1);
  EXPECT_EQ(d.locate(4096).row, 1);
  // Four ACTs in rank 0 (0, 5, 10, 15 as above); a fifth in rank 1 is held by neither tFAW nor
  // rank 0's tRRD: ACT 0, RD 10, but the shared data bus is busy until 39 (the fourth burst):
  // RD 29, data 39..43.
  for (uint64_t addr : {0u, 32u, 512u, 544u}) read_end(d, 0, addr);
  EXPECT_EQ(read_end(d, 0, 2048), 43 * kNs);
}

TEST(DramChecks, HandBuiltConfigWithTrasBelowTrcdIsRejected) {
  DramConfig c = test_part();
  c.timings.tRAS = 5;
  try {
    BankDram d(c);
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("hardware.dram.timings.tRAS"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mixsim::sim
