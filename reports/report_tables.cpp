#include "reports/report_tables.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "reports/energy_per_byte_table.hpp"

namespace mixsim::reports {
namespace {

Cell optional_number(const std::optional<double>& value) {
  return value ? Cell{*value} : Cell{std::string()};
}

// Arithmetic intensity in MACs per DRAM byte, when the simulator counted DRAM bytes.
std::optional<double> macs_per_dram_byte(const GemmRecord& g) {
  if (!g.dram_bytes || *g.dram_bytes <= 0.0) return std::nullopt;
  return g.macs_per_instance() / *g.dram_bytes;
}

const HardwareRecord* hardware_of(const ReportInput& in, const std::string& source) {
  for (const auto& h : in.hardware)
    if (h.source == source) return &h;
  return nullptr;
}

// Which roof limits a GEMM: memory when its intensity times the DRAM bandwidth is below the
// array's peak MAC rate.
std::string roofline_bound(const HardwareRecord* hw, const GemmRecord& g) {
  auto intensity = macs_per_dram_byte(g);
  if (!hw || !intensity || !hw->dram_bandwidth_gbps) return "";
  double memory_roof = *intensity * *hw->dram_bandwidth_gbps * 1e9;
  return memory_roof < hw->peak_macs_per_s() ? "memory" : "compute";
}

}  // namespace

std::string run_label(const ReportInput& in, const RunRecord& run) {
  return in.sources.size() > 1 ? run.source + "/" + run.pe : run.pe;
}

bool same_setting(const RunRecord& a, const RunRecord& b) {
  return a.source == b.source && a.phase == b.phase && a.mode == b.mode;
}

Table latency_energy_table(const ReportInput& in) {
  Table t{"latency_energy", "Latency and energy per PE type",
          "Totals of each run (all GEMMs of the phase). Latency in µs, energy in µJ; "
          "utilization = useful MACs / (rows x cols x cycles).",
          {"source", "pe", "phase", "mode", "recipe", "gemms", "cycles", "latency_us", "energy_uj",
           "utilization"},
          {}};
  for (const auto& r : in.runs)
    t.rows.push_back({r.source, r.pe, r.phase, r.mode, r.recipe,
                      static_cast<int64_t>(r.gemms.size()), r.cycles, latency_us(r.latency_s),
                      energy_uj(r.energy_total_pj()), r.utilization});
  return t;
}

Table ratio_table(const ReportInput& in) {
  Table t{"ratios", "Speedup and energy ratio vs baselines",
          "speedup = latency(baseline) / latency(pe); energy_ratio = energy(baseline) / "
          "energy(pe); both > 1 mean the PE is better. Computed from the run totals.",
          {"source", "phase", "mode", "pe", "baseline", "speedup", "energy_ratio"},
          {}};
  for (const auto& subject : in.subject_pes)
    for (const auto& r : in.runs) {
      if (r.pe != subject) continue;
      for (const auto& b : in.runs) {
        if (b.pe == subject || !same_setting(r, b)) continue;
        t.rows.push_back({r.source, r.phase, r.mode, r.pe, b.pe, b.latency_s / r.latency_s,
                          b.energy_total_pj() / r.energy_total_pj()});
      }
    }
  return t;
}

Table energy_breakdown_table(const ReportInput& in) {
  Table t{"energy_breakdown", "Energy breakdown by component",
          "Energy of each component over the whole run, in µJ, and its share of the run's total.",
          {"source", "pe", "phase", "mode", "component", "energy_uj", "share"},
          {}};
  for (const auto& r : in.runs) {
    double total = r.energy_total_pj();
    for (const auto& [component, pj] : r.energy_pj)
      t.rows.push_back({r.source, r.pe, r.phase, r.mode, component, energy_uj(pj),
                        total > 0.0 ? pj / total : 0.0});
  }
  return t;
}

Table gemm_utilization_table(const ReportInput& in) {
  Table t{"gemm_utilization", "Utilization per GEMM (roofline)",
          "count = identical GEMMs in the layer (macs counts all; cycles, latency and DRAM bytes "
          "are of one; latency in µs); achieved_macs_per_s = m*n*k / latency; macs_per_dram_byte = m*n*k / "
          "DRAM bytes counted by the simulator; bound = the roof (DRAM bandwidth x intensity, or the "
          "array's peak rows x cols x clock) that is lower.",
          {"source", "pe", "phase", "mode", "gemm", "m", "n", "k", "count", "macs", "cycles", "latency_us",
           "utilization", "achieved_macs_per_s", "dram_bytes", "macs_per_dram_byte", "bound"},
          {}};
  for (const auto& r : in.runs) {
    const HardwareRecord* hw = hardware_of(in, r.source);
    for (const auto& g : r.gemms)
      t.rows.push_back({r.source, r.pe, r.phase, r.mode, g.name, g.m, g.n, g.k, g.count, g.macs, g.cycles,
                        latency_us(g.latency_s), g.utilization,
                        g.latency_s > 0.0 ? Cell{g.macs_per_instance() / g.latency_s} : Cell{std::string()},
                        optional_number(g.dram_bytes), optional_number(macs_per_dram_byte(g)),
                        roofline_bound(hw, g)});
  }
  return t;
}

Table mapping_bounds_table(const ReportInput& in) {
  Table t{"mapping_bounds", "Mapping and bounds per GEMM",
          "The mapping each GEMM ran (docs/SIMULATOR.md, \"Tiling and mapping\"; pinned = fixed in the "
          "config) and its two lower bounds in cycles: compute = m*n*k / (rows x cols); traffic = "
          "compulsory bytes (W packed + X + Y, each once) / peak DRAM bytes per cycle. "
          "fraction_of_bound = max(compute, traffic) / cycles: near 1, the design is at its bound; far "
          "below, the schedule or the memory system costs the time.",
          {"source", "pe", "phase", "gemm", "mapping", "pinned", "cycles", "compute_bound_cycles",
           "traffic_bound_cycles", "limiter", "fraction_of_bound"},
          {}};
  for (const auto& r : in.runs)
    for (const auto& g : r.gemms)
      if (g.mapping)
        t.rows.push_back({r.source, r.pe, r.phase, g.name, g.mapping->text, std::string(g.mapping->pinned ? "yes" : "no"),
                          g.cycles, g.mapping->compute_cycles, g.mapping->traffic_cycles, g.mapping->limiter,
                          g.mapping->fraction_of_bound});
  return t;
}

Table counters_table(const ReportInput& in) {
  Table t{"counters", "Event counters: where the differences come from",
          "Simulator events summed over the run's GEMMs (each GEMM's counters x its count), and "
          "per output element (divided by the run's sum of count x m x n): e.g. dequantization "
          "multiplies per output show MixPE's one dequantization per group against one per "
          "weight.",
          {"source", "pe", "phase", "mode", "counter", "total", "per_output"},
          {}};
  for (const auto& r : in.runs) {
    std::map<std::string, double> totals;
    double outputs = 0.0;
    for (const auto& g : r.gemms) {
      double count = static_cast<double>(g.count);
      outputs += count * static_cast<double>(g.m) * static_cast<double>(g.n);
      for (const auto& [event, value] : g.counters) totals[event] += value * count;
    }
    for (const auto& [event, total] : totals)
      t.rows.push_back({r.source, r.pe, r.phase, r.mode, event, total,
                        outputs > 0.0 ? Cell{total / outputs} : Cell{std::string()}});
  }
  return t;
}

Table numerics_table(const ReportInput& in) {
  Table t{"numerics", "Numerics: output error vs FP64",
          "GEMMs whose values were computed (cycle mode). rel_fro, sqnr_db, max_abs: simulated "
          "output vs the FP64 product of the unquantized operands (the recipe's quantization "
          "error; sqnr_db inf = exact). check_*: the simulator's values vs models/ (bit-exact "
          "golden model, or FP64 of the same quantized operands within check_tolerance).",
          {"source", "pe", "phase", "recipe", "gemm", "rel_fro", "sqnr_db", "max_abs",
           "check_method", "check_passed", "check_tolerance", "check_rel_fro", "check_mismatches"},
          {}};
  for (const auto& r : in.runs)
    for (const auto& g : r.gemms) {
      if (!g.error && !g.check) continue;
      std::vector<Cell> row{r.source, r.pe, r.phase, r.recipe, g.name};
      if (g.error) row.insert(row.end(), {g.error->rel_fro, g.error->sqnr_db, g.error->max_abs});
      else row.insert(row.end(), {std::string(), std::string(), std::string()});
      if (g.check)
        row.insert(row.end(), {g.check->method, std::string(g.check->passed ? "yes" : "NO"),
                               g.check->tolerance, g.check->rel_fro_vs_reference,
                               g.check->mismatches});
      else row.insert(row.end(), {std::string(), std::string(), std::string(), std::string(), std::string()});
      t.rows.push_back(std::move(row));
    }
  return t;
}

Table area_table(const ReportInput& in) {
  Table t{"area", "Area",
          "Cell and transistor counts from Yosys (stat -tech cmos) when the results carry them.",
          {"source", "pe", "cells", "transistors"},
          {}};
  for (const auto& a : in.area) t.rows.push_back({a.source, a.pe, a.cells, a.transistors});
  return t;
}

Table design_table(const ReportInput& in) {
  Table t{"designs", "Designs at equal footing (compare normalization)",
          "Each compared design's own array and clock (same-array, iso-area or iso-power; "
          "docs/CODESIGN.md), its array area (mm^2) and power (mW, -1 = no data) from the "
          "standard-cell flow, next to each phase's latency (µs) and energy (µJ).",
          {"source", "normalization", "pe", "recipe", "rows", "cols", "clock_ghz", "fmax_mhz",
           "area_mm2", "power_mw", "phase", "latency_us", "energy_uj"},
          {}};
  for (const auto& d : in.designs)
    for (const auto& r : in.runs) {
      if (r.source != d.source || r.pe != d.pe) continue;
      t.rows.push_back({d.source, d.normalization, d.pe, d.recipe, d.rows, d.cols, d.clock_ghz,
                        d.fmax_mhz, d.area_mm2, d.power_mw, r.phase, latency_us(r.latency_s),
                        energy_uj(r.energy_total_pj())});
    }
  return t;
}

Table gpu_table(const ReportInput& in) {
  Table t{"gpu", "Measured GPU kernels on the same shapes",
          "GPU medians from the given GPU JSON; sim_latency_us is the simulated latency of a GEMM "
          "with the same m, n, k in the run named by sim_run (empty when no GEMM matches).",
          {"device", "kernel", "m", "n", "k", "median_us", "gbps", "tops", "sim_run", "sim_gemm",
           "sim_latency_us"},
          {}};
  if (!in.gpu) return t;
  for (const auto& kernel : in.gpu->kernels) {
    bool matched = false;
    for (const auto& r : in.runs)
      for (const auto& g : r.gemms) {
        if (g.m != kernel.m || g.n != kernel.n || g.k != kernel.k) continue;
        t.rows.push_back({in.gpu->device, kernel.kernel, kernel.m, kernel.n, kernel.k,
                          kernel.median_us, kernel.gbps, kernel.tops,
                          run_label(in, r) + " " + r.phase, g.name, latency_us(g.latency_s)});
        matched = true;
        break;  // one GEMM per run is enough: a layer repeats shapes
      }
    if (!matched)
      t.rows.push_back({in.gpu->device, kernel.kernel, kernel.m, kernel.n, kernel.k,
                        kernel.median_us, kernel.gbps, kernel.tops, std::string(), std::string(),
                        std::string()});
  }
  return t;
}

std::vector<Table> all_tables(const ReportInput& in) {
  return {latency_energy_table(in), ratio_table(in),    energy_breakdown_table(in),
          energy_per_byte_table(in),
          gemm_utilization_table(in), mapping_bounds_table(in), counters_table(in), numerics_table(in),
          area_table(in), design_table(in), gpu_table(in)};
}

std::string format_exact(const Cell& cell) {
  if (auto s = std::get_if<std::string>(&cell)) return *s;
  if (auto i = std::get_if<int64_t>(&cell)) return std::to_string(*i);
  return fmt::format("{}", std::get<double>(cell));  // shortest form that reads back exactly
}

std::string format_readable(const Cell& cell) {
  if (auto d = std::get_if<double>(&cell)) {
    // Whole numbers up to 1e12 without an exponent (21796, not 2.18e+04); else 4 digits.
    if (std::abs(*d) >= 1000.0 && std::abs(*d) < 1e12) return fmt::format("{:.0f}", *d);
    return fmt::format("{:.4g}", *d);
  }
  return format_exact(cell);
}

}  // namespace mixsim::reports
