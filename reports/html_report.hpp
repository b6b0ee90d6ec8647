#pragma once
// report.html: one self-contained page (Chart.js and the data inlined, no network) with a
// chart section per table. After Chart.js has drawn every chart, the page sets
// document.title to "mixsim report: N/N charts drawn" and <body data-charts-drawn="N">, which
// the headless-browser test reads.
#include <string>
#include <vector>

#include "reports/chart_specs.hpp"
#include "reports/report_tables.hpp"

namespace mixsim::reports {

std::string html_report(const ReportInput& in, const std::vector<Table>& tables,
                        const std::vector<ChartSpec>& charts, const std::string& chartjs);

}  // namespace mixsim::reports
