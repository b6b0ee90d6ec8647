#include "sim/run/run_report_text.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include <fmt/format.h>

namespace mixsim::sim {
namespace {

// Counters of a whole run: each GEMM's counters times its count.
std::map<std::string, double> run_counters(const RunRecord& run) {
  std::map<std::string, double> c;
  for (const auto& g : run.gemms)
    for (const auto& [name, n] : g.counters) c[name] += static_cast<double>(n) * g.count;
  return c;
}

double get(const std::map<std::string, double>& m, const std::string& key) {
  const auto it = m.find(key);
  return it == m.end() ? 0.0 : it->second;
}

std::vector<std::string> phases_in_order(const Results& r) {
  std::vector<std::string> phases;
  for (const auto& run : r.runs)
    if (std::find(phases.begin(), phases.end(), run.phase) == phases.end()) phases.push_back(run.phase);
  return phases;
}

std::string phase_title(const RunRecord& run) {
  if (run.phase == "decode")
    return fmt::format("decode (batch {}, context {})", run.batch, run.context);
  if (run.phase == "prefill") return fmt::format("prefill (batch {}, {} tokens)", run.batch, run.seq_len);
  return run.phase;  // a GEMM-list phase: its label
}

// "llama2-7b layers 0,1", or a GEMM list's file (no layers).
std::string workload_title(const Results& r) {
  if (r.layers.empty()) return r.model;
  return fmt::format("{} layers {}", r.model, fmt::join(r.layers, ","));
}

// Components in a fixed order; SRAM buffers folded into one column.
const std::vector<std::pair<std::string, std::vector<std::string>>> kColumns = {
    {"pe", {"pe"}},
    {"accum", {"accumulator"}},
    {"dequant", {"dequant"}},
    {"regs", {"registers"}},
    {"sram", {"sram_weight", "sram_activation", "sram_output"}},
    {"dram", {"dram"}},
    {"leak", {"leakage"}}};

std::string error_cell(const RunRecord& run) {
  double worst = -1.0;
  for (const auto& g : run.gemms)
    if (g.error) worst = std::max(worst, std::isnan(g.error->rel_fro) ? INFINITY : g.error->rel_fro);
  return worst < 0 ? "-" : fmt::format("{:.2e}", worst);
}

std::string check_cell(const RunRecord& run) {
  int checked = 0, passed = 0;
  for (const auto& g : run.gemms)
    if (g.check) {
      ++checked;
      passed += g.check->passed ? 1 : 0;
    }
  if (!checked) return "-";
  return fmt::format("{} {}/{}", passed == checked ? "ok" : "FAIL", passed, checked);
}

}  // namespace

// With compare's normalization, each design ran on its own array and clock (the phase headers
// show the shared config): one line per design.
std::string format_designs(const Results& r) {
  if (r.normalization.empty()) return "";
  std::string out = fmt::format("\n== designs ({}; docs/CODESIGN.md) ==\n", r.normalization);
  for (const auto& d : r.designs) {
    out += fmt::format("  {:<12} {:<11} {:>4}x{:<4} @ {:.4g} GHz (f_max {:.4g} MHz)", d.pe,
                       d.recipe, d.rows, d.cols, d.clock_ghz, d.fmax_mhz);
    if (d.area_mm2 >= 0.0) out += fmt::format("  array {:.4f} mm^2", d.area_mm2);
    if (d.power_mw >= 0.0) out += fmt::format("  {:.1f} mW", d.power_mw);
    out += "\n";
  }
  return out;
}

std::string format_run_tables(const Results& r) {
  std::string out = format_designs(r);
  const auto& hw = r.hardware;
  for (const auto& phase : phases_in_order(r)) {
    const RunRecord* first = nullptr;
    for (const auto& run : r.runs)
      if (run.phase == phase && !first) first = &run;
    out += fmt::format("\n== {} · {} mode · {} · {}x{} {} @ {} GHz, DRAM {} GB/s ==\n",
                       phase_title(*first), first->mode, workload_title(r),
                       hw.array.rows, hw.array.cols,
                       hw.array.dataflow == Dataflow::WeightStationary ? "WS" : "OS",
                       hw.clock_ghz, hw.dram.bandwidth_gbps);
    out += fmt::format("{:<12} {:<11} {:>12} {:>11} {:>6} {:>11}", "pe", "recipe", "cycles",
                       "latency_us", "util%", "energy_uJ");
    for (const auto& [label, comps] : kColumns) out += fmt::format(" {:>8}", label);
    out += fmt::format(" {:>10} {:>9}\n", "err_vs_fp64", "check");
    for (const auto& run : r.runs) {
      if (run.phase != phase) continue;
      out += fmt::format("{:<12} {:<11} {:>12} {:>11.2f} {:>6.1f} {:>11.3f}", run.pe, run.recipe,
                         run.totals.cycles, run.totals.latency_s * 1e6,
                         run.totals.utilization * 100.0, total_energy_pj(run.totals.energy_pj) * 1e-6);
      for (const auto& [label, comps] : kColumns) {
        double pj = 0.0;
        for (const auto& c : comps) pj += get(run.totals.energy_pj, c);
        out += fmt::format(" {:>8.3f}", pj * 1e-6);
      }
      out += fmt::format(" {:>10} {:>9}\n", error_cell(run), check_cell(run));
    }
    out += "  (energy columns in uJ; err_vs_fp64 = worst relative Frobenius error of a GEMM vs the "
           "unquantized FP64 product; check = simulator values vs models/)\n";
    for (const auto& c : r.comparisons)
      if (c.phase == phase)
        out += fmt::format("  {} vs {}: speedup {:.3f}x, energy ratio {:.3f}x (baseline / {})\n",
                           c.pe, c.baseline, c.speedup, c.energy_ratio, c.pe);
  }
  return out;
}

std::string format_explanation(const Results& r, const EnergyTable& energy) {
  std::string out = "\nExplanation (derived from the event counters of this run):\n";
  const auto& hw = r.hardware;
  for (const auto& c : r.comparisons) {
    const RunRecord *cand = nullptr, *base = nullptr;
    for (const auto& run : r.runs) {
      if (run.phase != c.phase) continue;
      if (run.pe == c.pe) cand = &run;
      if (run.pe == c.baseline) base = &run;
    }
    if (!cand || !base) continue;
    out += fmt::format("- {} vs {} ({}):\n", c.pe, c.baseline, c.phase);
    for (const RunRecord* run : {cand, base}) {
      const auto cnt = run_counters(*run);
      const double outputs = get(cnt, "outputs"), macs = get(cnt, "macs");
      const double dequant = get(cnt, "dequant.multiplies");
      // PE action per MAC and its energy from the table.
      std::string actions;
      for (const auto& [name, n] : cnt)
        if (name.rfind("pe.", 0) == 0 && macs > 0) {
          const std::string action = name.substr(3);
          actions += fmt::format("{}{} {:.3f} pJ x {:.2f}/MAC", actions.empty() ? "" : " + ", action,
                                 energy.energy_of(action), n / macs);
        }
      const double arith_pj = get(run->totals.energy_pj, "pe") +
                              get(run->totals.energy_pj, "accumulator") +
                              get(run->totals.energy_pj, "dequant");
      const double dram_bytes = get(cnt, "dram.read_bytes") + get(cnt, "dram.write_bytes");
      const double dram_cycles = dram_bytes / hw.dram.bandwidth_gbps * hw.clock_ghz;
      out += fmt::format(
          "    {:<12} dequant multiplies/output {:>9.2f} | PE: {} | arithmetic {:.3f} pJ/MAC | "
          "DRAM {:.2f} MB = {:.0f}% of its {} cycles at peak bandwidth\n",
          run->pe, outputs > 0 ? dequant / outputs : 0.0, actions.empty() ? "-" : actions,
          macs > 0 ? arith_pj / macs : 0.0, dram_bytes / 1e6,
          run->totals.cycles > 0 ? 100.0 * dram_cycles / static_cast<double>(run->totals.cycles) : 0.0,
          run->totals.cycles);
    }
    // Where the energy difference comes from, largest first.
    std::vector<std::pair<double, std::string>> diffs;
    for (const auto& [comp, pj] : base->totals.energy_pj)
      if (comp != "total") diffs.emplace_back(pj - get(cand->totals.energy_pj, comp), comp);
    std::sort(diffs.begin(), diffs.end(), [](const auto& a, const auto& b) {
      return std::abs(a.first) > std::abs(b.first) || (std::abs(a.first) == std::abs(b.first) && a.second < b.second);
    });
    const double delta = total_energy_pj(base->totals.energy_pj) - total_energy_pj(cand->totals.energy_pj);
    out += fmt::format("    energy {} - {} = {:.3f} uJ, by component:", c.baseline, c.pe, delta * 1e-6);
    for (size_t i = 0; i < diffs.size() && i < 4; ++i)
      out += fmt::format(" {} {:+.3f}", diffs[i].second, diffs[i].first * 1e-6);
    out += fmt::format(" uJ\n    => speedup {:.3f}x, energy ratio {:.3f}x\n", c.speedup, c.energy_ratio);
  }
  return out;
}

}  // namespace mixsim::sim
