// Verilator driver of rtl/top/accel_top.v for whole GEMMs (rtl/harness/top/top_check.hpp).
#include <chrono>
#include <cstdio>
#include <cstring>
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
#include "Vaccel_top_mixpe_64x4.h"
#include "Vaccel_top_mixpe_64x4_accel_top.h"
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

// 32-bit word i of a Verilator vector port: an array of words (> 64 bits) or one integer
// (<= 64 bits, e.g. two columns).
template <class Wide>
uint32_t word(const Wide& v, size_t i) {
  if constexpr (std::is_integral_v<Wide>) return static_cast<uint32_t>(static_cast<uint64_t>(v) >> (32 * i));
  else return static_cast<uint32_t>(v[i]);
}
template <class Wide>
void set_word(Wide& v, size_t i, uint32_t value) {
  if constexpr (std::is_integral_v<Wide>) {
    const uint64_t mask = uint64_t{0xFFFFFFFFu} << (32 * i);
    v = static_cast<Wide>((static_cast<uint64_t>(v) & ~mask) | (uint64_t{value} << (32 * i)));
  } else {
    v[i] = value;
  }
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
  // Per weight load, the tiles whose packed bytes it brings (each once: later steps that reuse
  // the load read the same bytes).
  std::vector<std::vector<size_t>> weight_load_tiles;
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
  const sim::TileGeometry g = sim::TileGeometry::of(hw, s.traits, c.m, c.n, c.k);
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

template <class Model>
class TopRun {
 public:
  using Top = std::remove_pointer_t<decltype(Model::accel_top)>;
  // What each output (m, n) received from the RTL: group sums and final outputs.
  struct Seen { int64_t groups = 0, outputs = 0; };
  std::map<std::pair<int64_t, int64_t>, Seen> seen_;

  TopRun(const TopDesign& d, Setup& s, const std::string& vcd) : d_(d), s_(s), sim_(vcd) {
    if (Top::ROWS != static_cast<uint32_t>(d.rows) || Top::COLS != static_cast<uint32_t>(d.cols) ||
        Top::W_WIDTH != static_cast<uint32_t>(d.weight_bits) ||
        Top::MUL_SHIFT_ADD != (d.shift_add ? 1u : 0u) || Top::FLOAT_LANE != (d.float_lane ? 1u : 0u) ||
        Top::A_WIDTH != static_cast<uint32_t>(d.activation_bits) ||
        Top::W_DECODE != static_cast<uint32_t>(d.w_decode) ||
        (d.float_lane && (Top::A_FORMAT != static_cast<uint32_t>(d.a_format) ||
                          Top::W_FORMAT != static_cast<uint32_t>(d.w_format))) ||
        Top::DQ_LATENCY != static_cast<uint32_t>(d.dequant_latency) ||
        !same_buffer<Top::WBUF_BANKS, Top::WBUF_PORTS, Top::WBUF_WIDTH, Top::WBUF_BYTES>(d.weight_buffer) ||
        !same_buffer<Top::ABUF_BANKS, Top::ABUF_PORTS, Top::ABUF_WIDTH, Top::ABUF_BYTES>(d.activation_buffer))
      throw std::logic_error("verilated model of " + d.name + " was built with other parameters than top_design.cpp");
  }

  void run(TopGemmResult& out) {
    Top& top = *sim_.io().accel_top;
    load_commands(top);
    const sim::HardwareConfig& hw = s_.config.hardware;
    // The channel runs at the bank model's streaming efficiency, as in the simulator's cycle mode.
    const sim::DramCalibration calibration = sim::calibrate_streaming(hw.dram);
    sim::DramTiming dram(hw.dram, hw.clock_ghz, &calibration);
    TopDma dma(*s_.plan, s_.program, dram, [&](sim::DmaRead::Kind kind, int64_t index) { fill(top, kind, index); });
    auto& io = sim_.io();
    io.n_cmds = static_cast<uint16_t>(s_.program.commands.size());
    io.ready_count = 0;
    sim_.reset(d_.dequant_latency + 4);
    const auto t0 = std::chrono::steady_clock::now();
    const int64_t limit = 4 * out.systemc_cycles + 100000;
    int64_t t = 0;
    for (;; ++t) {
      collect(t, dma, out);
      dma.step(t);
      // accel_top registers ready_count: drive the count for cycle t + 1 (a read issued at t + 1
      // cannot have arrived by t + 1, so the reads issued so far decide it).
      io.ready_count = static_cast<uint16_t>(dma.ready_count(t + 1));
      if (dma.all_tiles_done() && dma.writes_done()) break;
      if (t > limit) throw std::runtime_error("RTL top " + d_.name + " did not finish within " + std::to_string(limit) + " cycles");
      sim_.tick();
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    out.simulated_cycles = t;
    out.rtl_cycles = std::max(dma.last_out_done(), dma.writes_end());
    sim_.finish();
  }

 private:
  void load_commands(Top& top) {
    for (size_t i = 0; i < s_.program.commands.size(); ++i) {
      const TopCommand& c = s_.program.commands[i];
      top.u_ctrl__DOT__cmd_w_addr[i] = c.w_addr;
      top.u_ctrl__DOT__cmd_w_bytes[i] = c.w_bytes;
      top.u_ctrl__DOT__cmd_kt[i] = c.kt;
      top.u_ctrl__DOT__cmd_ct[i] = c.ct;
      top.u_ctrl__DOT__cmd_mt[i] = c.mt;
      top.u_ctrl__DOT__cmd_x_addr[i] = c.x_addr;
      top.u_ctrl__DOT__cmd_x_stride[i] = c.x_stride;
      top.u_ctrl__DOT__cmd_acc_row[i] = c.acc_row;
      top.u_ctrl__DOT__cmd_scale_row[i] = c.scale_row;
      top.u_ctrl__DOT__cmd_flags[i] = c.flags;
    }
    const int64_t n_tiles = s_.plan->n_tiles();
    if constexpr (requires { top.u_array__DOT__g_dequant__DOT__u_dequant__DOT__scales; }) {
      const DequantTables& dq = s_.dequant;
      if (dq.rows.size() > std::size(top.u_array__DOT__g_dequant__DOT__u_dequant__DOT__scales.m_storage) ||
          dq.tile_row.size() > std::size(top.u_array__DOT__g_dequant__DOT__u_dequant__DOT__tile_scale_row.m_storage))
        throw std::invalid_argument("RTL top " + d_.name + ": the weight-scale tables do not fit");
      for (size_t i = 0; i < dq.tile_row.size(); ++i)
        top.u_array__DOT__g_dequant__DOT__u_dequant__DOT__tile_scale_row[i] = dq.tile_row[i];
      for (size_t r = 0; r < dq.rows.size(); ++r)
        for (size_t c = 0; c < dq.rows[r].size(); c += 2) {
          const uint32_t pair = dq.rows[r][c] | (c + 1 < dq.rows[r].size() ? uint32_t{dq.rows[r][c + 1]} << 16 : 0u);
          set_word(top.u_array__DOT__g_dequant__DOT__u_dequant__DOT__scales[r], c / 2, pair);
        }
    }
    for (int64_t g = 0; g < s_.groups; ++g)
      for (int64_t nt = 0; nt < n_tiles; ++nt)
        for (int c = 0; c < d_.cols; ++c) {
          const int64_t n = nt * d_.cols + c;
          set_word(top.u_out__DOT__scales[static_cast<size_t>(g * n_tiles + nt)], static_cast<size_t>(c),
                   n < s_.job.n ? s_.scales[static_cast<size_t>(n * s_.groups + g)] : 0u);
        }
  }

  // The DMA's bytes for a read it issues: packed weight tiles or X rows, at the plan's buffer
  // addresses (the same addresses the simulator's SRAM model times).
  void fill(Top& top, sim::DmaRead::Kind kind, int64_t index) {
    const sim::TilePlan& plan = *s_.plan;
    const int64_t k = s_.job.k;
    if (kind == sim::DmaRead::Kind::Weights) {
      for (const size_t i : s_.weight_load_tiles[static_cast<size_t>(index)]) {
        const TopTile& tile = s_.program.tiles[i];
        const sim::TileRef& t = tile.ref;
        const int64_t base = plan.weight_address(t.w_load, tile.w_offset);
        const int64_t bytes = plan.tile_weight_bytes(t);
        const std::vector<uint8_t> packed = pack_weight_tile(s_.codes, t, bytes);
        for (int64_t b = 0; b < bytes; ++b) top.u_wbuf__DOT__mem[static_cast<size_t>(base + b)] = packed[static_cast<size_t>(b)];
      }
      return;
    }
    const sim::ActivationLoad& l = plan.activation_loads()[static_cast<size_t>(index)];
    const int64_t m0 = l.m_blk * plan.mapping().m_block, rows = plan.m_block_rows(l.m_blk);
    const int64_t k0 = l.k_tile0 * plan.tile_k(), k1 = std::min(k, (l.k_tile0 + l.k_tiles) * plan.tile_k());
    for (int64_t m = 0; m < rows; ++m)
      for (int64_t kk = k0; kk < k1; ++kk) {
        const uint16_t code = s_.codes.act[static_cast<size_t>((m0 + m) * k + kk)];
        const auto addr = static_cast<size_t>(plan.activation_address(index, m, kk));
        for (int b = 0; b < s_.codes.act_bytes; ++b)
          top.u_abuf__DOT__mem[addr + static_cast<size_t>(b)] = static_cast<uint8_t>(code >> (8 * b));
      }
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
  else if (d.name == "int8-mac-16x16") run_on<Vaccel_top_int8_mac_16x16>(d, s, vcd_path, out);
  else if (d.name == "int4-mac-32x8") run_on<Vaccel_top_int4_mac_32x8>(d, s, vcd_path, out);
  else if (d.name == "mixpe-32x32") run_on<Vaccel_top_mixpe_32x32>(d, s, vcd_path, out);
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
  else if (d.name == "nv-fp4-32x4") run_on<Vaccel_top_nv_fp4_32x4>(d, s, vcd_path, out);
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
  if (s.float_group_scales) {  // Y from the RTL's own group fold (+ the per-token scale in C++)
    const std::vector<float>* token_scales = d.float_dequant ? &s.ops.activations->scales
                                             : s.ops.activations_fp8 ? &s.ops.activations_fp8->scales
                                                                     : nullptr;
    for (int64_t m = 0; m < c.m; ++m)
      for (int64_t n = 0; n < c.n; ++n) {
        const float y32 = s.rtl_y[static_cast<size_t>(m * c.n + n)];
        const float y = token_scales ? mixsim::pe::GroupDequant::finish_float_scale(y32, (*token_scales)[static_cast<size_t>(m)])
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
