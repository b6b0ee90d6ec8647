#pragma once
// A whole `mixsim run` job as plain values: the hardware, the energy table, the workload, the PE
// types to compare and where results go. sim/config/config_loader.cpp is the one place that builds it
// from YAML (docs/CONFIG.md lists every key); everything downstream only reads it.
#include <cstdint>
#include <string>
#include <vector>

#include "models/energy_table.hpp"
#include "sim/config/hardware_config.hpp"
#include "sim/mapping/mapper.hpp"
#include "sim/run/simulator.hpp"

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
};

// One PE type and the quantization recipe it runs (models/recipe.hpp name, or "fp16" for the
// unquantized fp16-mac baseline).
struct PeChoice {
  std::string pe;
  std::string recipe;
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
  OutputConfig output;
};

}  // namespace mixsim::sim
