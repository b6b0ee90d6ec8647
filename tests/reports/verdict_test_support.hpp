#pragma once
// The small_results.json fixture with bounds added to every GEMM (it predates the mapper), so
// the verdict block has something to read: decode GEMMs are DRAM-limited (traffic bound 80% of
// their cycles, compute 20%), prefill GEMMs compute-limited (90% / 10%); compulsory bytes are
// half of the DRAM bytes counted. expected_fraction() recomputes a run's fraction of its bound
// from the JSON, independently of reports/verdict_block.cpp.
#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/reports/report_test_support.hpp"

namespace mixsim::reports::testing {

inline nlohmann::json results_with_bounds() {
  nlohmann::json results = load_fixture("small_results.json");
  for (auto& run : results["runs"]) {
    const bool decode = run["phase"] == "decode";
    for (auto& g : run["gemms"]) {
      const auto cycles = g["cycles"].get<int64_t>();
      const int64_t compute = decode ? cycles / 5 : cycles * 9 / 10;
      const int64_t traffic = decode ? cycles * 4 / 5 : cycles / 10;
      const double dram = g["counters"]["dram_read_bytes"].get<double>() +
                          g["counters"]["dram_write_bytes"].get<double>();
      g["mapping"] = {{"text", "order=MNK m=1 n=1 k=1"}, {"pinned", false}};
      g["bounds"] = {{"compute_cycles", compute},
                     {"traffic_cycles", traffic},
                     {"compulsory_bytes", static_cast<int64_t>(dram / 2)},
                     {"limiter", compute >= traffic ? "compute" : "dram"},
                     {"fraction_of_bound", static_cast<double>(std::max(compute, traffic)) / cycles}};
    }
  }
  return results;
}

inline double expected_fraction(const nlohmann::json& run) {
  double bound = 0, cycles = 0;
  for (const auto& g : run["gemms"]) {
    const double count = g["count"].get<double>();
    bound += count * std::max(g["bounds"]["compute_cycles"].get<double>(),
                              g["bounds"]["traffic_cycles"].get<double>());
    cycles += count * g["cycles"].get<double>();
  }
  return bound / cycles;
}

// A run's energy: its "total" when given, else the sum of its components (results.hpp).
inline double run_energy_pj(const nlohmann::json& run) {
  const auto& e = run["totals"]["energy_pj"];
  if (e.contains("total")) return e["total"].get<double>();
  double sum = 0;
  for (const auto& [c, pj] : e.items()) sum += pj.get<double>();
  return sum;
}

inline const nlohmann::json* run_of(const nlohmann::json& results, const std::string& pe,
                                    const std::string& phase) {
  for (const auto& r : results["runs"])
    if (r["pe"] == pe && r["phase"] == phase) return &r;
  return nullptr;
}

}  // namespace mixsim::reports::testing
