#include "rtl/harness/top/top_design.hpp"

#include <stdexcept>

#include "sim/config/config_loader.hpp"
#include "sim/config/config_paths.hpp"

namespace mixsim::rtl {
namespace {

// Narrow activation buffers (a window of 32 or 16 bytes) so that rows longer than a window, or
// straddling one, cost bank-conflict cycles; the weight buffer reads a 64-byte window.
TopDesign mixpe_32x8() {
  TopDesign d;
  d.name = "mixpe-32x8";
  d.pe = "mixpe";
  d.recipes = {"w4a8-g32", "w4a8-g64", "w4a8-g128", "w4a8-g32-intscale", "w4a8-g128-intscale"};
  d.rows = 32, d.cols = 8, d.weight_bits = 4, d.shift_add = true;
  d.weight_buffer = {4, 1, 16, 16384};
  d.activation_buffer = {2, 1, 8, 16384};
  d.dequant_latency = 3;
  return d;
}

// Output-stationary designs (rtl/top/accel_top_os.v). Narrow buffer windows so that both the
// X column (mt bytes) and the W row (ceil(ct*W/8) bytes) of a K-step can be the slower read.
// mixpe-os-64x4: G = 32 < R, G = 64 = R, G = 128 > R (a tile is one group: kt = G K-steps,
// and it occupies the array max(step cycles, R) cycles); its 2-byte W rows are aligned in a
// 2-byte window (one cycle), a 64-row X column takes 2 or 3 cycles of a 32-byte window, so
// small M-tiles of G = 32 take fewer than R cycles. int8-mac-os-16x16: per-channel W8A8, so the
// group is K and K-tiles are up to 256 steps (G < R, = R, > R and several K-tiles per group);
// its 16-byte W row takes 2 or 3 cycles of an 8-byte window, its X column 1 or 2 of 16 bytes.
TopDesign mixpe_os_64x4() {
  TopDesign d = mixpe_32x8();
  d.name = "mixpe-os-64x4";
  d.recipes = {"w4a8-g32", "w4a8-g64", "w4a8-g128", "w4a8-g64-intscale", "w4a8-g32-intscale"};
  d.rows = 64, d.cols = 4;
  d.weight_buffer = {1, 1, 2, 16384};
  d.activation_buffer = {2, 2, 8, 16384};
  d.dequant_latency = 2;
  d.output_stationary = true;
  return d;
}

TopDesign int8_mac_os_16x16() {
  TopDesign d = mixpe_32x8();
  d.name = "int8-mac-os-16x16";
  d.pe = "int8-mac";
  d.recipes = {"w8a8"};
  d.rows = 16, d.cols = 16, d.weight_bits = 8, d.shift_add = false;
  d.weight_buffer = {2, 1, 4, 16384};
  d.activation_buffer = {2, 1, 8, 16384};
  d.dequant_latency = 1;
  d.output_stationary = true;
  return d;
}

TopDesign with_fault(TopDesign d, TopFault f, const std::string& suffix) {
  d.name += suffix;
  d.fault = f;
  return d;
}

std::vector<TopDesign> make_designs() {
  std::vector<TopDesign> v;
  v.push_back(mixpe_32x8());
  TopDesign tall = mixpe_32x8();  // G < R (32 < 64), G = R and G > R on one array
  tall.name = "mixpe-64x4";
  tall.recipes = {"w4a8-g32", "w4a8-g64", "w4a8-g128", "w4a8-g64-intscale"};
  tall.rows = 64, tall.cols = 4;
  tall.activation_buffer = {2, 2, 8, 16384};
  tall.dequant_latency = 1;
  v.push_back(tall);
  TopDesign int8 = mixpe_32x8();
  int8.name = "int8-mac-16x16";
  int8.pe = "int8-mac";
  int8.recipes = {"w8a8"};
  int8.rows = 16, int8.cols = 16, int8.weight_bits = 8, int8.shift_add = false;
  int8.activation_buffer = {2, 1, 8, 16384};
  int8.dequant_latency = 0;
  v.push_back(int8);
  TopDesign int4 = mixpe_32x8();
  int4.name = "int4-mac-32x8";
  int4.pe = "int4-mac";
  int4.recipes = {"w4a4-g128"};
  int4.shift_add = false;
  int4.activation_buffer = {4, 1, 8, 16384};
  v.push_back(int4);
  TopDesign big = mixpe_32x8();  // the default config's array size (benchmark)
  big.name = "mixpe-32x32";
  big.cols = 32;
  big.weight_buffer = {8, 1, 16, 65536};
  big.activation_buffer = {8, 1, 16, 65536};
  v.push_back(big);
  v.push_back(mixpe_os_64x4());
  v.push_back(int8_mac_os_16x16());
  v.push_back(with_fault(mixpe_32x8(), TopFault::KLoopOffByOne, "-fault-kloop"));
  v.push_back(with_fault(mixpe_32x8(), TopFault::MissedGroupEnd, "-fault-group"));
  v.push_back(with_fault(mixpe_32x8(), TopFault::NoBankConflictStall, "-fault-nostall"));
  v.push_back(with_fault(mixpe_os_64x4(), TopFault::NoMinimumRows, "-fault-minrows"));
  return v;
}

}  // namespace

const std::vector<TopDesign>& top_designs() {
  static const std::vector<TopDesign> designs = make_designs();
  return designs;
}

const TopDesign& find_top_design(const std::string& name) {
  std::string allowed;
  for (const TopDesign& d : top_designs()) {
    if (d.name == name) return d;
    allowed += (allowed.empty() ? "" : ", ") + d.name;
  }
  throw std::invalid_argument("unknown RTL top design '" + name + "'; allowed: " + allowed);
}

sim::RunConfig top_run_config(const TopDesign& d, bool simple_dram) {
  sim::RunConfig config = sim::load_run_config(sim::default_config_path());
  sim::HardwareConfig& hw = config.hardware;
  hw.array.rows = d.rows;
  hw.array.cols = d.cols;
  hw.array.dataflow = d.output_stationary ? sim::Dataflow::OutputStationary : sim::Dataflow::WeightStationary;
  hw.array.group_dequant_latency = d.dequant_latency;
  auto buffer = [](const TopBuffer& b) {
    sim::SramConfig s;
    s.capacity_bytes = b.bytes;
    s.banks = b.banks;
    s.ports = b.ports;
    s.width_bytes = b.width_bytes;
    s.double_buffered = true;
    return s;
  };
  hw.weight_buffer = buffer(d.weight_buffer);
  hw.activation_buffer = buffer(d.activation_buffer);
  if (simple_dram) hw.dram.model = sim::DramModel::Simple;
  return config;
}

}  // namespace mixsim::rtl
