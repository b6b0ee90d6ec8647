#pragma once
// A whole `mixsim run` job as plain values: the hardware, the energy table, the workload, the PE
// types to compare and where results go. sim/config/config_loader.cpp is the one place that builds it
// from YAML (docs/CONFIG.md lists every key); everything downstream only reads it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <optional>

#include "models/energy_table.hpp"
#include "models/pe/mixpe_params.hpp"
#include "sim/config/generate_config.hpp"
#include "sim/config/hardware_config.hpp"
#include "sim/mapping/mapper.hpp"
#include "sim/run/simulator.hpp"
#include "workloads/layer_gemms.hpp"

namespace mixsim::sim {

// One phase of the workload: a decode step against a KV cache, or a prefill of a prompt.
struct PhaseConfig {
  std::string phase = "decode";  // "decode" | "prefill"
  int64_t batch = 1;             // sequences in flight
  int64_t context = 0;           // decode: KV-cache length the new token attends to
  int64_t seq_len = 0;           // prefill: prompt length
  SimMode mode = SimMode::Cycle; // cycle: per-cycle model; fast: per-tile timing
  bool values = true;            // compute and check real output values (cycle mode only)
};

struct WorkloadConfig {
  std::string model = "llama2-7b";     // a workloads/ catalogue name
  std::vector<int> layers = {0};       // decoder-layer indices to run
  std::vector<std::string> gemms;      // empty: every GEMM of the layer; else these names only
  std::vector<PhaseConfig> phases;
  std::optional<GenerateConfig> generate;  // end-to-end generation (docs/END_TO_END.md)
  // A GEMM-list workload (sim/config/config_gemm_list.hpp): `gemms_file` as written in the config
  // (model and layers are then empty), its rows and their 1-based lines in the file.
  std::string gemms_file;
  std::string gemm_list_path;                    // resolved against the config's directory
  std::vector<workloads::GemmShape> gemm_list;
  std::vector<int> gemm_list_lines;
};

// One PE type and the quantization recipe it runs (models/recipe.hpp name, or "fp16" for the
// unquantized fp16-mac baseline).
struct PeChoice {
  std::string pe;
  std::string recipe;
  // Set when the entry gave `pe: {type: mixpe, weight_bits: ...}` (sim/config/config_pe_params.hpp):
  // the parameter point, resolved (accumulator_bits filled in); the recipe follows from it.
  std::optional<pe::MixPeParams> mixpe = std::nullopt;
};

// compare's normalization (sim/run/design_normalization.hpp, docs/CODESIGN.md).
enum class NormalizationMode { SameArray, IsoArea, IsoPower };
enum class ClockPolicy { Fixed, FromTiming };

struct NormalizationConfig {
  bool given = false;  // the config has a normalization section (results then list designs)
  NormalizationMode mode = NormalizationMode::SameArray;
  double budget_mm2 = 0.0;   // iso-area budget (0: take it from `like`)
  double budget_mw = 0.0;    // iso-power budget (0: take it from `like`)
  std::string like_pe;       // "like PE X at R x C": the budget is that array's area/power
  std::string like_recipe;
  int like_rows = 0, like_cols = 0;
  ClockPolicy clock = ClockPolicy::Fixed;
  double clock_cap_ghz = 0.0;  // from-timing: upper limit (0: none)
  std::string costs_file;      // a `mixsim area` JSON instead of the shipped table ("" = shipped)
};

// One compared design after normalization: its array, clock and silicon cost.
struct DesignPoint {
  std::string pe, recipe;
  std::string cost_design;     // the cost-table entry used (mixpe, mixpe-fp16, ...)
  int rows = 0, cols = 0;
  double clock_ghz = 0.0;
  double fmax_mhz = 0.0;       // 0: unknown
  double area_mm2 = -1.0;      // negative: no cost data
  double power_mw = -1.0;      // negative: no power data
};

struct OutputConfig {
  std::string dir = "results";  // results.json goes to DIR/results.json
  bool table = true;            // print the comparison table on stdout
  bool explanation = true;      // print the counter-based explanation block
};

struct RunConfig {
  std::string config_file;        // as given on the command line ("<inline>" for strings)
  uint64_t seed = 1;
  HardwareConfig hardware;
  EnergyTable energy;
  std::string energy_table_file;  // resolved path of energy.table ("" = built-in default)
  WorkloadConfig workload;
  std::vector<PeChoice> compare;  // compare[0] is the candidate, the rest are baselines
  MapperConfig mapper;            // objective and pinned mappings (docs/CONFIG.md, "mapper")
  NormalizationConfig normalization;
  std::vector<DesignPoint> designs;  // parallel to compare: each design's array and clock
  OutputConfig output;
};

}  // namespace mixsim::sim
