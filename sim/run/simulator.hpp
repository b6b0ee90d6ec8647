#pragma once
// Entry point of the cycle-level simulator: one GEMM of a workload on one PE type.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "models/energy_table.hpp"
#include "models/matrix.hpp"
#include "models/recipe.hpp"
#include "sim/config/hardware_config.hpp"
#include "sim/mapping/gemm_bounds.hpp"
#include "sim/mapping/mapping.hpp"
#include "sim/pe/pe_type.hpp"

namespace mixsim::sim {

class Mapper;

enum class SimMode { Cycle, Fast };

struct GemmJob {
  std::string name;        // e.g. "layer0.q_proj"
  int64_t m = 0, n = 0, k = 0;
  std::string pe_type;     // registered PE name: "mixpe", "dequant-mac", "fp16-mac", "int8-mac"
  std::string recipe;      // models/recipe.hpp name, e.g. "w4a8-g128"
  // When set, the cycle model computes real output values from these operands.
  const QuantizedOperands* operands = nullptr;
  const MatrixF32* x_fp = nullptr;  // unquantized operands for fp16-mac (and error vs FP64)
  const MatrixF32* w_fp = nullptr;
  // The mapping: `mapping` when set; else chosen by `mapper` (memoized across GEMMs) when set;
  // else by a Mapper with the default objective (latency) made for this call.
  std::optional<Mapping> mapping;
  Mapper* mapper = nullptr;
  // When set, replaces the PE type's traits for `recipe` (timing only): attention against a KV
  // cache stored at its own precision (sim/run/kv_cache_plan.hpp).
  std::optional<PeTraits> traits;
};

struct GemmSimResult {
  int64_t cycles = 0;
  double latency_s = 0.0;
  double utilization = 0.0;                 // useful MACs / (R*C*cycles)
  std::map<std::string, int64_t> counters;  // event name -> count (deterministic order)
  std::map<std::string, double> energy_pj;  // component -> pJ
  std::optional<MatrixF32> values;          // M x N, when operands were given (cycle mode)
  Mapping mapping;                          // the schedule it ran
  bool mapping_pinned = false;
  GemmBounds bounds;
};

GemmSimResult simulate_gemm(const HardwareConfig& hw, const EnergyTable& energy,
                            const GemmJob& job, SimMode mode);

}  // namespace mixsim::sim
