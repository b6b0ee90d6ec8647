#include "sim/run/results_area.hpp"

#include "models/area_table.hpp"

namespace mixsim::sim {

void attach_area(Results& results) {
  const AreaTable table = default_area_table();
  for (const auto& run : results.runs) {
    const auto it = table.designs.find(run.pe);
    if (it != table.designs.end())
      results.area[run.pe] = AreaRecord{it->second.cells, it->second.transistors};
  }
}

}  // namespace mixsim::sim
