#include "rtl/harness/top/top_area.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace mixsim::rtl {
namespace {

constexpr double kDffUm2 = 4.522;  // DFF_X1 of rtl/lib/mixsim45.lib (NanGate 45 nm site area)

int clog2(int v) {
  int b = 0;
  while ((1 << b) < v) ++b;
  return b;
}

CellFlowResult flow(const CellFlowTools& tools, const std::string& name, const std::string& module,
                    std::vector<std::string> files, std::map<std::string, int> params) {
  return run_cell_flow({name, module, std::move(files), std::move(params)}, tools);
}

}  // namespace

namespace {

using PartFilter = std::function<bool(const char*)>;

// The per-column dequant (group_dequant_unit x C) and accel_output_unit with psum-bit column
// sums; both tops share it (the output-stationary top's sums are its ACC_WIDTH = 32 bits).
TopAreaPart dequant_part(const TopDesign& d, int psum, const CellFlowTools& tools) {
  // The per-column scale multiply-accumulate is synthesized as group_dequant_unit (the same
  // arithmetic: 32-bit P x 32-bit unsigned scale into a 64-bit accumulator) x C, plus the output
  // unit itself for the group adds, the pipeline and its 2-row memories (their scale rows have a
  // host write port, so synthesis keeps the scale multipliers).
  const CellFlowResult column = flow(tools, "group-dequant-32", "group_dequant_unit", {"rtl/group_dequant_unit.v"},
                                     {{"PSUM_WIDTH", 32}, {"S_WIDTH", 32}, {"OUT_WIDTH", 64}});
  const CellFlowResult out = flow(tools, "accel-output-unit", "accel_output_unit", {"rtl/fp32_add.v", "rtl/fp32_mul.v", "rtl/int32_to_fp32.v", "rtl/delay_line.v", "rtl/top/accel_output_unit.v"},
                                  {{"COLS", d.cols}, {"PSUM_WIDTH", psum}, {"DQ_LATENCY", d.dequant_latency},
                                   {"OUT_ROWS", 2}, {"SCALE_ROWS", 2}});
  return {"dequant",
          std::to_string(d.cols) + " x group_dequant_unit (32-bit P x 32-bit scale, 64-bit accumulate) + "
          "accel_output_unit (" + std::to_string(psum) + "-bit column sums, group adds, " +
          std::to_string(d.dequant_latency) + " pipeline stages, 2-row memories)",
          column.area_um2 * d.cols + out.area_um2, std::min(column.fmax_mhz, out.fmax_mhz)};
}

// SRAM bit cells: the same memories in both tops (weight and activation buffers, output
// accumulators, scale rows, 180-bit commands).
TopAreaPart buffers_part(const TopDesign& d) {
  const int64_t bits = (d.weight_buffer.bytes + d.activation_buffer.bytes) * 8 +
                       int64_t{d.out_rows} * d.cols * (32 + 64) + int64_t{d.scale_rows} * d.cols * 32 +
                       int64_t{d.max_commands} * 180;
  return {"buffers",
          std::to_string(bits) + " SRAM bits (weight " + std::to_string(d.weight_buffer.bytes) +
              " B, activation " + std::to_string(d.activation_buffer.bytes) + " B, output accumulators, "
              "scales, commands) x 0.346 um^2 bit cell, no periphery",
          static_cast<double>(bits) * kSramBitCellUm2, 0.0};
}

TopArea finish(TopArea a) {
  a.total_um2 = 0.0;
  a.fmax_mhz = 1e12;
  for (const TopAreaPart& p : a.parts) {
    a.total_um2 += p.area_um2;
    if (p.fmax_mhz > 0.0) a.fmax_mhz = std::min(a.fmax_mhz, p.fmax_mhz);
  }
  return a;
}

// accel_top_os (rtl/top/accel_top_os.v): no tile-tag weight files and no weight loader; the
// array holds one output per cell (acc, shadow, drain register) and the weights stream in per
// K-step through a second row streamer.
TopArea top_area_os(const TopDesign& d, const CellFlowTools& tools, const PartFilter& want) {
  TopArea a;
  a.design = d.name;
  constexpr int kAcc = 32, kA = 8;  // ACC_WIDTH, stored activation bits (integer lanes)
  if (want("array")) {
    const CellFlowResult cell =
        flow(tools, "accel-cell-os", "accel_cell_os",
             {"rtl/shift_add_mul.v", "rtl/shift_add_mul_fp16.v", "rtl/fp16_mul.v", "rtl/fp8_to_fp16.v",
              "rtl/int8_to_fp16.v", "rtl/fp32_add.v", "rtl/top/accel_float_product.v", "rtl/top/accel_cell_os.v"},
             {{"A_WIDTH", kA}, {"W_WIDTH", d.weight_bits}, {"ACC_WIDTH", kAcc},
              {"MUL_SHIFT_ADD", d.shift_add ? 1 : 0}, {"FLOAT_LANE", 0}});
    // accel_array_os: X row r skewed r cycles (activation + valid/end flags), W column c skewed c
    // cycles, column c's sums deskewed C-1-c cycles; accel_top_os's drain sequencer: the 60-bit
    // end tag and its valid bit delayed R + C cycles, then the running row, tag and busy flag.
    int64_t pipe_bits = 0;
    for (int r = 0; r < d.rows; ++r) pipe_bits += int64_t{r} * (kA + 2);
    for (int c = 0; c < d.cols; ++c) pipe_bits += int64_t{c} * d.weight_bits + int64_t{d.cols - 1 - c} * kAcc;
    pipe_bits += int64_t{d.rows + d.cols} * (60 + 1) + 16 + 60 + 1;
    a.parts.push_back({"array",
                       "accel_cell_os x " + std::to_string(d.rows * d.cols) + " (" + std::to_string(cell.flip_flops) +
                           " flip-flops each: accumulator, shadow and drain registers) + " + std::to_string(pipe_bits) +
                           " skew/deskew/drain-tag flip-flops",
                       cell.area_um2 * d.rows * d.cols + static_cast<double>(pipe_bits) * kDffUm2, cell.fmax_mhz});
  }
  if (want("dequant")) a.parts.push_back(dequant_part(d, kAcc, tools));
  if (want("control")) {
    const int ww = d.weight_buffer.banks * d.weight_buffer.ports, aw = d.activation_buffer.banks * d.activation_buffer.ports;
    const int w_row_bytes = (d.cols * d.weight_bits + 7) / 8;
    const CellFlowResult ctrl = flow(tools, "accel-controller-os", "accel_controller_os",
                                     {"rtl/top/accel_controller_os.v"}, {{"ROWS", d.rows}, {"MAX_CMDS", 2}});
    const CellFlowResult x_col =
        flow(tools, "accel-row-streamer-x", "accel_row_streamer", {"rtl/top/accel_row_streamer.v"},
             {{"ROWS", d.rows}, {"WINDOW_WORDS", aw}, {"WIDTH_BYTES", d.activation_buffer.width_bytes}});
    const CellFlowResult w_row =
        flow(tools, "accel-row-streamer-w", "accel_row_streamer", {"rtl/top/accel_row_streamer.v"},
             {{"ROWS", w_row_bytes}, {"WINDOW_WORDS", ww}, {"WIDTH_BYTES", d.weight_buffer.width_bytes}});
    a.parts.push_back({"control",
                       "accel_controller_os (2-entry command buffer) + accel_row_streamer x 2 (X column of " +
                           std::to_string(d.rows) + " B, W row of " + std::to_string(w_row_bytes) + " B)",
                       ctrl.area_um2 + x_col.area_um2 + w_row.area_um2,
                       std::min({ctrl.fmax_mhz, x_col.fmax_mhz, w_row.fmax_mhz})});
  }
  if (want("buffers")) a.parts.push_back(buffers_part(d));
  return finish(std::move(a));
}

}  // namespace

bool top_area_supported(const TopDesign& d) { return !d.float_lane && d.w_decode == kNoDecode && !d.float_dequant; }

TopArea top_area(const TopDesign& d, const CellFlowTools& tools, const std::vector<std::string>& parts) {
  static const std::vector<std::string> kParts = {"array", "dequant", "control", "buffers"};
  for (const std::string& p : parts)
    if (std::find(kParts.begin(), kParts.end(), p) == kParts.end())
      throw std::invalid_argument("area --top: unknown part '" + p + "'; allowed: array, dequant, control, buffers");
  const PartFilter want = [&](const char* part) {
    return parts.empty() || std::find(parts.begin(), parts.end(), part) != parts.end();
  };
  if (!top_area_supported(d)) {
    std::string allowed;
    for (const TopDesign& t : top_designs())
      if (top_area_supported(t) && t.fault == TopFault::None) allowed += (allowed.empty() ? "" : ", ") + t.name;
    throw std::invalid_argument("area of the top's float-lane, weight-decode and FP32-dequant designs (" + d.name +
                                ") is not implemented: the flow synthesizes integer cells without decoders and "
                                "the integer-scale dequant; designs it covers: " + allowed);
  }
  if (d.output_stationary) return top_area_os(d, tools, want);
  TopArea a;
  a.design = d.name;
  const int psum = 8 + d.weight_bits + clog2(d.rows), slot = clog2(d.rows + d.cols);
  const int latency = d.rows + d.cols - 1;
  if (want("array")) {
    const CellFlowResult cell = flow(tools, "accel-cell", "accel_cell", {"rtl/shift_add_mul.v", "rtl/top/accel_cell.v"},
                                     {{"A_WIDTH", 8}, {"W_WIDTH", d.weight_bits}, {"PSUM_WIDTH", psum},
                                      {"SLOT_WIDTH", slot}, {"MUL_SHIFT_ADD", d.shift_add ? 1 : 0}});
    int64_t pipe_bits = 0;
    for (int r = 0; r < d.rows; ++r) pipe_bits += int64_t{r} * (8 + slot);            // input skew
    for (int c = 0; c < d.cols; ++c) pipe_bits += int64_t{d.cols - 1 - c} * psum;     // output deskew
    pipe_bits += int64_t{latency} * (16 * 4 + 5 + 1);                                  // row tags + valid
    a.parts.push_back({"array",
                       "accel_cell x " + std::to_string(d.rows * d.cols) + " (" + std::to_string(cell.flip_flops) +
                           " flip-flops each: " + std::to_string(1 << slot) + "-entry tile-tag weight file) + " +
                           std::to_string(pipe_bits) + " skew/deskew/tag flip-flops",
                       cell.area_um2 * d.rows * d.cols + static_cast<double>(pipe_bits) * kDffUm2, cell.fmax_mhz});
  }
  if (want("dequant")) a.parts.push_back(dequant_part(d, psum, tools));
  if (want("control")) {
    const int ww = d.weight_buffer.banks * d.weight_buffer.ports, aw = d.activation_buffer.banks * d.activation_buffer.ports;
    const CellFlowResult ctrl = flow(tools, "accel-controller", "accel_controller", {"rtl/top/accel_controller.v"},
                                     {{"MAX_CMDS", 2}, {"SLOT_WIDTH", slot}});
    const CellFlowResult loader =
        flow(tools, "accel-weight-loader", "accel_weight_loader", {"rtl/top/accel_weight_loader.v"},
             {{"WINDOW_WORDS", ww}, {"WIDTH_BYTES", d.weight_buffer.width_bytes},
              {"STAGE_BYTES", (d.rows * d.cols * d.weight_bits + 7) / 8}});
    const CellFlowResult streamer =
        flow(tools, "accel-row-streamer", "accel_row_streamer", {"rtl/top/accel_row_streamer.v"},
             {{"ROWS", d.rows}, {"WINDOW_WORDS", aw}, {"WIDTH_BYTES", d.activation_buffer.width_bytes}});
    a.parts.push_back({"control",
                       "accel_controller (2-entry command buffer) + accel_weight_loader (" +
                           std::to_string(loader.flip_flops) + " flip-flops, staging bytes) + accel_row_streamer",
                       ctrl.area_um2 + loader.area_um2 + streamer.area_um2,
                       std::min({ctrl.fmax_mhz, loader.fmax_mhz, streamer.fmax_mhz})});
  }
  if (want("buffers")) a.parts.push_back(buffers_part(d));
  return finish(std::move(a));
}

std::string top_area_json(const TopArea& a) {
  nlohmann::ordered_json doc;
  doc["schema"] = "mixsim.top_area";
  doc["version"] = 1;
  doc["design"] = a.design;
  doc["total_um2"] = a.total_um2;
  doc["fmax_mhz"] = a.fmax_mhz;
  for (const TopAreaPart& p : a.parts)
    doc["parts"].push_back({{"part", p.part}, {"area_um2", p.area_um2}, {"share", p.area_um2 / a.total_um2},
                            {"fmax_mhz", p.fmax_mhz}, {"detail", p.detail}});
  return doc.dump(2) + "\n";
}

}  // namespace mixsim::rtl
