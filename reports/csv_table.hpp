#pragma once
// A Table as RFC 4180 CSV: header line, then one line per row, numbers in exact form.
#include <string>

#include "reports/report_tables.hpp"

namespace mixsim::reports {

std::string to_csv(const Table& table);

}  // namespace mixsim::reports
