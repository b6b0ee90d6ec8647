#pragma once
// The report's tables, built once from ReportInput and written three ways (CSV, Markdown, HTML),
// so the numbers in every format are the same numbers.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "reports/report_input.hpp"

namespace mixsim::reports {

// A cell keeps its number unformatted: CSV writes it exactly (shortest round-trip form),
// Markdown and HTML with 4 significant digits. An empty string is an absent value.
using Cell = std::variant<std::string, int64_t, double>;

struct Table {
  std::string id;        // file stem of its CSV: "latency_energy" -> latency_energy.csv
  std::string title;     // section heading
  std::string note;      // one sentence on how to read it (definitions of ratios, units)
  std::vector<std::string> header;
  std::vector<std::vector<Cell>> rows;
};

Table latency_energy_table(const ReportInput& in);
Table ratio_table(const ReportInput& in);          // speedup and energy ratio vs each baseline
Table energy_breakdown_table(const ReportInput& in);
Table gemm_utilization_table(const ReportInput& in);
Table mapping_bounds_table(const ReportInput& in);  // rows only when the results carry mappings
Table counters_table(const ReportInput& in);       // events per run and per output element
Table numerics_table(const ReportInput& in);       // per GEMM with computed values
Table area_table(const ReportInput& in);
// Per compared design after normalization: array, clock, area and power next to each phase's
// latency and energy (rows only when the results carry a normalization section).
Table design_table(const ReportInput& in);           // rows only when the results have area
Table gpu_table(const ReportInput& in);            // rows only when a GPU JSON was given

// All tables in report order; tables without rows are kept (their sections say "none").
std::vector<Table> all_tables(const ReportInput& in);

// One unit per quantity in every table, chart and the verdict: latency in µs, energy in µJ
// (results.json keeps seconds and pJ). Energy per byte stays in pJ/B.
inline double latency_us(double seconds) { return seconds * 1e6; }
inline double energy_uj(double picojoules) { return picojoules * 1e-6; }

// Cell formatting shared by the writers.
std::string format_exact(const Cell& cell);     // CSV
std::string format_readable(const Cell& cell);  // Markdown / HTML: 4 significant digits, no
                                                // exponent from 1000 to 1e12 (rounded to 1)

// Label of a run in charts and tables: "pe" for one source, "source/pe" for several.
std::string run_label(const ReportInput& in, const RunRecord& run);

// Runs that share a phase and mode and source are comparable with each other.
bool same_setting(const RunRecord& a, const RunRecord& b);

}  // namespace mixsim::reports
