#pragma once
// Chart.js configurations (plain JSON, no JS callbacks) for every chart of report.html.
// Each chart belongs to one report section and is drawn on its own canvas.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/report_input.hpp"

namespace mixsim::reports {

struct ChartSpec {
  std::string section;  // table id of the section it illustrates, e.g. "latency_energy"
  std::string canvas;   // canvas element id, unique
  nlohmann::json config;  // passed to `new Chart(canvas, config)` as is
};

std::vector<ChartSpec> chart_specs(const ReportInput& in);

}  // namespace mixsim::reports
