// `mixsim report RESULTS.json... --out DIR [--gpu GPU.json]`: report.html, report.md and CSV
// tables from one or more results files (reports/write_reports.hpp does the work).
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "reports/report_error.hpp"
#include "reports/report_input.hpp"
#include "reports/write_reports.hpp"
#include "sim/cli/commands.hpp"

namespace mixsim::cli {
namespace {

struct ReportOptions {
  std::vector<std::string> results;
  std::string out_dir;
  std::string gpu;
};

void run_report(const ReportOptions& options) {
  try {
    std::vector<nlohmann::json> results;
    for (const auto& path : options.results) results.push_back(reports::load_json_file(path));
    std::optional<nlohmann::json> gpu;
    if (!options.gpu.empty()) gpu = reports::load_json_file(options.gpu);
    std::vector<std::string> written =
        reports::write_reports(results, gpu, options.out_dir, options.results);
    for (const auto& name : written) std::printf("%s/%s\n", options.out_dir.c_str(), name.c_str());
  } catch (const reports::ReportError& e) {
    throw CommandError(e.what());
  }
}

}  // namespace

void register_report_command(CLI::App& app) {
  auto options = std::make_shared<ReportOptions>();
  auto* cmd = app.add_subcommand(
      "report", "Write report.html (charts, opens offline), report.md and CSV tables from "
                "results JSON files");
  cmd->add_option("results", options->results, "results.json files written by `mixsim run`")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--out,-o", options->out_dir, "output folder")->required();
  cmd->add_option("--gpu", options->gpu,
                  "GPU benchmark JSON {device, results:[{kernel,m,n,k,median_us,gbps,tops}]}")
      ->check(CLI::ExistingFile);
  cmd->callback([options] { run_report(*options); });
}

}  // namespace mixsim::cli
