#include "rtl/harness/top/top_area.hpp"

#include <algorithm>
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

TopArea top_area(const TopDesign& d, const CellFlowTools& tools) {
  // The parts below are accel_top's (weight-stationary); accel_top_os is not modelled here.
  if (d.output_stationary)
    throw std::invalid_argument("area --top: " + d.name +
                                " is output-stationary (rtl/top/accel_top_os.v); the area breakdown covers the "
                                "weight-stationary top only");
  if (d.float_lane || d.w_decode != kNoDecode || d.float_dequant)
    throw std::invalid_argument("area of the top's float-lane and weight-decode designs (" + d.name +
                                ") is not implemented: the flow synthesizes the integer cell without decoders");
  TopArea a;
  a.design = d.name;
  const int psum = 8 + d.weight_bits + clog2(d.rows), slot = clog2(d.rows + d.cols);
  const int latency = d.rows + d.cols - 1;
  double fmax = 1e12;
  // Array.
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
  fmax = std::min(fmax, cell.fmax_mhz);
  // Dequant: the output unit's scale memory is filled by the DMA (no RTL write port), so a
  // synthesis of accel_output_unit would fold its multipliers away as constants. The per-column
  // scale multiply-accumulate is therefore synthesized as group_dequant_unit (the same
  // arithmetic: 32-bit P x 32-bit unsigned scale into a 64-bit accumulator) x C, plus the output
  // unit itself for the group adds, the pipeline and its 2-row memories.
  const CellFlowResult column = flow(tools, "group-dequant-32", "group_dequant_unit", {"rtl/group_dequant_unit.v"},
                                     {{"PSUM_WIDTH", 32}, {"S_WIDTH", 32}, {"OUT_WIDTH", 64}});
  const CellFlowResult out = flow(tools, "accel-output-unit", "accel_output_unit", {"rtl/fp32_add.v", "rtl/fp32_mul.v", "rtl/int32_to_fp32.v", "rtl/delay_line.v", "rtl/top/accel_output_unit.v"},
                                  {{"COLS", d.cols}, {"PSUM_WIDTH", psum}, {"DQ_LATENCY", d.dequant_latency},
                                   {"OUT_ROWS", 2}, {"SCALE_ROWS", 2}});
  a.parts.push_back({"dequant",
                     std::to_string(d.cols) + " x group_dequant_unit (32-bit P x 32-bit scale, 64-bit accumulate) + "
                     "accel_output_unit (group adds, " + std::to_string(d.dequant_latency) +
                     " pipeline stages, 2-row memories)",
                     column.area_um2 * d.cols + out.area_um2, std::min(column.fmax_mhz, out.fmax_mhz)});
  fmax = std::min({fmax, column.fmax_mhz, out.fmax_mhz});
  // Control.
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
  fmax = std::min({fmax, ctrl.fmax_mhz, loader.fmax_mhz, streamer.fmax_mhz});
  // Buffers (SRAM bit cells).
  const int64_t bits = (d.weight_buffer.bytes + d.activation_buffer.bytes) * 8 +
                       int64_t{d.out_rows} * d.cols * (32 + 64) + int64_t{d.scale_rows} * d.cols * 32 +
                       int64_t{d.max_commands} * 180;
  a.parts.push_back({"buffers",
                     std::to_string(bits) + " SRAM bits (weight " + std::to_string(d.weight_buffer.bytes) +
                         " B, activation " + std::to_string(d.activation_buffer.bytes) + " B, output accumulators, "
                         "scales, commands) x 0.346 um^2 bit cell, no periphery",
                     static_cast<double>(bits) * kSramBitCellUm2, 0.0});
  for (const TopAreaPart& p : a.parts) a.total_um2 += p.area_um2;
  a.fmax_mhz = fmax;
  return a;
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
