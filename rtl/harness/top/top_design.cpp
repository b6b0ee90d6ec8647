#include "rtl/harness/top/top_design.hpp"

#include <stdexcept>
#include <tuple>
#include <utility>

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

// int4-mac-os-64x4: W4A4 multiplier cells (INT4 activations stored as bytes) with mixpe-os-64x4's
// shape and buffers: G = 32 < R, G = 64 = R, G = 128 > R.
TopDesign int4_mac_os_64x4() {
  TopDesign d = mixpe_os_64x4();
  d.name = "int4-mac-os-64x4";
  d.pe = "int4-mac";
  d.recipes = {"w4a4-g32", "w4a4-g64", "w4a4-g128"};
  d.shift_add = false;
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

// Float lanes: small arrays (each is one more verilated model), 16-byte activation windows (an
// FP16 row of R elements spans 2R bytes: bank-conflict cycles on every long row).
TopDesign float_design(const std::string& name, const std::string& pe, std::vector<std::string> recipes, int rows,
                       int cols, int activation_bits, int weight_bits, int a_format, int w_format, int dq_latency) {
  TopDesign d;
  d.name = name;
  d.pe = pe;
  d.recipes = std::move(recipes);
  d.rows = rows, d.cols = cols;
  d.weight_bits = weight_bits;
  d.shift_add = w_format == kInt;
  d.float_lane = true;
  d.activation_bits = activation_bits;
  d.a_format = a_format;
  d.w_format = w_format;
  d.weight_buffer = {4, 1, 16, 16384};
  d.activation_buffer = {2, 1, 8, 16384};
  d.dequant_latency = dq_latency;
  return d;
}

// The output-stationary variant of a weight-stationary design ("fp16-mac-8x8" ->
// "fp16-mac-os-8x8"), with the buffers its K-step reads need (X column and W row).
TopDesign output_stationary_variant(TopDesign d, TopBuffer weights, TopBuffer activations) {
  d.name.insert(d.name.rfind('-'), "-os");
  d.weight_buffer = weights;
  d.activation_buffer = activations;
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
  // The same 64 x 4 MixPE array with the output unit's FP32 float-scale dequant (FLOAT_DEQUANT):
  // the w4a8 float-scale recipes fold y = fl32(y + fl32(s * fl32(P))) in RTL (on mixpe-32x8 and
  // mixpe-64x4, which carry the integer-scale recipes, their P is folded by the C++ epilogue).
  TopDesign tall_float = tall;
  tall_float.name = "mixpe-fs-64x4";
  tall_float.recipes = {"w4a8-g32", "w4a8-g64", "w4a8-g128"};
  tall_float.float_dequant = true;
  v.push_back(tall_float);
  TopDesign int8 = mixpe_32x8();
  int8.name = "int8-mac-16x16";
  int8.pe = "int8-mac";
  int8.recipes = {"w8a8"};
  int8.rows = 16, int8.cols = 16, int8.weight_bits = 8, int8.shift_add = false;
  int8.activation_buffer = {2, 1, 8, 16384};
  int8.dequant_latency = 0;
  int8.float_dequant = true;
  v.push_back(int8);
  TopDesign int4 = mixpe_32x8();
  int4.name = "int4-mac-32x8";
  int4.pe = "int4-mac";
  int4.recipes = {"w4a4-g32", "w4a4-g64", "w4a4-g128"};  // G = R, G > R
  int4.shift_add = false;
  int4.activation_buffer = {4, 1, 8, 16384};
  v.push_back(int4);
  TopDesign big = mixpe_32x8();  // the default config's array size (benchmark)
  big.name = "mixpe-32x32";
  big.cols = 32;
  big.weight_buffer = {8, 1, 16, 65536};
  big.activation_buffer = {8, 1, 16, 65536};
  v.push_back(big);
  // Float lanes. fp16-mac and fp8-mac have one group of K per output (G = K, ragged K).
  v.push_back(float_design("fp16-mac-8x8", "fp16-mac", {"fp16"}, 8, 8, 16, 16, kFp16, kFp16, 0));
  // MixPE with float activations: G = 32 < R, G = 64 = R, G = 128 > R on 64 x 2; G = R and G > R
  // on 32 x 4; G > R on 16 x 8.
  v.push_back(float_design("mixpe-fp16-64x2", "mixpe", {"w4a16-g32", "w4a16-g64", "w4a16-g128"}, 64, 2, 16, 4,
                           kFp16, kInt, 1));
  v.push_back(float_design("mixpe-bf16-32x4", "mixpe", {"w4abf16-g32", "w4abf16-g64", "w4abf16-g128"}, 32, 4, 16, 4,
                           kBf16, kInt, 3));
  v.push_back(float_design("mixpe-fp8-16x8", "mixpe", {"w4afp8-g32", "w4afp8-g64"}, 16, 8, 8, 4, kE4m3, kInt, 3));
  v.push_back(float_design("fp8-mac-e4m3-8x8", "fp8-mac", {"fp8-e4m3"}, 8, 8, 8, 8, kE4m3, kE4m3, 1));
  v.push_back(float_design("fp8-mac-e5m2-8x8", "fp8-mac", {"fp8-e5m2"}, 8, 8, 8, 8, kE5m2, kE5m2, 1));
  // dequant-mac: INT4 codes in the buffers, dequantized to FP16 as a tile enters the cells (one
  // weight group per tile: R divides G); FP16 or INT8 activations. Symmetric recipes (z = 0).
  TopDesign dq16 = float_design("dequant-mac-fp16-8x8", "dequant-mac", {"w4a16-g32", "w4a16-g64", "w4a16-g128"}, 8, 8,
                                16, 4, kFp16, kFp16, 1);
  dq16.w_decode = kDequantFp16;
  dq16.shift_add = false;
  v.push_back(dq16);
  TopDesign dq8 = float_design("dequant-mac-int8-8x8", "dequant-mac", {"w4a8-g32", "w4a8-g128"}, 8, 8, 8, 4, kInt8,
                               kFp16, 0);
  dq8.w_decode = kDequantFp16;
  dq8.shift_add = false;
  v.push_back(dq8);
  // lut-gemm: 3-bit binary-coded weights in the buffers, odd INT4 codes in the cells (shift-and-add
  // products); G = 32 < R, G = 64 = R, G = 128 > R.
  TopDesign lut = mixpe_32x8();
  lut.name = "lut-gemm-64x2";
  lut.pe = "lut-gemm";
  lut.recipes = {"lut-w3a8-g32", "lut-w3a8-g64", "lut-w3a8-g128"};
  lut.rows = 64, lut.cols = 2, lut.weight_bits = 3, lut.shift_add = true, lut.w_decode = kBcq3;
  lut.activation_buffer = {2, 2, 8, 16384};
  lut.dequant_latency = 2;
  lut.float_dequant = true;
  v.push_back(lut);
  // slim-mixed: 2/3/4-bit codes per (row, group) in the buffers (each tile its real bytes: a
  // 64-row tile of 4 columns is 64 to 128 bytes, 8 to 16 cycles of the 8-byte weight window),
  // sign-extended to the MixPE's 4-bit cells by the loader; FP32 float-scale dequant in RTL.
  // G = 32 < R, G = 64 = R, G = 128 > R.
  TopDesign slim = tall_float;
  slim.name = "slim-mixed-64x4";
  slim.pe = "slim-mixed";
  slim.recipes = {"slim-w3a8-g32", "slim-w3a8-g64", "slim-w3a8-g128"};
  slim.w_decode = kSlimWidths;
  slim.weight_buffer = {2, 1, 4, 16384};
  v.push_back(slim);
  // Output-stationary: a K-row of 4 columns is 8 to 16 bits (1 or 2 bytes, in 1 or 2 cycles of
  // a 2-byte window).
  v.push_back(output_stationary_variant(slim, {1, 1, 2, 16384}, slim.activation_buffer));
  // Block-scaled FP4: E2M1 codes in the buffers (activations one per byte), twice-values in the
  // cells (multipliers); mx block 32 > R = 16, nv block 16 = R = 16 and 16 < R = 32.
  auto fp4 = [](const std::string& name, const std::string& pe, const std::string& recipe, int rows, int cols) {
    TopDesign d = mixpe_32x8();
    d.name = name;
    d.pe = pe;
    d.recipes = {recipe};
    d.rows = rows, d.cols = cols, d.weight_bits = 4, d.shift_add = false, d.w_decode = kFp4;
    d.dequant_latency = 1;
    return d;
  };
  v.push_back(fp4("mx-fp4-16x8", "mx-fp4", "mxfp4", 16, 8));
  v.push_back(fp4("nv-fp4-16x8", "nv-fp4", "nvfp4", 16, 8));
  v.push_back(fp4("nv-fp4-32x4", "nv-fp4", "nvfp4", 32, 4));
  v.push_back(fp4("mx-fp4-32x4", "mx-fp4", "mxfp4", 32, 4));  // the same hardware: mx block 32 = R
  // Weight decodes, output-stationary: lut-gemm (a 2-column W row of 3-bit codes is 1 byte) and
  // FP4 (an 8-column W row of E2M1 codes is 4 bytes, 2 or 3 cycles of a 2-byte window).
  const TopBuffer narrow_w{1, 1, 2, 16384};
  v.push_back(output_stationary_variant(lut, narrow_w, lut.activation_buffer));
  v.push_back(output_stationary_variant(fp4("mx-fp4-16x8", "mx-fp4", "mxfp4", 16, 8), narrow_w, {2, 1, 8, 16384}));
  v.push_back(output_stationary_variant(fp4("nv-fp4-16x8", "nv-fp4", "nvfp4", 16, 8), narrow_w, {2, 1, 8, 16384}));
  v.push_back(with_fault(mixpe_32x8(), TopFault::KLoopOffByOne, "-fault-kloop"));
  v.push_back(with_fault(mixpe_32x8(), TopFault::MissedGroupEnd, "-fault-group"));
  v.push_back(with_fault(mixpe_32x8(), TopFault::NoBankConflictStall, "-fault-nostall"));
  v.push_back(with_fault(float_design("fp16-mac-8x8", "fp16-mac", {"fp16"}, 8, 8, 16, 16, kFp16, kFp16, 0),
                         TopFault::FloatTiesAway, "-fault-ties"));
  v.push_back(mixpe_os_64x4());
  v.push_back(int8_mac_os_16x16());
  v.push_back(int4_mac_os_64x4());
  // Float lanes, output-stationary (FP32 cells, FP32 group accumulation and dequant). fp16-mac:
  // one group of K, K-tiles of up to 256 steps; its 16-byte FP16 W row takes 2 or 3 cycles of an
  // 8-byte window, its 16-byte X column 1 or 2 of 16 bytes. mixpe-fp16: G = 32 < R, 64 = R,
  // 128 > R; a 64-row FP16 X column (128 bytes) takes 2 or 3 cycles of a 64-byte window.
  const TopDesign fp16_mac = float_design("fp16-mac-8x8", "fp16-mac", {"fp16"}, 8, 8, 16, 16, kFp16, kFp16, 0);
  v.push_back(output_stationary_variant(fp16_mac, {2, 1, 4, 16384}, {2, 1, 8, 16384}));
  const TopDesign mixpe_fp16 = float_design("mixpe-fp16-64x2", "mixpe", {"w4a16-g32", "w4a16-g64", "w4a16-g128"}, 64, 2,
                                            16, 4, kFp16, kInt, 1);
  v.push_back(output_stationary_variant(mixpe_fp16, narrow_w, {4, 2, 8, 16384}));
  // The other float-activation formats, output-stationary: BF16 x INT4 (G = R, G > R; a 64-byte
  // X column in 2 or 3 cycles of 32 bytes), E4M3 x INT4 (G > R; its 4-byte W row in 2 or 3 cycles
  // of 2 bytes), FP8 x FP8 (fp8-mac, one group of K; 8-byte W row in 2 or 3 cycles of 4 bytes).
  const TopDesign mixpe_bf16 = float_design("mixpe-bf16-32x4", "mixpe", {"w4abf16-g32", "w4abf16-g64", "w4abf16-g128"},
                                            32, 4, 16, 4, kBf16, kInt, 3);
  v.push_back(output_stationary_variant(mixpe_bf16, narrow_w, {2, 2, 8, 16384}));
  const TopDesign mixpe_fp8 = float_design("mixpe-fp8-16x8", "mixpe", {"w4afp8-g32", "w4afp8-g64"}, 16, 8, 8, 4, kE4m3,
                                           kInt, 3);
  v.push_back(output_stationary_variant(mixpe_fp8, narrow_w, {2, 1, 8, 16384}));
  for (const auto& [name, recipe, format] : {std::tuple{"fp8-mac-e4m3-8x8", "fp8-e4m3", kE4m3},
                                             std::tuple{"fp8-mac-e5m2-8x8", "fp8-e5m2", kE5m2}})
    v.push_back(output_stationary_variant(float_design(name, "fp8-mac", {recipe}, 8, 8, 8, 8, format, format, 1),
                                          {1, 1, 4, 16384}, {1, 1, 8, 16384}));
  v.push_back(with_fault(mixpe_os_64x4(), TopFault::NoMinimumRows, "-fault-minrows"));
  // dequant-mac, output-stationary (accel_top_os W_DECODE 3, accel_weight_dequant_os): the W row's
  // INT4 codes dequantized per K-step with the scale of the step's weight group (an OS K-tile is
  // up to 256 steps, so several groups; no R | G condition). 8 x 8 FP16 and INT8 activations: a
  // 4-byte W row in 2 or 3 cycles of a 2-byte window, the X column (16 or 8 bytes) in up to 3
  // cycles of an 8- or 4-byte window, so either read can be the slower. 64 x 2 (w4a16): G = 32
  // < R, 64 = R, 128 > R; a 1-byte W row in one cycle, a 128-byte FP16 X column in 2 or 3 of 64
  // bytes, so a small M-tile's K = 32 steps are fewer than R cycles.
  const TopDesign dq16_os = output_stationary_variant(dq16, narrow_w, {1, 1, 8, 16384});
  v.push_back(dq16_os);
  v.push_back(output_stationary_variant(dq8, narrow_w, {1, 1, 4, 16384}));
  TopDesign dq16_tall = float_design("dequant-mac-fp16-64x2", "dequant-mac", {"w4a16-g32", "w4a16-g64", "w4a16-g128"},
                                     64, 2, 16, 4, kFp16, kFp16, 1);
  dq16_tall.w_decode = kDequantFp16;
  dq16_tall.shift_add = false;
  v.push_back(output_stationary_variant(dq16_tall, narrow_w, {4, 2, 8, 16384}));
  // The broken dequantizer: every K-step of a tile uses the scale of the tile's first weight group.
  v.push_back(with_fault(dq16_os, TopFault::NoDequantGroupStep, "-fault-group"));
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
