#pragma once
// Whole GEMMs on the verilated accelerator top (rtl/top/accel_top.v) against the golden model
// and the SystemC cycle model, for the same hardware and the same mapping:
//  * values: every group partial sum P[m][n][g] out of the RTL equals the exact integer sum of
//    the PE's lanes; every integer-scale output y = sum_g s_int * P equals the exact sum; Y (the
//    PE's epilogue folding the RTL's P) equals the SystemC model's Y bit for bit, and the golden
//    model's by the simulator's value-check method (bit-exact for integer recipes);
//  * cycles: the RTL's job length, max(last out_done, last DRAM write), equals SystemC's.
// The DRAM and DMA are rtl/harness/top/top_dma.hpp over the simulator's DramTiming.
#include <cstdint>
#include <optional>
#include <string>

#include "rtl/harness/check_result.hpp"
#include "rtl/harness/top/top_design.hpp"
#include "sim/mapping/mapping.hpp"

namespace mixsim::rtl {

struct TopGemmCase {
  std::string recipe;
  int64_t m = 1, n = 1, k = 1;
  uint32_t seed = 1;
  std::optional<sim::Mapping> mapping;  // else the simulator's mapper (objective edp) picks one
  bool simple_dram = false;             // hardware.dram.model: simple instead of bank
  // Self-test hooks of the harness's DMA-port checks (tests only): the DRAM's peak bandwidth
  // times dram_bandwidth_scale (a DRAM faster than the top's DMA port must be refused), and the
  // port driven with at most dma_port_bytes per cycle (0: the top's DMA_BYTES; a narrower port
  // falls behind the DRAM, so tiles become ready before their bytes are in, which must throw).
  double dram_bandwidth_scale = 1.0;
  int dma_port_bytes = 0;
  // Self-test hook of slim-mixed's width tags (tests only): 0 writes each column's real width;
  // 2..4 writes that width for every column (the loader then unpacks the tiles wrongly).
  int slim_tag_width = 0;
  // Self-test hook of the output unit's token multiply (FLOAT_DEQUANT designs, tests only): each
  // output-buffer row gets the next token's activation scale.
  bool shifted_token_scales = false;
};

struct TopGemmResult {
  CheckResult values;   // P, y_int, Y comparisons
  CheckResult cycles;   // one comparison: RTL job cycles vs SystemC cycle mode
  int64_t rtl_cycles = 0, systemc_cycles = 0;
  int64_t tiles = 0, simulated_cycles = 0;  // Verilator clock edges run
  double seconds = 0.0;                     // wall time of the Verilator run alone
  double cpu_seconds = 0.0;                 // this thread's CPU time of that run (robust to a busy machine)
  std::string mapping;
  bool passed() const { return values.passed() && cycles.passed(); }
};

// Throws std::invalid_argument for a recipe the design does not carry or a GEMM/mapping the
// RTL cannot hold, std::runtime_error if the RTL never finishes.
TopGemmResult run_top_gemm(const TopDesign& design, const TopGemmCase& c, const std::string& vcd_path = {});

}  // namespace mixsim::rtl
