#pragma once
// report.md: the same tables as the CSVs, readable in a terminal or on a code host.
#include <string>
#include <vector>

#include "reports/report_tables.hpp"

namespace mixsim::reports {

std::string markdown_report(const ReportInput& in, const std::vector<Table>& tables);

}  // namespace mixsim::reports
