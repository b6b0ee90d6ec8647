#pragma once
// The parts of one or more results JSON files (schema "mixsim.results", see sim/run/results.hpp)
// and an optional GPU benchmark JSON that reports show, checked and flattened into plain
// records. Every later stage (tables, charts) reads only these records.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mixsim::reports {

struct ErrorRecord {
  double rel_fro = 0.0;   // relative Frobenius error vs the FP64 reference
  double sqnr_db = 0.0;   // +inf when exact (JSON null)
  double max_abs = 0.0;
};

// The simulator's own check of its values against models/ (sim/run/results.hpp ValueCheck).
struct ValueCheckRecord {
  std::string method;  // "bit-exact" | "tolerance"
  bool passed = false;
  double tolerance = 0.0;
  double rel_fro_vs_reference = 0.0;  // vs FP64 of the same quantized operands
  int64_t mismatches = 0;
};

// The mapping a GEMM ran and its lower bounds (sim/mapping/gemm_bounds.hpp).
struct MappingBoundsRecord {
  std::string text;  // sim/mapping/mapping.hpp text form
  bool pinned = false;
  int64_t compute_cycles = 0, traffic_cycles = 0;
  int64_t compulsory_bytes = 0;  // W (packed) + X + Y, each moved once
  std::string limiter;          // "compute" | "dram"
  double fraction_of_bound = 0; // max(compute, traffic) / cycles
};

struct GemmRecord {
  std::string name;
  int64_t m = 0, n = 0, k = 0;
  int64_t count = 1;   // identical GEMMs in the layer; macs counts all of them
  double macs = 0.0;   // count * m * n * k
  int64_t cycles = 0;  // cycles, latency, energy and counters are of ONE of the count GEMMs
  double latency_s = 0.0;
  double utilization = 0.0;
  std::map<std::string, double> energy_pj;  // component -> pJ (without "total")
  std::map<std::string, double> counters;   // event -> count, of ONE GEMM
  std::optional<double> dram_bytes;         // sum of counters named *dram*bytes*, when present
  std::optional<ErrorRecord> error;  // vs the FP64 product of the unquantized operands
  std::optional<ValueCheckRecord> check;
  std::optional<MappingBoundsRecord> mapping;  // results written by a simulator with the mapper
  double macs_per_instance() const { return count > 0 ? macs / static_cast<double>(count) : macs; }
};

struct RunRecord {
  std::string source;  // label of the results file this run came from
  std::string pe, phase, mode, recipe;
  std::vector<GemmRecord> gemms;
  int64_t cycles = 0;
  double latency_s = 0.0;
  double utilization = 0.0;
  std::map<std::string, double> energy_pj;       // by component, without "total"
  std::optional<double> energy_total_given_pj;   // energy_pj.total when the results give it
  double energy_total_pj() const;                // that total, else the components' sum
};

// Key of the sum in an energy_pj object; every other key is a component.
inline constexpr const char* kEnergyTotalKey = "total";

struct AreaRecord {
  std::string source, pe;
  double cells = 0.0, transistors = 0.0;
};

// One compared design after compare's normalization (results' "normalization" section).
struct DesignRecord {
  std::string source, normalization, pe, recipe;
  int64_t rows = 0, cols = 0;
  double clock_ghz = 0.0, fmax_mhz = 0.0;
  double area_mm2 = -1.0, power_mw = -1.0;  // negative: no data
};

struct HardwareRecord {
  std::string source;
  int64_t rows = 0, cols = 0;
  std::string dataflow;
  double clock_ghz = 0.0;
  std::optional<double> dram_bandwidth_gbps;  // hardware.dram.bandwidth_gbps when present
  double peak_macs_per_s() const { return static_cast<double>(rows * cols) * clock_ghz * 1e9; }
};

struct GpuKernelRecord {
  std::string kernel;
  int64_t m = 0, n = 0, k = 0;
  double median_us = 0.0, gbps = 0.0, tops = 0.0;
};

struct GpuRecord {
  std::string device;
  std::vector<GpuKernelRecord> kernels;
};

struct ReportInput {
  std::vector<std::string> sources;  // one label per results file, unique
  std::vector<HardwareRecord> hardware;
  std::vector<RunRecord> runs;
  std::vector<AreaRecord> area;
  std::vector<DesignRecord> designs;  // empty unless the results carry a normalization
  std::optional<GpuRecord> gpu;
  // PEs whose speedup and energy ratio are shown against every other PE of the same phase and
  // mode: those named as "pe" in the results' comparisons, else the first run's PE.
  std::vector<std::string> subject_pes;
};

// `names` (optional, same length as `results`) say where each JSON came from for error messages;
// without them errors say "results[i]". Throws ReportError naming the source and key path.
ReportInput read_report_input(const std::vector<nlohmann::json>& results,
                              const std::optional<nlohmann::json>& gpu,
                              const std::vector<std::string>& names = {});

// Reads and parses a JSON file; a missing, unreadable or malformed file throws ReportError
// naming the path.
nlohmann::json load_json_file(const std::string& path);

}  // namespace mixsim::reports
