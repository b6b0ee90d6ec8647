#include "reports/write_reports.hpp"

#include <utility>

#include "reports/atomic_file.hpp"
#include "reports/chart_specs.hpp"
#include "reports/chartjs_library.hpp"
#include "reports/csv_table.hpp"
#include "reports/end_to_end_tables.hpp"
#include "reports/html_report.hpp"
#include "reports/markdown_report.hpp"
#include "reports/report_error.hpp"
#include "reports/report_input.hpp"

namespace mixsim::reports {

std::vector<std::string> write_reports(const std::vector<nlohmann::json>& results,
                                       const std::optional<nlohmann::json>& gpu,
                                       const std::filesystem::path& out_dir) {
  return write_reports(results, gpu, out_dir, {});
}

std::vector<std::string> write_reports(const std::vector<nlohmann::json>& results,
                                       const std::optional<nlohmann::json>& gpu,
                                       const std::filesystem::path& out_dir,
                                       const std::vector<std::string>& input_names) {
  ReportInput input = read_report_input(results, gpu, input_names);
  // A generate-only results file (workload.generate without phases) has no per-phase runs: its
  // report holds the end-to-end sections only.
  std::vector<Table> tables = input.runs.empty() ? std::vector<Table>{} : all_tables(input);
  std::vector<ChartSpec> charts = input.runs.empty() ? std::vector<ChartSpec>{} : chart_specs(input);
  for (auto& t : end_to_end_tables(input)) tables.push_back(std::move(t));
  for (auto& c : end_to_end_charts(input)) charts.push_back(std::move(c));
  std::vector<std::pair<std::string, std::string>> files;  // name, bytes
  files.emplace_back("report.html", html_report(input, tables, charts, chartjs_source()));
  files.emplace_back("report.md", markdown_report(input, tables));
  for (const auto& t : tables) {
    bool optional_section = t.id == "area" || t.id == "designs" || t.id == "gpu";
    if (optional_section && t.rows.empty()) continue;  // absent section: no empty CSV
    files.emplace_back(t.id + ".csv", to_csv(t));
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) throw ReportError("cannot create output folder '" + out_dir.string() + "': " + ec.message());
  std::vector<std::string> names;
  for (const auto& [name, bytes] : files) {
    write_file_atomically(out_dir / name, bytes);
    names.push_back(name);
  }
  return names;
}

}  // namespace mixsim::reports
