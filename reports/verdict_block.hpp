#pragma once
// The verdict a reader wants first: per phase, the candidate (the results' compared PE, the
// first of `compare`) against each baseline -- speedup and energy ratio -- and, for every
// design, how close it ran to its bound (compute or DRAM, sim/mapping/gemm_bounds.hpp) with a
// one-line reason read from its counters. The report (HTML, Markdown) and `mixsim run`'s console
// output open with it; all three come from phase_verdicts(), so they say the same thing.
//
// Units: latency in µs, energy in µJ (as every table and chart of the report).
#include <optional>
#include <string>
#include <vector>

#include "reports/report_input.hpp"

namespace mixsim::reports {

struct DesignStanding {
  std::string pe, recipe;
  double latency_us = 0.0, energy_uj = 0.0;
  // sum over GEMMs of count x max(compute, traffic) bound cycles / sum of count x cycles;
  // absent for results without bounds (written before the mapper).
  std::optional<double> fraction_of_bound;
  std::string limiter;  // "compute" | "dram": the bound that makes up most of the bound cycles
  std::string reason;   // one line from the counters
};

struct BaselineVerdict {
  DesignStanding baseline;
  double speedup = 0.0;       // latency(baseline) / latency(candidate)
  double energy_ratio = 0.0;  // energy(baseline) / energy(candidate)
};

struct PhaseVerdict {
  std::string source, phase, mode;
  DesignStanding candidate;
  std::vector<BaselineVerdict> baselines;
};

std::vector<PhaseVerdict> phase_verdicts(const ReportInput& in);
DesignStanding design_standing(const RunRecord& run);

std::string verdict_text(const ReportInput& in);      // plain text: console and Markdown
std::string verdict_markdown(const ReportInput& in);  // "## Verdict" section
std::string verdict_html(const ReportInput& in);      // <section id="verdict">

}  // namespace mixsim::reports
