#pragma once
// A cache of standard-cell flow results (rtl/harness/cell_flow.hpp) keyed by a hash of
// everything the result depends on: the top module, its parameter overrides, the bytes of each
// Verilog file, the Liberty file and its power sidecar, and the power assumptions. A parameter
// point of a parameterized PE (models/pe/mixpe_params.hpp) is synthesized once; a later run
// with the same RTL, library and parameters reads <cache_dir>/<hash>.json instead. Editing any
// input changes the hash, so a stale entry is never used.
#include <filesystem>
#include <string>

#include "rtl/harness/cell_flow.hpp"

namespace mixsim::rtl {

// 16 hex digits (FNV-1a 64). Throws std::runtime_error naming a source file it cannot read.
std::string cell_flow_hash(const CellFlowDesign& design, const std::filesystem::path& source_root,
                           const PowerAssumptions& power);

struct CachedCellFlow {
  CellFlowResult result;
  std::string hash;
  bool hit = false;  // read from the cache (no tool ran)
};

// Reads <cache_dir>/<hash>.json or runs the flow and writes it (temp file + rename).
CachedCellFlow cached_cell_flow(const CellFlowDesign& design, const CellFlowTools& tools,
                                const PowerAssumptions& power,
                                const std::filesystem::path& cache_dir);

}  // namespace mixsim::rtl
