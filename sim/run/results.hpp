#pragma once
// The results of a `mixsim run`: one versioned JSON schema ("mixsim.results", version 1), written
// as DIR/results.json and read by reports/ and sweeps. Writing is deterministic (same values ->
// same bytes: fixed key order, shortest round-trip doubles, no timestamps or wall times) and
// atomic (temp file + rename). Reading validates the schema name, version and every field's type.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/config/hardware_config.hpp"
#include "sim/run/end_to_end_results.hpp"

namespace mixsim::sim {

inline constexpr const char* kResultsSchema = "mixsim.results";
inline constexpr int kResultsVersion = 1;

// Output error against an FP64 reference.
struct ErrorStats {
  double rel_fro = 0.0;  // ||Y - Y_ref||_F / ||Y_ref||_F
  double sqnr_db = 0.0;  // 10 log10(||Y_ref||^2 / ||Y - Y_ref||^2); +inf (JSON null) when exact
  double max_abs = 0.0;
};

// The simulator's values checked against models/ (golden_gemm bit-exact for integer paths,
// FP64 of the same quantized operands within the documented tolerance for float paths).
struct ValueCheck {
  std::string method;      // "bit-exact" | "tolerance"
  bool passed = false;
  double tolerance = 0.0;  // relative Frobenius bound for "tolerance"; 0 for bit-exact
  ErrorStats vs_reference; // against reference_gemm_f64 of the same quantized operands
  int64_t mismatches = 0;  // elements differing from golden_gemm (bit-exact method)
};

struct GemmRecord {
  std::string name;
  int64_t m = 0, n = 0, k = 0;
  int64_t count = 1;  // identical GEMMs per layer (attention heads); totals multiply by it
  int64_t macs = 0;   // count * m * n * k
  int64_t cycles = 0; // of ONE of the `count` GEMMs
  double latency_s = 0.0;
  double utilization = 0.0;
  std::map<std::string, double> energy_pj;  // of one GEMM
  std::map<std::string, int64_t> counters;  // of one GEMM
  std::optional<ErrorStats> error;          // vs the unquantized FP64 product (quantization error)
  std::optional<ValueCheck> check;
  // The mapping it ran (sim/mapping/mapping.hpp text form) and its lower bounds
  // (sim/mapping/gemm_bounds.hpp): absent in files written before the mapper.
  std::string mapping;
  bool mapping_pinned = false;
  int64_t compute_bound_cycles = 0, traffic_bound_cycles = 0, compulsory_bytes = 0;
  int64_t bound_cycles() const { return std::max(compute_bound_cycles, traffic_bound_cycles); }
  // max(compute bound, compulsory-traffic bound) / cycles: 1 = at the bound.
  double fraction_of_bound() const {
    return cycles > 0 ? static_cast<double>(bound_cycles()) / static_cast<double>(cycles) : 0.0;
  }
};

struct RunTotals {
  int64_t cycles = 0;
  double latency_s = 0.0;
  std::map<std::string, double> energy_pj;
  double utilization = 0.0;
  int64_t macs = 0;
};

struct RunRecord {
  std::string pe, phase, mode, recipe;
  int64_t batch = 1, context = 0, seq_len = 0;
  std::vector<GemmRecord> gemms;
  RunTotals totals;
};

struct Comparison {
  std::string pe, baseline, phase;
  double speedup = 0.0;       // baseline cycles / pe cycles
  double energy_ratio = 0.0;  // baseline energy / pe energy (> 1: pe uses less)
};

struct AreaRecord {
  int64_t cells = 0;
  int64_t transistors = 0;
};

// One compared design's hardware after compare's normalization (sim/run/design_normalization):
// array, clock and silicon cost next to the runs of the same PE. Negative area/power: no data.
struct DesignRecord {
  std::string pe, recipe;
  int rows = 0, cols = 0;
  double clock_ghz = 0.0;
  double fmax_mhz = 0.0;
  double area_mm2 = -1.0;
  double power_mw = -1.0;
};

struct Results {
  std::string config_file;
  uint64_t seed = 0;
  std::string model;
  std::vector<int> layers;
  HardwareConfig hardware;
  std::string energy_node;
  std::vector<RunRecord> runs;
  std::vector<Comparison> comparisons;
  std::map<std::string, AreaRecord> area;  // optional; empty = absent
  std::string normalization;                // optional ("" = absent): same-array, iso-area, ...
  std::vector<DesignRecord> designs;        // with normalization: one per compared PE
  std::optional<EndToEndResults> end_to_end;  // workload.generate (docs/END_TO_END.md)
};

// Total energy of a component map: its "total" entry when the simulator gives one (it does),
// else the sum of the components.
double total_energy_pj(const std::map<std::string, double>& energy_pj);

// Sums a run's GEMMs (each times its count) into totals; utilization = macs/(R*C*cycles).
RunTotals sum_run(const std::vector<GemmRecord>& gemms, const ArrayConfig& array);
// For every phase, compare `candidate` against every other PE of that phase. PEs clocked
// differently (normalization clock: from-timing) give their clock in `clock_ghz_by_pe`.
std::vector<Comparison> compare_runs(const std::vector<RunRecord>& runs,
                                     const std::string& candidate,
                                     const std::map<std::string, double>& clock_ghz_by_pe = {});

std::string results_to_json(const Results& results);  // deterministic, ends with '\n'
// Throws std::runtime_error naming `origin` and the offending field.
Results results_from_json(const std::string& text, const std::string& origin);

// DIR/results.json via DIR/.results.json.tmp.<pid> + rename; creates DIR. Returns the path.
std::filesystem::path write_results_file(const Results& results, const std::filesystem::path& dir);
Results read_results_file(const std::filesystem::path& path);

}  // namespace mixsim::sim
