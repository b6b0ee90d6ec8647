#pragma once
// The report's end-to-end sections (docs/END_TO_END.md): per design TTFT, TPOT, tokens/s and
// J/token; the latency of every decode step; time and energy by op type and by component; and
// the GPU decode step beside the simulated one. Tables without rows are left out of the report.
#include <vector>

#include "reports/chart_specs.hpp"
#include "reports/report_tables.hpp"

namespace mixsim::reports {

std::vector<Table> end_to_end_tables(const ReportInput& in);
// Latency per generated token over the generation (context growth), op-type and component
// breakdowns, and the GPU comparison.
std::vector<ChartSpec> end_to_end_charts(const ReportInput& in);

}  // namespace mixsim::reports
