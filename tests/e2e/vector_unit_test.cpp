// The vector unit's work decomposition and timing (sim/vector/), hand-computed.
#include <gtest/gtest.h>

#include "sim/config/hardware_config.hpp"
#include "sim/memory/dram_channel.hpp"
#include "sim/vector/vector_unit.hpp"

namespace mixsim::sim {
namespace {

HardwareConfig simple_hw() {
  HardwareConfig hw;
  hw.dram.model = DramModel::Simple;
  hw.dram.bandwidth_gbps = 64.0;  // 64 B/cycle at 1 GHz
  hw.dram.latency_ns = 100.0;
  hw.dram.burst_bytes = 64;
  return hw;
}

TEST(VectorWork, RmsNormCountsEveryElementaryOp) {
  VectorOpShape op;
  op.kind = VectorOpKind::RmsNorm;
  op.rows = 2, op.cols = 4096, op.param_bytes = 4096 * 2;
  const VectorWork w = vector_work(op);
  // per element: x^2, x*r, *w (3 mul) and the sum (1 add); per row: 1/H (mul), + eps (add), rsqrt.
  EXPECT_EQ(w.get(VectorClass::Mul), 3 * 8192 + 2);
  EXPECT_EQ(w.get(VectorClass::Add), 8192 + 2);
  EXPECT_EQ(w.get(VectorClass::Rsqrt), 2);
  EXPECT_EQ(w.get(VectorClass::Exp), 0);
  EXPECT_EQ(w.read_bytes, 8192 * 2 + 4096 * 2);  // FP16 input + the weight vector
  EXPECT_EQ(w.write_bytes, 8192 * 2);
}

TEST(VectorWork, KiviAppendWritesTheWindowThenTheCodes) {
  VectorOpShape op;
  op.kind = VectorOpKind::KvAppend;
  op.rows = 1, op.cols = 4096, op.extra = 32;
  op.kv.bits = 2, op.kv.bits_per_element = 16.0 + 3.0;
  const VectorWork w = vector_work(op);
  EXPECT_EQ(w.write_bytes, 4096 * 19 / 8);
  EXPECT_EQ(w.get(VectorClass::Rsqrt), 4096 / 32);  // one reciprocal scale per group
}

TEST(VectorUnit, ComputeBoundOpTakesItsLaneCyclesPlusLatencies) {
  HardwareConfig hw = simple_hw();
  hw.vector.lanes = 1;
  hw.vector.latency_cycles = 8;
  hw.vector.ops_per_lane_cycle = {1, 1, 1, 1, 0.25, 0.25};
  const VectorUnit unit(hw, default_energy_table());
  VectorOpShape op;
  op.kind = VectorOpKind::RmsNorm;
  op.rows = 1, op.cols = 4096, op.param_bytes = 4096 * 2;
  const VectorOpResult r = unit.run(op);
  // 12289 mul + 4097 add at 1 per cycle, 1 rsqrt at 0.25 per cycle (4 cycles) on one lane.
  EXPECT_EQ(r.compute_cycles, 12289 + 4097 + 4);
  // DRAM: 16384 B read + 8192 B written at 64 B/cycle = 384 cycles: compute bound.
  EXPECT_EQ(r.dram_cycles, 384);
  EXPECT_EQ(r.cycles, 12289 + 4097 + 4 + 8 + 100);
  // Arithmetic energy: Horowitz FP32 multiply 3.7 pJ, add 0.9 pJ, rsqrt 36 pJ (models/vector_energy).
  EXPECT_NEAR(r.energy_pj.at("vector"), 12289 * 3.7 + 4097 * 0.9 + 36.0, 1e-6);
}

TEST(VectorUnit, MemoryBoundOpTakesItsDramTime) {
  HardwareConfig hw = simple_hw();
  hw.vector.lanes = 4096;
  const VectorUnit unit(hw, default_energy_table());
  VectorOpShape op;
  op.kind = VectorOpKind::ResidualAdd;
  op.rows = 64, op.cols = 4096;
  const VectorOpResult r = unit.run(op);
  // 2 x 512 KiB read + 512 KiB written at 64 B/cycle.
  EXPECT_EQ(r.dram_cycles, 3 * 64 * 4096 * 2 / 64);
  EXPECT_EQ(r.cycles, r.dram_cycles + hw.vector.latency_cycles + 100);
}

TEST(VectorUnit, ZeroLanesIsAnErrorNamingTheKey) {
  HardwareConfig hw = simple_hw();
  hw.vector.lanes = 0;
  try {
    VectorUnit unit(hw, default_energy_table());
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("hardware.vector.lanes"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mixsim::sim
