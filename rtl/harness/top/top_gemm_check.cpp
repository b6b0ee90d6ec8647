// Verilator driver of rtl/top/accel_top.v for whole GEMMs (rtl/harness/top/top_check.hpp).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <iterator>
#include <map>
#include <set>
#include <stdexcept>
#include <type_traits>

#include "Vaccel_top_fault_group.h"
#include "Vaccel_top_fault_group_accel_top.h"
#include "Vaccel_top_fault_float_ties.h"
#include "Vaccel_top_fault_float_ties_accel_top.h"
#include "Vaccel_top_fault_kloop.h"
#include "Vaccel_top_fault_kloop_accel_top.h"
#include "Vaccel_top_fault_nostall.h"
#include "Vaccel_top_fault_nostall_accel_top.h"
#include "Vaccel_top_dequant_mac_fp16_8x8.h"
#include "Vaccel_top_dequant_mac_fp16_8x8_accel_top.h"
#include "Vaccel_top_dequant_mac_int8_8x8.h"
#include "Vaccel_top_dequant_mac_int8_8x8_accel_top.h"
#include "Vaccel_top_fp16_mac_8x8.h"
#include "Vaccel_top_fp16_mac_8x8_accel_top.h"
#include "Vaccel_top_fp8_mac_e4m3_8x8.h"
#include "Vaccel_top_fp8_mac_e4m3_8x8_accel_top.h"
#include "Vaccel_top_fp8_mac_e5m2_8x8.h"
#include "Vaccel_top_fp8_mac_e5m2_8x8_accel_top.h"
#include "Vaccel_top_fp4_16x8.h"
#include "Vaccel_top_fp4_16x8_accel_top.h"
#include "Vaccel_top_int4_mac_32x8.h"
#include "Vaccel_top_int4_mac_32x8_accel_top.h"
#include "Vaccel_top_int8_mac_16x16.h"
#include "Vaccel_top_int8_mac_16x16_accel_top.h"
#include "Vaccel_top_lut_gemm_64x2.h"
#include "Vaccel_top_lut_gemm_64x2_accel_top.h"
#include "Vaccel_top_mixpe_32x32.h"
#include "Vaccel_top_mixpe_32x32_accel_top.h"
#include "Vaccel_top_mixpe_32x8.h"
#include "Vaccel_top_mixpe_32x8_accel_top.h"
#include "Vaccel_top_mixpe_fs_64x4.h"
#include "Vaccel_top_mixpe_fs_64x4_accel_top.h"
#include "Vaccel_top_slim_mixed_64x4.h"
#include "Vaccel_top_slim_mixed_64x4_accel_top.h"
#include "Vaccel_top_mixpe_64x4.h"
#include "Vaccel_top_mixpe_64x4_accel_top.h"
#include "Vaccel_top_os_fault_minrows.h"
#include "Vaccel_top_os_fault_minrows_accel_top_os.h"
#include "Vaccel_top_os_fp4_16x8.h"
#include "Vaccel_top_os_fp4_16x8_accel_top_os.h"
#include "Vaccel_top_os_dequant_mac_fp16_8x8.h"
#include "Vaccel_top_os_dequant_mac_fp16_8x8_accel_top_os.h"
#include "Vaccel_top_os_dequant_mac_fp16_64x2.h"
#include "Vaccel_top_os_dequant_mac_fp16_64x2_accel_top_os.h"
#include "Vaccel_top_os_dequant_mac_int8_8x8.h"
#include "Vaccel_top_os_dequant_mac_int8_8x8_accel_top_os.h"
#include "Vaccel_top_os_fault_dequant_group.h"
#include "Vaccel_top_os_fault_dequant_group_accel_top_os.h"
#include "Vaccel_top_os_fp16_mac_8x8.h"
#include "Vaccel_top_os_fp16_mac_8x8_accel_top_os.h"
#include "Vaccel_top_os_fp8_mac_e4m3_8x8.h"
#include "Vaccel_top_os_fp8_mac_e4m3_8x8_accel_top_os.h"
#include "Vaccel_top_os_fp8_mac_e5m2_8x8.h"
#include "Vaccel_top_os_fp8_mac_e5m2_8x8_accel_top_os.h"
#include "Vaccel_top_os_int4_mac_64x4.h"
#include "Vaccel_top_os_int4_mac_64x4_accel_top_os.h"
#include "Vaccel_top_os_int8_mac_16x16.h"
#include "Vaccel_top_os_int8_mac_16x16_accel_top_os.h"
#include "Vaccel_top_os_mixpe_bf16_32x4.h"
#include "Vaccel_top_os_mixpe_bf16_32x4_accel_top_os.h"
#include "Vaccel_top_os_mixpe_fp16_64x2.h"
#include "Vaccel_top_os_mixpe_fp16_64x2_accel_top_os.h"
#include "Vaccel_top_os_mixpe_fp8_16x8.h"
#include "Vaccel_top_os_mixpe_fp8_16x8_accel_top_os.h"
#include "Vaccel_top_os_lut_gemm_64x2.h"
#include "Vaccel_top_os_lut_gemm_64x2_accel_top_os.h"
#include "Vaccel_top_os_slim_mixed_64x4.h"
#include "Vaccel_top_os_slim_mixed_64x4_accel_top_os.h"
#include "Vaccel_top_os_mixpe_64x4.h"
#include "Vaccel_top_os_mixpe_64x4_accel_top_os.h"
#include "Vaccel_top_mixpe_bf16_32x4.h"
#include "Vaccel_top_mixpe_bf16_32x4_accel_top.h"
#include "Vaccel_top_mixpe_fp16_64x2.h"
#include "Vaccel_top_mixpe_fp16_64x2_accel_top.h"
#include "Vaccel_top_mixpe_fp8_16x8.h"
#include "Vaccel_top_mixpe_fp8_16x8_accel_top.h"
#include "Vaccel_top_nv_fp4_32x4.h"
#include "Vaccel_top_nv_fp4_32x4_accel_top.h"
#include "models/fp16.hpp"
#include "models/pe/group_dequant.hpp"
#include "models/recipe.hpp"
#include "rtl/harness/stimulus.hpp"
#include "rtl/harness/top/top_check.hpp"
#include "rtl/harness/top/top_dma.hpp"
#include "rtl/harness/top/top_operands.hpp"
#include "rtl/harness/top/top_program.hpp"
#include "rtl/harness/verilated_sim.hpp"
#include "sim/mapping/mapper.hpp"
#include "sim/memory/dram_calibration.hpp"
#include "sim/pe/pe_registry.hpp"
#include "sim/run/run_value_check.hpp"
#include "sim/run/simulator.hpp"
#include "workloads/gemm_operands.hpp"

namespace mixsim::rtl {
namespace {

// Outlier-heavy float operands (LLM-like activation outlier channels, heavy-tailed weights).
void make_operands(uint32_t seed, int64_t m, int64_t n, int64_t k, MatrixF32& x, MatrixF32& w) {
  Stimulus s(seed);
  x = MatrixF32(m, k);
  w = MatrixF32(n, k);
  for (int64_t r = 0; r < m; ++r)
    for (int64_t c = 0; c < k; ++c)
      x(r, c) = static_cast<float>(s.uniform(-1000, 1000)) / 1000.0f * ((c % 29 == 3) ? 20.0f : 1.0f);
  for (int64_t r = 0; r < n; ++r)
    for (int64_t c = 0; c < k; ++c)
      w(r, c) = static_cast<float>(s.uniform(-1000, 1000)) / 20000.0f * (s.uniform(0, 31) == 0 ? 6.0f : 1.0f);
}

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// 32-bit word i of a Verilator vector port: an array of words (> 64 bits) or one integer
// (<= 64 bits, e.g. two columns).
template <class Wide>
uint32_t word(const Wide& v, size_t i) {
  if constexpr (std::is_integral_v<Wide>) return static_cast<uint32_t>(static_cast<uint64_t>(v) >> (32 * i));
  else return static_cast<uint32_t>(v[i]);
}

std::string float_bits(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  char hex[16];
  std::snprintf(hex, sizeof hex, "%08x", bits);
  return std::to_string(f) + " (0x" + hex + ")";
}

// Everything both models need, built before either runs.
struct Setup {
  sim::RunConfig config;
  MatrixF32 x, w;
  QuantizedOperands ops;
  sim::GemmJob job;
  sim::PeTraits traits;
  sim::ArrayOperands lanes;
  std::unique_ptr<sim::OutputEpilogue> epilogue;
  std::optional<sim::TilePlan> plan;
  TopProgram program;
  std::vector<uint32_t> scales;  // N x groups integer scales (1 unless integer-scale recipe)
  int64_t groups = 0;
  std::vector<int64_t> exact_p;  // M x N x groups exact group sums of the lanes (integer lanes)
  std::vector<float> float_p;    // M x N x groups: the simulator's FP32 group sums (float lanes)
  TopOperandCodes codes;         // the operands as the buffers hold them
  DequantTables dequant;         // dequant-mac's weight-scale tables
  bool float_group_scales = false;  // float lanes: the RTL's y folds the groups (W4A16 epilogue)
  std::vector<float> rtl_y;      // M x N: the RTL's final y (float lanes)
  std::vector<float> rtl_out;    // M x N: the RTL's Y = fl32(y * s_a) (float_dequant: token scales in RTL)
  // Per weight load, the tiles whose packed bytes it brings (each once: later steps that reuse
  // the load read the same bytes).
  std::vector<std::vector<size_t>> weight_load_tiles;
  int dma_port_bytes = 0;  // TopGemmCase::dma_port_bytes
  int slim_tag_width = 0;  // TopGemmCase::slim_tag_width
  bool shifted_token_scales = false;  // TopGemmCase::shifted_token_scales
};

// The exact integer group sums P[m][n][g] of the PE's lanes, computed once per GEMM.
std::vector<int64_t> exact_group_sums(const sim::ArrayOperands& lanes, int64_t m_rows, int64_t n_cols, int64_t k,
                                      int64_t group, int64_t groups) {
  std::vector<int64_t> p(static_cast<size_t>(m_rows * n_cols * groups), 0);
  for (int64_t m = 0; m < m_rows; ++m)
    for (int64_t n = 0; n < n_cols; ++n)
      for (int64_t kk = 0; kk < k; ++kk)
        p[static_cast<size_t>((m * n_cols + n) * groups + kk / group)] +=
            int64_t{lanes.act_i8[m * k + kk]} * lanes.w_i8[n * k + kk];
  return p;
}

std::vector<std::vector<size_t>> tiles_by_weight_load(const sim::TilePlan& plan, const TopProgram& program) {
  std::vector<std::vector<size_t>> out(plan.weight_loads().size());
  std::set<std::pair<int64_t, int64_t>> seen;  // (weight load, byte offset in it)
  for (size_t i = 0; i < program.tiles.size(); ++i) {
    const TopTile& t = program.tiles[i];
    if (seen.insert({t.ref.w_load, t.w_offset}).second) out[static_cast<size_t>(t.ref.w_load)].push_back(i);
  }
  return out;
}

void prepare(const TopDesign& d, const TopGemmCase& c, Setup& s) {
  bool carried = false;
  for (const std::string& r : d.recipes) carried = carried || r == c.recipe;
  if (!carried) {
    std::string allowed;
    for (const std::string& r : d.recipes) allowed += (allowed.empty() ? "" : ", ") + r;
    throw std::invalid_argument("RTL top " + d.name + " does not carry recipe '" + c.recipe + "'; allowed: " + allowed);
  }
  s.config = top_run_config(d, c.simple_dram);
  s.config.hardware.dram.bandwidth_gbps *= c.dram_bandwidth_scale;
  s.config.hardware.dram.organization.data_rate_mtps *= c.dram_bandwidth_scale;
  s.dma_port_bytes = c.dma_port_bytes;
  s.slim_tag_width = c.slim_tag_width;
  s.shifted_token_scales = c.shifted_token_scales;
  make_operands(c.seed, c.m, c.n, c.k, s.x, s.w);
  const bool quantized = c.recipe != "fp16";  // fp16-mac's recipe: unquantized X and W, rounded to FP16
  if (quantized) s.ops = quantize_operands(parse_recipe(c.recipe), s.x, s.w);
  s.job.name = "gemm";
  s.job.m = c.m, s.job.n = c.n, s.job.k = c.k;
  s.job.pe_type = d.pe;
  s.job.recipe = c.recipe;
  s.job.operands = quantized ? &s.ops : nullptr;
  s.job.x_fp = &s.x;
  s.job.w_fp = &s.w;
  const sim::PeType& pe = sim::find_pe_type(d.pe);
  s.traits = pe.traits(c.recipe, c.k);
  const sim::HardwareConfig& hw = s.config.hardware;
  sim::TileGeometry g = sim::TileGeometry::of(hw, s.traits, c.m, c.n, c.k);
  if (quantized && s.ops.group_bits) g.use_group_bits(*s.ops.group_bits);  // as simulate_gemm charges them
  if (c.mapping) {
    s.job.mapping = *c.mapping;
  } else {
    sim::Mapper mapper(hw, s.config.energy, s.config.mapper);
    s.job.mapping = mapper.choose(s.traits, g, s.job.name).mapping;
  }
  s.plan.emplace(hw, g, *s.job.mapping);
  s.program = build_top_program(*s.plan, d);
  s.lanes = pe.prepare_operands(s.job);
  s.codes = encode_top_operands(d, s.lanes, quantized ? &s.ops : nullptr);
  if (d.w_decode == kDequantFp16) s.dequant = dequant_scale_tables(d, *s.plan, s.program.tiles, *s.ops.weights);
  s.epilogue = pe.make_epilogue(s.job);
  s.groups = (c.k + s.plan->group() - 1) / s.plan->group();
  s.scales.assign(static_cast<size_t>(c.n * s.groups), 1u);
  if (quantized && s.ops.integer_scales)
    for (size_t i = 0; i < s.scales.size(); ++i) s.scales[i] = static_cast<uint32_t>(s.ops.integer_scales->scales[i]);
  if (d.float_dequant) {  // integer lanes, FP32 float-scale dequant in RTL: the weight scales
    s.float_group_scales = true;
    for (int64_t n = 0; n < c.n; ++n)
      for (int64_t g = 0; g < s.groups; ++g) {
        const float scale = s.ops.weights->scale(n, g);
        std::memcpy(&s.scales[static_cast<size_t>(n * s.groups + g)], &scale, sizeof scale);
      }
    s.rtl_y.assign(static_cast<size_t>(c.m * c.n), 0.0f);
    s.rtl_out.assign(static_cast<size_t>(c.m * c.n), 0.0f);
  }
  if (d.float_lane) {
    // The output unit's FP32 dequant: y = y + s * P with the epilogue's group scales (MixPE's float
    // activations), s = 1 for the PE types that fold one group of K without a scale.
    s.float_group_scales = d.pe == "mixpe";
    for (int64_t n = 0; n < c.n; ++n)
      for (int64_t g = 0; g < s.groups; ++g) {
        const float scale = s.float_group_scales ? s.ops.weights->scale(n, g) : 1.0f;
        std::memcpy(&s.scales[static_cast<size_t>(n * s.groups + g)], &scale, sizeof scale);
      }
    s.rtl_y.assign(static_cast<size_t>(c.m * c.n), 0.0f);
  }
  if (d.float_lane) s.float_p = simulator_float_group_sums(*s.plan, s.program.tiles, s.lanes, s.groups);
  else s.exact_p = exact_group_sums(s.lanes, c.m, c.n, c.k, s.plan->group(), s.groups);
  s.weight_load_tiles = tiles_by_weight_load(*s.plan, s.program);
}

int64_t exact_group_sum(const Setup& s, int64_t m, int64_t n, int64_t g) {
  return s.exact_p[static_cast<size_t>((m * s.job.n + n) * s.groups + g)];
}

template <uint32_t Banks, uint32_t Ports, uint32_t Width, uint32_t Bytes>
bool same_buffer(const TopBuffer& b) {
  return Banks == static_cast<uint32_t>(b.banks) && Ports == static_cast<uint32_t>(b.ports) &&
         Width == static_cast<uint32_t>(b.width_bytes) && Bytes == static_cast<uint32_t>(b.bytes);
}

// The verilated top module of a model: accel_top (weight-stationary) or accel_top_os
// (output-stationary); same ports and public parameters.
template <class Model, class = void>
struct TopOf {
  using type = std::remove_pointer_t<decltype(Model::accel_top)>;
  static constexpr bool output_stationary = false;
};
template <class Model>
struct TopOf<Model, std::void_t<decltype(Model::accel_top_os)>> {
  using type = std::remove_pointer_t<decltype(Model::accel_top_os)>;
  static constexpr bool output_stationary = true;
};

template <class Model>
class TopRun {
 public:
  using Top = typename TopOf<Model>::type;
  // What each output (m, n) received from the RTL: group sums and final outputs.
  struct Seen { int64_t groups = 0, outputs = 0; };
  std::map<std::pair<int64_t, int64_t>, Seen> seen_;

  static bool lane_parameters_match(const TopDesign& d) {
    return Top::FLOAT_LANE == (d.float_lane ? 1u : 0u) && Top::A_WIDTH == static_cast<uint32_t>(d.activation_bits) &&
           Top::W_DECODE == static_cast<uint32_t>(d.w_decode) &&
           (!d.float_lane || (Top::A_FORMAT == static_cast<uint32_t>(d.a_format) &&
                              Top::W_FORMAT == static_cast<uint32_t>(d.w_format)));
  }

  TopRun(const TopDesign& d, Setup& s, const std::string& vcd) : d_(d), s_(s), sim_(vcd) {
    if (Top::ROWS != static_cast<uint32_t>(d.rows) || Top::COLS != static_cast<uint32_t>(d.cols) ||
        Top::W_WIDTH != static_cast<uint32_t>(d.weight_bits) ||
        Top::MUL_SHIFT_ADD != (d.shift_add ? 1u : 0u) || !lane_parameters_match(d) ||
        Top::DQ_LATENCY != static_cast<uint32_t>(d.dequant_latency) ||
        TopOf<Model>::output_stationary != d.output_stationary ||
        !same_buffer<Top::WBUF_BANKS, Top::WBUF_PORTS, Top::WBUF_WIDTH, Top::WBUF_BYTES>(d.weight_buffer) ||
        !same_buffer<Top::ABUF_BANKS, Top::ABUF_PORTS, Top::ABUF_WIDTH, Top::ABUF_BYTES>(d.activation_buffer))
      throw std::logic_error("verilated model of " + d.name + " was built with other parameters than top_design.cpp");
  }

  void run(TopGemmResult& out) {
    load_commands();
    const sim::HardwareConfig& hw = s_.config.hardware;
    // The channel runs at the bank model's streaming efficiency, as in the simulator's cycle mode.
    const sim::DramCalibration calibration = sim::calibrate_streaming(hw.dram);
    sim::DramTiming dram(hw.dram, hw.clock_ghz, &calibration);
    check_dma_port(dram);
    TopDma dma(*s_.plan, s_.program, dram, [&](sim::DmaRead::Kind kind, int64_t index) { fill(kind, index); });
    auto& io = sim_.io();
    io.n_cmds = static_cast<uint16_t>(s_.program.commands.size());
    io.ready_count = 0;
    sim_.reset(d_.dequant_latency + 4);
    const auto t0 = std::chrono::steady_clock::now();
    const double cpu0 = thread_cpu_seconds();
    const int64_t limit = 4 * out.systemc_cycles + 100000;
    int64_t t = 0;
    int64_t ready = 0;
    for (;; ++t) {
      collect(t, dma, out);
      dma.step(t);
      drive_dma_port();
      // accel_top registers ready_count: drive the count for cycle t + 1 (a read issued at t + 1
      // cannot have arrived by t + 1, so the reads issued so far decide it).
      const int64_t now_ready = dma.ready_count(t + 1);
      for (; ready < now_ready; ++ready) check_written(ready, t);
      io.ready_count = static_cast<uint16_t>(now_ready);
      if (dma.all_tiles_done() && dma.writes_done()) break;
      if (t > limit) throw std::runtime_error("RTL top " + d_.name + " did not finish within " + std::to_string(limit) + " cycles");
      sim_.tick();
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    out.cpu_seconds = thread_cpu_seconds() - cpu0;
    out.simulated_cycles = t;
    out.rtl_cycles = std::max(dma.last_out_done(), dma.writes_end());
    sim_.finish();
  }

 private:
  // One write through the host port (a pulse of host_clk between two edges of clk).
  template <class Wide>
  static void set_bits(Wide& w, int lsb, int width, uint64_t value) {
    for (int i = 0; i < width; ++i)
      if ((value >> i) & 1u) w[static_cast<size_t>((lsb + i) / 32)] |= 1u << ((lsb + i) % 32);
  }
  // host_sel: what the write is (accel_top's host port).
  enum HostTarget : uint8_t { kCommand = 0, kScaleRow = 1, kWeightScaleRow = 2, kTileWeightScaleRow = 3 };
  void host_write(HostTarget target, int64_t addr) {
    auto& io = sim_.io();
    io.host_we = 1;
    io.host_sel = target;
    io.host_addr = static_cast<uint16_t>(addr);
    io.host_clk = 1;
    io.eval();
    io.host_clk = 0;
    io.host_we = 0;
    io.eval();
  }
  void clear_host_data() {
    auto& io = sim_.io();
    for (size_t i = 0; i < sizeof(io.host_data) / sizeof(io.host_data[0]); ++i) io.host_data[i] = 0;
  }

  // Commands (field positions of accel_controller's command()), output scale rows and the
  // dequant-mac designs' weight-scale tables, all through the host port.
  void load_commands() {
    auto& io = sim_.io();
    for (size_t i = 0; i < s_.program.commands.size(); ++i) {
      const TopCommand& c = s_.program.commands[i];
      clear_host_data();
      // Field positions of accel_controller's command() / accel_controller_os's (w_step and a
      // 16-bit kt where the WS command has w_bytes and an 8-bit kt).
      set_bits(io.host_data, 148, 32, c.w_addr);
      if (d_.output_stationary) {
        set_bits(io.host_data, 140, 8, c.w_step);
        set_bits(io.host_data, 132, 8, c.ct);
        set_bits(io.host_data, 116, 16, c.kt);
      } else {
        set_bits(io.host_data, 132, 16, c.w_bytes);
        set_bits(io.host_data, 124, 8, c.kt);
        set_bits(io.host_data, 116, 8, c.ct);
      }
      set_bits(io.host_data, 100, 16, c.mt);
      set_bits(io.host_data, 68, 32, c.x_addr);
      set_bits(io.host_data, 36, 32, c.x_stride);
      set_bits(io.host_data, 20, 16, c.acc_row);
      set_bits(io.host_data, 4, 16, c.scale_row);
      set_bits(io.host_data, 0, 4, c.flags);
      host_write(kCommand, static_cast<int64_t>(i));
    }
    const int64_t n_tiles = s_.plan->n_tiles();
    if (d_.w_decode == kDequantFp16) {  // dequant-mac's weight-scale tables
      const DequantTables& dq = s_.dequant;
      const size_t tiles = d_.output_stationary ? dq.tile_entry.size() : dq.tile_row.size();
      if (static_cast<int64_t>(dq.rows.size()) > d_.scale_rows || static_cast<int64_t>(tiles) > d_.max_commands)
        throw std::invalid_argument("RTL top " + d_.name + ": the weight-scale tables need " +
                                    std::to_string(dq.rows.size()) + " rows and " + std::to_string(tiles) +
                                    " tiles; the design holds " + std::to_string(d_.scale_rows) + " and " +
                                    std::to_string(d_.max_commands));
      for (size_t i = 0; i < tiles; ++i) {
        clear_host_data();
        // accel_weight_dequant: the tile's scale row; accel_weight_dequant_os: {log2 G, k0 mod G, row}.
        if (d_.output_stationary) set_bits(io.host_data, 0, 36, dq.tile_entry[i]);
        else set_bits(io.host_data, 0, 16, dq.tile_row[i]);
        host_write(kTileWeightScaleRow, static_cast<int64_t>(i));
      }
      for (size_t r = 0; r < dq.rows.size(); ++r) {
        clear_host_data();
        for (size_t c = 0; c < dq.rows[r].size(); ++c) set_bits(io.host_data, static_cast<int>(16 * c), 16, dq.rows[r][c]);
        host_write(kWeightScaleRow, static_cast<int64_t>(r));
      }
    }
    if (d_.w_decode == kSlimWidths)  // each scale row's column widths (width - 1 in 2 bits)
      for (int64_t g = 0; g < s_.groups; ++g)
        for (int64_t nt = 0; nt < n_tiles; ++nt) {
          clear_host_data();
          for (int c = 0; c < d_.cols && nt * d_.cols + c < s_.job.n; ++c) {
            const int width = s_.slim_tag_width ? s_.slim_tag_width : s_.codes.width_of(nt * d_.cols + c, g * s_.plan->group());
            set_bits(io.host_data, 2 * c, 2, static_cast<uint64_t>(width - 1));
          }
          host_write(kWeightScaleRow, g * n_tiles + nt);
        }
    if (d_.float_dequant) {  // the token scale of each output-buffer row (n_tile * M + m), bit 15 set
      const std::vector<float>& token = s_.ops.activations->scales;
      for (int64_t nt = 0; nt < n_tiles; ++nt)
        for (int64_t m = 0; m < s_.job.m; ++m) {
          clear_host_data();
          uint32_t bits;
          const int64_t from = s_.shifted_token_scales ? (m + 1) % s_.job.m : m;
          std::memcpy(&bits, &token[static_cast<size_t>(from)], sizeof bits);
          io.host_data[0] = bits;
          host_write(kScaleRow, 0x8000 | (nt * s_.job.m + m));
        }
    }
    for (int64_t g = 0; g < s_.groups; ++g)
      for (int64_t nt = 0; nt < n_tiles; ++nt) {
        clear_host_data();
        for (int c = 0; c < d_.cols; ++c) {
          const int64_t n = nt * d_.cols + c;
          io.host_data[static_cast<size_t>(c)] = n < s_.job.n ? s_.scales[static_cast<size_t>(n * s_.groups + g)] : 0u;
        }
        host_write(kScaleRow, g * n_tiles + nt);
      }
  }

  // The DMA port moves at most DMA_BYTES per cycle; the DRAM must not deliver faster, or a
  // tile could be ready before its bytes are in (check_written would then throw).
  static void check_dma_port(const sim::DramTiming& dram) {
    const int64_t probe = int64_t{1} << 20;
    const double peak = static_cast<double>(probe) / static_cast<double>(dram.channel().transfer_cycles(probe));
    if (peak > static_cast<double>(Top::DMA_BYTES))
      throw std::invalid_argument("RTL top: the DRAM delivers " + std::to_string(peak) +
                                  " bytes per cycle, more than the DMA write port's DMA_BYTES = " +
                                  std::to_string(Top::DMA_BYTES));
  }

  // A run of consecutive buffer bytes the DMA writes, in the order the DRAM delivers them.
  struct DmaRun {
    bool activations = false;
    int64_t address = 0;
    std::vector<uint8_t> bytes;
    int64_t* written = nullptr;  // set to 1 once the run's last byte is written
  };

  // The DMA's bytes for a read it issues (packed weight tiles or X rows, at the plan's buffer
  // addresses, the same addresses the simulator's SRAM model times) join the port's queue.
  void fill(sim::DmaRead::Kind kind, int64_t index) {
    const sim::TilePlan& plan = *s_.plan;
    const int64_t k = s_.job.k;
    if (kind == sim::DmaRead::Kind::Weights) {
      for (const size_t i : s_.weight_load_tiles[static_cast<size_t>(index)]) {
        const TopTile& tile = s_.program.tiles[i];
        const sim::TileRef& t = tile.ref;
        const int64_t bytes = plan.tile_weight_bytes(t);
        DmaRun run{false, plan.weight_address(t.w_load, tile.w_offset), {}, &weights_written_[{t.w_load, tile.w_offset}]};
        *run.written = 0;
        if (d_.output_stationary) {  // K-row r at byte r * w_step, element c after the widths before it
          run.bytes.assign(static_cast<size_t>(bytes), 0);
          const int64_t w_step = s_.program.commands[i].w_step;
          for (int64_t r = 0; r < t.kt; ++r) {
            int64_t at = r * w_step * 8;
            for (int64_t c = 0; c < t.ct; ++c) {
              const uint32_t code = s_.codes.w[static_cast<size_t>((t.n0 + c) * k + t.k0 + r)];
              const int bits = s_.codes.width_of(t.n0 + c, t.k0 + r);
              for (int b = 0; b < bits; ++b, ++at)  // bit by bit: 3-bit codes cross byte boundaries
                if ((code >> b) & 1u) run.bytes[static_cast<size_t>(at / 8)] |= static_cast<uint8_t>(1u << (at % 8));
            }
          }
          queue_.push_back(std::move(run));
          continue;
        }
        run.bytes = pack_weight_tile(s_.codes, t, bytes);
        queue_.push_back(std::move(run));
      }
      return;
    }
    const sim::ActivationLoad& l = plan.activation_loads()[static_cast<size_t>(index)];
    const int64_t m0 = l.m_blk * plan.mapping().m_block, rows = plan.m_block_rows(l.m_blk);
    const int64_t k0 = l.k_tile0 * plan.tile_k(), k1 = std::min(k, (l.k_tile0 + l.k_tiles) * plan.tile_k());
    int64_t& written = activations_written_[index];
    written = 0;
    // In address order (row-major when weight-stationary, K-major when output-stationary), so
    // consecutive bytes join one run of the DMA port.
    const bool k_major = plan.output_stationary();
    for (int64_t outer = 0; outer < (k_major ? k1 - k0 : rows); ++outer)
      for (int64_t inner = 0; inner < (k_major ? rows : k1 - k0); ++inner) {
        const int64_t m = k_major ? inner : outer, kk = k0 + (k_major ? outer : inner);
        const int64_t address = plan.activation_address(index, m, kk);
        const uint16_t code = s_.codes.act[static_cast<size_t>((m0 + m) * k + kk)];
        if (queue_.empty() || queue_.back().written != &written || !queue_.back().activations ||
            queue_.back().address + static_cast<int64_t>(queue_.back().bytes.size()) != address)
          queue_.push_back(DmaRun{true, address, {}, &written});
        for (int b = 0; b < s_.codes.act_bytes; ++b) queue_.back().bytes.push_back(static_cast<uint8_t>(code >> (8 * b)));
      }
  }

  // This cycle's DMA write: the next DMA_BYTES (or fewer) bytes of the queue's first run.
  void drive_dma_port() {
    auto& io = sim_.io();
    io.dma_we = 0;
    if (queue_.empty()) return;
    DmaRun& run = queue_.front();
    const int64_t port = s_.dma_port_bytes > 0 ? std::min<int64_t>(s_.dma_port_bytes, Top::DMA_BYTES) : Top::DMA_BYTES;
    const int64_t n = std::min<int64_t>(port, static_cast<int64_t>(run.bytes.size()) - run_pos_);
    for (size_t i = 0; i < sizeof(io.dma_data) / sizeof(io.dma_data[0]); ++i) io.dma_data[i] = 0;
    for (int64_t j = 0; j < n; ++j)
      io.dma_data[static_cast<size_t>(j / 4)] |= uint32_t{run.bytes[static_cast<size_t>(run_pos_ + j)]} << (8 * (j % 4));
    io.dma_we = 1;
    io.dma_sel = run.activations ? 1 : 0;
    io.dma_addr = static_cast<uint32_t>(run.address + run_pos_);
    io.dma_len = static_cast<uint8_t>(n);
    run_pos_ += n;
    if (run_pos_ == static_cast<int64_t>(run.bytes.size())) {
      run_pos_ = 0;
      // The last run of a read marks it written (runs of one read are queued together).
      if (queue_.size() == 1 || queue_[1].written != run.written) *run.written = 1;
      queue_.pop_front();
    }
  }

  // Tile `tile` becomes ready for cycle t + 1: its weight bytes and X rows must be in the
  // buffers by this cycle's edge.
  void check_written(int64_t tile, int64_t t) {
    const TopTile& tt = s_.program.tiles[static_cast<size_t>(tile)];
    const auto w = weights_written_.find({tt.ref.w_load, tt.w_offset});
    const auto x = activations_written_.find(tt.ref.x_load);
    if (w == weights_written_.end() || w->second != 1 || x == activations_written_.end() || x->second != 1)
      throw std::logic_error("RTL top " + d_.name + ": tile " + std::to_string(tile) + " is ready at cycle " +
                             std::to_string(t + 1) + " before the DMA port (" + std::to_string(Top::DMA_BYTES) +
                             " bytes per cycle) has written its operands");
  }

  void collect(int64_t t, TopDma& dma, TopGemmResult& out) {
    auto& io = sim_.io();
    if (io.load_done) dma.load_done(io.load_done_tile, t);
    if (io.stream_done) dma.stream_done(io.stream_done_tile, t);
    if (io.done_a) dma.tile_done(io.done_a_tile, t);
    if (io.done_b) dma.tile_done(io.done_b_tile, t);
    if (io.grp_valid) group_out(io.grp_tile, io.grp_row, io.grp_p, out);
    if (io.y_valid) y_out(io.y_tile, io.y_row, io.y_data, out);
  }

  template <class Wide>
  void group_out(uint16_t tile_index, uint16_t row, const Wide& p, TopGemmResult& out) {
    const TopTile& tile = s_.program.tiles.at(tile_index);
    const sim::TileRef& t = tile.ref;
    const int64_t m = t.m0 + row;
    if (d_.float_lane) {
      std::vector<float> lane(static_cast<size_t>(t.ct));
      for (int64_t c = 0; c < t.ct; ++c) {
        const uint32_t bits = word(p, static_cast<size_t>(c));
        std::memcpy(&lane[static_cast<size_t>(c)], &bits, sizeof bits);
        const int64_t n = t.n0 + c;
        const float expected = s_.float_p[static_cast<size_t>((m * s_.job.n + n) * s_.groups + tile.group)];
        out.values.compare_lazy(std::memcmp(&lane[static_cast<size_t>(c)], &expected, sizeof expected) == 0, [&] {
          return "P[m=" + std::to_string(m) + "][n=" + std::to_string(n) + "][g=" + std::to_string(tile.group) +
                 "]: rtl " + float_bits(lane[static_cast<size_t>(c)]) + ", simulator " + float_bits(expected);
        });
        ++seen_[{m, n}].groups;
      }
      s_.epilogue->fold_group(m, t.n0, static_cast<int>(t.ct), tile.group, lane.data());
      return;
    }
    std::vector<int32_t> lane(static_cast<size_t>(t.ct));
    for (int64_t c = 0; c < t.ct; ++c) {
      lane[static_cast<size_t>(c)] = static_cast<int32_t>(word(p, static_cast<size_t>(c)));
      const int64_t n = t.n0 + c;
      const int64_t expected = exact_group_sum(s_, m, n, tile.group);
      out.values.compare_lazy(lane[static_cast<size_t>(c)] == expected, [&] {
        return "P[m=" + std::to_string(m) + "][n=" + std::to_string(n) + "][g=" + std::to_string(tile.group) +
               "]: rtl " + std::to_string(lane[static_cast<size_t>(c)]) + ", exact " + std::to_string(expected);
      });
      ++seen_[{m, n}].groups;
    }
    s_.epilogue->fold_group(m, t.n0, static_cast<int>(t.ct), tile.group, lane.data());
  }

  template <class Wide>
  void y_out(uint16_t tile_index, uint16_t row, const Wide& y, TopGemmResult& out) {
    const sim::TileRef& t = s_.program.tiles.at(tile_index).ref;
    const int64_t m = t.m0 + row;
    for (int64_t c = 0; c < t.ct; ++c) {
      const int64_t n = t.n0 + c;
      const uint64_t lo = word(y, static_cast<size_t>(2 * c));
      const uint64_t hi = word(y, static_cast<size_t>(2 * c + 1));
      const auto got = static_cast<int64_t>(lo | (hi << 32));
      if (d_.float_lane || d_.float_dequant) {  // y = fl32(y + fl32(s * P)) over the groups, in K order, from +0
        float expected_y = 0.0f;
        for (int64_t g = 0; g < s_.groups; ++g) {
          float scale;
          std::memcpy(&scale, &s_.scales[static_cast<size_t>(n * s_.groups + g)], sizeof scale);
          expected_y = d_.float_lane
                           ? mixsim::pe::GroupDequant::accumulate_float_acts(
                                 expected_y, scale, s_.float_p[static_cast<size_t>((m * s_.job.n + n) * s_.groups + g)])
                           : mixsim::pe::GroupDequant::accumulate_float_scale(
                                 expected_y, scale, static_cast<int32_t>(exact_group_sum(s_, m, n, g)));
        }
        float y32;
        const auto bits = static_cast<uint32_t>(got);
        std::memcpy(&y32, &bits, sizeof y32);
        s_.rtl_y[static_cast<size_t>(m * s_.job.n + n)] = y32;
        if (!s_.rtl_out.empty()) {  // the output unit's token multiply, in the high word
          const auto out_bits = static_cast<uint32_t>(hi);
          std::memcpy(&s_.rtl_out[static_cast<size_t>(m * s_.job.n + n)], &out_bits, sizeof(float));
        }
        out.values.compare_lazy(std::memcmp(&y32, &expected_y, sizeof y32) == 0, [&] {
          return "y[m=" + std::to_string(m) + "][n=" + std::to_string(n) + "]: rtl " + float_bits(y32) +
                 ", simulator's fold " + float_bits(expected_y);
        });
        ++seen_[{m, n}].outputs;
        continue;
      }
      int64_t expected = 0;
      for (int64_t g = 0; g < s_.groups; ++g)
        expected += int64_t{s_.scales[static_cast<size_t>(n * s_.groups + g)]} * exact_group_sum(s_, m, n, g);
      out.values.compare_lazy(got == expected, [&] {
        return "y_int[m=" + std::to_string(m) + "][n=" + std::to_string(n) + "]: rtl " + std::to_string(got) +
               ", exact " + std::to_string(expected);
      });
      ++seen_[{m, n}].outputs;
    }
  }

 private:
  const TopDesign& d_;
  Setup& s_;
  VerilatedSim<Model> sim_;
  std::deque<DmaRun> queue_;
  int64_t run_pos_ = 0;  // bytes of queue_.front() already written
  std::map<std::pair<int64_t, int64_t>, int64_t> weights_written_;  // (weight load, offset) -> 1 once written
  std::map<int64_t, int64_t> activations_written_;                  // activation load -> 1 once written
};

template <class Model>
void run_on(const TopDesign& d, Setup& s, const std::string& vcd, TopGemmResult& out) {
  TopRun<Model> run(d, s, vcd);
  run.run(out);
  // Every output got every group and one final y.
  for (int64_t m = 0; m < s.job.m; ++m)
    for (int64_t n = 0; n < s.job.n; ++n) {
      const auto it = run.seen_.find({m, n});
      const int64_t groups = it == run.seen_.end() ? 0 : it->second.groups;
      const int64_t outputs = it == run.seen_.end() ? 0 : it->second.outputs;
      out.values.compare(groups == s.groups && outputs == 1,
                         "output (m=" + std::to_string(m) + ", n=" + std::to_string(n) + ") got " +
                             std::to_string(groups) + " group sums of " + std::to_string(s.groups) + " and " +
                             std::to_string(outputs) + " final outputs of 1");
    }
}

}  // namespace

TopGemmResult run_top_gemm(const TopDesign& d, const TopGemmCase& c, const std::string& vcd_path) {
  Setup s;
  prepare(d, c, s);
  TopGemmResult out;
  out.mapping = sim::to_string(*s.job.mapping);
  out.tiles = static_cast<int64_t>(s.program.tiles.size());
  const std::string what = d.name + " " + c.recipe + " M=" + std::to_string(c.m) + " N=" + std::to_string(c.n) +
                           " K=" + std::to_string(c.k) + " seed=" + std::to_string(c.seed) + " mapping [" +
                           out.mapping + "]" + (c.simple_dram ? " dram=simple" : " dram=bank");
  out.values.name = "top.values";
  out.values.detail = what;
  out.cycles.name = "top.cycles";
  out.cycles.detail = what;
  const sim::GemmSimResult model =
      sim::simulate_gemm(s.config.hardware, s.config.energy, s.job, sim::SimMode::Cycle);
  out.systemc_cycles = model.cycles;
  if (d.name == "mixpe-32x8") run_on<Vaccel_top_mixpe_32x8>(d, s, vcd_path, out);
  else if (d.name == "mixpe-64x4") run_on<Vaccel_top_mixpe_64x4>(d, s, vcd_path, out);
  else if (d.name == "mixpe-fs-64x4") run_on<Vaccel_top_mixpe_fs_64x4>(d, s, vcd_path, out);
  else if (d.name == "slim-mixed-64x4") run_on<Vaccel_top_slim_mixed_64x4>(d, s, vcd_path, out);
  else if (d.name == "int8-mac-16x16") run_on<Vaccel_top_int8_mac_16x16>(d, s, vcd_path, out);
  else if (d.name == "int4-mac-32x8") run_on<Vaccel_top_int4_mac_32x8>(d, s, vcd_path, out);
  else if (d.name == "mixpe-32x32") run_on<Vaccel_top_mixpe_32x32>(d, s, vcd_path, out);
  else if (d.name == "mixpe-os-64x4") run_on<Vaccel_top_os_mixpe_64x4>(d, s, vcd_path, out);
  else if (d.name == "int8-mac-os-16x16") run_on<Vaccel_top_os_int8_mac_16x16>(d, s, vcd_path, out);
  else if (d.name == "int4-mac-os-64x4") run_on<Vaccel_top_os_int4_mac_64x4>(d, s, vcd_path, out);
  else if (d.name == "fp16-mac-os-8x8") run_on<Vaccel_top_os_fp16_mac_8x8>(d, s, vcd_path, out);
  else if (d.name == "mixpe-fp16-os-64x2") run_on<Vaccel_top_os_mixpe_fp16_64x2>(d, s, vcd_path, out);
  else if (d.name == "mixpe-bf16-os-32x4") run_on<Vaccel_top_os_mixpe_bf16_32x4>(d, s, vcd_path, out);
  else if (d.name == "mixpe-fp8-os-16x8") run_on<Vaccel_top_os_mixpe_fp8_16x8>(d, s, vcd_path, out);
  else if (d.name == "fp8-mac-e4m3-os-8x8") run_on<Vaccel_top_os_fp8_mac_e4m3_8x8>(d, s, vcd_path, out);
  else if (d.name == "fp8-mac-e5m2-os-8x8") run_on<Vaccel_top_os_fp8_mac_e5m2_8x8>(d, s, vcd_path, out);
  else if (d.name == "lut-gemm-os-64x2") run_on<Vaccel_top_os_lut_gemm_64x2>(d, s, vcd_path, out);
  else if (d.name == "slim-mixed-os-64x4") run_on<Vaccel_top_os_slim_mixed_64x4>(d, s, vcd_path, out);
  else if (d.name == "mx-fp4-os-16x8" || d.name == "nv-fp4-os-16x8") run_on<Vaccel_top_os_fp4_16x8>(d, s, vcd_path, out);
  else if (d.name == "dequant-mac-fp16-os-8x8") run_on<Vaccel_top_os_dequant_mac_fp16_8x8>(d, s, vcd_path, out);
  else if (d.name == "dequant-mac-int8-os-8x8") run_on<Vaccel_top_os_dequant_mac_int8_8x8>(d, s, vcd_path, out);
  else if (d.name == "dequant-mac-fp16-os-64x2") run_on<Vaccel_top_os_dequant_mac_fp16_64x2>(d, s, vcd_path, out);
  else if (d.name == "mixpe-os-64x4-fault-minrows") run_on<Vaccel_top_os_fault_minrows>(d, s, vcd_path, out);
  else if (d.name == "dequant-mac-fp16-os-8x8-fault-group")
    run_on<Vaccel_top_os_fault_dequant_group>(d, s, vcd_path, out);
  else if (d.name == "fp16-mac-8x8") run_on<Vaccel_top_fp16_mac_8x8>(d, s, vcd_path, out);
  else if (d.name == "mixpe-fp16-64x2") run_on<Vaccel_top_mixpe_fp16_64x2>(d, s, vcd_path, out);
  else if (d.name == "mixpe-bf16-32x4") run_on<Vaccel_top_mixpe_bf16_32x4>(d, s, vcd_path, out);
  else if (d.name == "mixpe-fp8-16x8") run_on<Vaccel_top_mixpe_fp8_16x8>(d, s, vcd_path, out);
  else if (d.name == "fp8-mac-e4m3-8x8") run_on<Vaccel_top_fp8_mac_e4m3_8x8>(d, s, vcd_path, out);
  else if (d.name == "fp8-mac-e5m2-8x8") run_on<Vaccel_top_fp8_mac_e5m2_8x8>(d, s, vcd_path, out);
  else if (d.name == "dequant-mac-fp16-8x8") run_on<Vaccel_top_dequant_mac_fp16_8x8>(d, s, vcd_path, out);
  else if (d.name == "dequant-mac-int8-8x8") run_on<Vaccel_top_dequant_mac_int8_8x8>(d, s, vcd_path, out);
  else if (d.name == "lut-gemm-64x2") run_on<Vaccel_top_lut_gemm_64x2>(d, s, vcd_path, out);
  else if (d.name == "mx-fp4-16x8" || d.name == "nv-fp4-16x8") run_on<Vaccel_top_fp4_16x8>(d, s, vcd_path, out);
  else if (d.name == "nv-fp4-32x4" || d.name == "mx-fp4-32x4") run_on<Vaccel_top_nv_fp4_32x4>(d, s, vcd_path, out);
  else if (d.name == "mixpe-32x8-fault-kloop") run_on<Vaccel_top_fault_kloop>(d, s, vcd_path, out);
  else if (d.name == "mixpe-32x8-fault-group") run_on<Vaccel_top_fault_group>(d, s, vcd_path, out);
  else if (d.name == "mixpe-32x8-fault-nostall") run_on<Vaccel_top_fault_nostall>(d, s, vcd_path, out);
  else if (d.name == "fp16-mac-8x8-fault-ties") run_on<Vaccel_top_fault_float_ties>(d, s, vcd_path, out);
  else throw std::invalid_argument("no verilated model for RTL top design " + d.name);
  out.cycles.compare(out.rtl_cycles == out.systemc_cycles,
                     "RTL " + std::to_string(out.rtl_cycles) + " cycles, SystemC " + std::to_string(out.systemc_cycles));
  // Y: the PE's epilogue on the RTL's P, against SystemC's Y (bits) and the golden model.
  const MatrixF32& systemc_y = *model.values;
  const bool quantized = s.job.operands != nullptr;
  const MatrixF32 golden = quantized ? golden_gemm(s.ops) : MatrixF32();
  const sim::CheckMethod method = sim::check_method_for(d.pe, c.recipe);
  const bool bit_exact = method == sim::CheckMethod::BitExact;
  MatrixF32 rtl_y(c.m, c.n);
  for (int64_t m = 0; m < c.m; ++m)
    for (int64_t n = 0; n < c.n; ++n) rtl_y(m, n) = s.epilogue->output(m, n);
  if (!bit_exact) {  // the simulator's own value check (sim/run/run_value_check.hpp), on the RTL's Y
    const MatrixF64 reference = quantized ? reference_gemm_f64(s.ops)
                                          : workloads::reference_product_f64(fp16_round_matrix(s.x),
                                                                             fp16_round_matrix(s.w));
    const sim::ValueCheck check = sim::check_values(method, c.k, rtl_y, quantized ? &golden : nullptr, reference);
    out.values.compare(check.passed, "Y vs FP64 reference: rel_fro " + std::to_string(check.vs_reference.rel_fro) +
                                         ", tolerance " + std::to_string(check.tolerance));
  }
  if (s.float_group_scales) {
    // Y from the RTL's own group fold: with FLOAT_DEQUANT the RTL's token multiply too; the float
    // lanes' per-token scale (E4M3 activations) in C++.
    const std::vector<float>* token_scales = s.ops.activations_fp8 ? &s.ops.activations_fp8->scales : nullptr;
    for (int64_t m = 0; m < c.m; ++m)
      for (int64_t n = 0; n < c.n; ++n) {
        const float y32 = s.rtl_y[static_cast<size_t>(m * c.n + n)];
        const float y = d.float_dequant ? s.rtl_out[static_cast<size_t>(m * c.n + n)]
                        : token_scales ? mixsim::pe::GroupDequant::finish_float_scale(y32, (*token_scales)[static_cast<size_t>(m)])
                                       : y32;
        out.values.compare_lazy(std::memcmp(&y, &systemc_y(m, n), sizeof y) == 0, [&] {
          return "Y[" + std::to_string(m) + "][" + std::to_string(n) + "] from the RTL's y: " + float_bits(y) +
                 ", SystemC " + float_bits(systemc_y(m, n));
        });
      }
  }
  for (int64_t m = 0; m < c.m; ++m)
    for (int64_t n = 0; n < c.n; ++n) {
      const float y = rtl_y(m, n);
      out.values.compare_lazy(std::memcmp(&y, &systemc_y(m, n), sizeof y) == 0, [&] {
        return "Y[" + std::to_string(m) + "][" + std::to_string(n) + "]: rtl " + std::to_string(y) + ", SystemC " +
               std::to_string(systemc_y(m, n));
      });
      if (bit_exact)
        out.values.compare_lazy(std::memcmp(&y, &golden(m, n), sizeof y) == 0, [&] {
          return "Y[" + std::to_string(m) + "][" + std::to_string(n) + "]: rtl " + std::to_string(y) + ", golden " +
                 std::to_string(golden(m, n));
        });
    }
  return out;
}

}  // namespace mixsim::rtl
