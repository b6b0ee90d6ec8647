#pragma once
// Gate-level PE cost from Yosys (models/area_table.cpp) for the PE types a run compares, so
// reports and sweeps can put area next to latency and energy. PEs without RTL are left out.
// `mixsim run` and the Python module's run() both attach it before writing or returning results.
#include "sim/run/results.hpp"

namespace mixsim::sim {

void attach_area(Results& results);

}  // namespace mixsim::sim
