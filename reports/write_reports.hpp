#pragma once
// Entry point of reports/: results JSON (schema mixsim.results, one or more) plus an optional
// GPU benchmark JSON -> OUT_DIR/report.html, report.md and one CSV per table
// (latency_energy, ratios, energy_breakdown, gemm_utilization, numerics, area, gpu).
// Everything is checked and rendered in memory first; a bad input throws ReportError and
// writes nothing. Each file is written through a temporary file and a rename.
// Same inputs -> same bytes.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mixsim::reports {

// Files written, in order, relative to out_dir.
std::vector<std::string> write_reports(const std::vector<nlohmann::json>& results,
                                       const std::optional<nlohmann::json>& gpu,
                                       const std::filesystem::path& out_dir);

// Same, with the file names of the inputs for error messages.
std::vector<std::string> write_reports(const std::vector<nlohmann::json>& results,
                                       const std::optional<nlohmann::json>& gpu,
                                       const std::filesystem::path& out_dir,
                                       const std::vector<std::string>& input_names);

}  // namespace mixsim::reports
