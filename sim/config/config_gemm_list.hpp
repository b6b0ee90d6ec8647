#pragma once
// `workload: {gemms_file: FILE.csv, phases: [...]}`: a workload given as a list of GEMM shapes
// (workloads/gemm_list.hpp: name, M, N, K[, count]; a SCALE-Sim GEMM topology also loads)
// instead of a catalogue model. The file is read and checked at config time, so a bad row
// fails before anything runs or is written.
//
// Phases are optional here: each is a map of `phase` (a label for results and the report;
// default "gemms"), `mode` and `values` (config_phase_mode.hpp); without `phases`, one cycle-mode
// phase "gemms". batch, context and seq_len do not apply: the shapes come from the file.
#include <string>

#include "sim/config/config_types.hpp"
#include "sim/config/config_yaml.hpp"

namespace mixsim::sim {

inline const std::vector<std::string> kGemmListWorkloadKeys = {"gemms_file", "phases"};

// `gemms_file` is relative to the config file's directory (`base_dir`). A CSV error keeps its
// FILE:LINE:COL and names the config key that pointed to the file.
WorkloadConfig parse_gemm_list_workload(const ConfigNode& node, const std::string& base_dir);

// Every listed K must be a multiple of every compared group-wise recipe's group size; the error
// names the CSV line.
void check_gemm_list_groups(const ConfigNode& root, const RunConfig& config);

}  // namespace mixsim::sim
