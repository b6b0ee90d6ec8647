#include "reports/markdown_report.hpp"

#include <fmt/format.h>

#include "reports/verdict_block.hpp"

namespace mixsim::reports {
namespace {

std::string markdown_cell(const Cell& cell) {
  std::string text = format_readable(cell);
  std::string escaped;
  for (char c : text) {
    if (c == '|') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

std::string markdown_table(const Table& t) {
  std::string out = "## " + t.title + "\n\n" + t.note + " (`" + t.id + ".csv`)\n\n";
  if (t.rows.empty()) return out + "_None in these results._\n\n";
  out += "|";
  for (const auto& h : t.header) out += " " + h + " |";
  out += "\n|";
  for (size_t i = 0; i < t.header.size(); ++i) out += "---|";
  out += "\n";
  for (const auto& row : t.rows) {
    out += "|";
    for (const auto& cell : row) out += " " + markdown_cell(cell) + " |";
    out += "\n";
  }
  return out + "\n";
}

std::string hardware_lines(const ReportInput& in) {
  std::string out;
  for (const auto& h : in.hardware) {
    out += fmt::format("- `{}`: {}x{} array{}, {} GHz", h.source, h.rows, h.cols,
                       h.dataflow.empty() ? "" : " (" + h.dataflow + ")", h.clock_ghz);
    if (h.dram_bandwidth_gbps) out += fmt::format(", DRAM {} GB/s", *h.dram_bandwidth_gbps);
    out += fmt::format(", peak {:.4g} MAC/s\n", h.peak_macs_per_s());
  }
  return out;
}

}  // namespace

std::string markdown_report(const ReportInput& in, const std::vector<Table>& tables) {
  std::string out = "# mixsim report\n\n";
  out += verdict_markdown(in);  // the verdict first
  out += "Hardware of each results file:\n\n" + hardware_lines(in) + "\n";
  if (in.gpu) out += "GPU measurements: " + in.gpu->device + "\n\n";
  out += "Charts: `report.html` (self-contained, opens offline). Tables: the CSV files next to "
         "this one.\n\n";
  for (const auto& t : tables) out += markdown_table(t);
  return out;
}

}  // namespace mixsim::reports
