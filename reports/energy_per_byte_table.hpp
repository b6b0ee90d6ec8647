#pragma once
// Energy per byte moved at each level of the memory hierarchy (DRAM, the three SRAM buffers,
// PE registers), beside the bytes moved: where the joules of data movement go.
#include "reports/report_tables.hpp"

namespace mixsim::reports {

Table energy_per_byte_table(const ReportInput& in);

}  // namespace mixsim::reports
