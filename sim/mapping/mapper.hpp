#pragma once
// Mapper: picks each GEMM's Mapping (sim/mapping/mapping.hpp) for an objective.
//
// Search (docs/SIMULATOR.md, "Mapper"): every legal combination of loop order (6), block sizes
// (M-block: powers of two, M and balanced splits ceil(M/j), j <= 16, rounded up to R rows when
// output-stationary; N- and K-blocks likewise, K-blocks in whole dequant groups), operand
// extents (X / W over all of K), partials on chip or spilled, and 1 or 2 slots per input buffer
// (2 only where the config double-buffers) is scored with a closed-form estimate
// (MappingEstimate: compute, bandwidth and per-load latency bounds plus fill and drain). The
// best `exact_candidates` by estimate (latency: near-ties broken by energy), plus the old
// two-order controller's mappings, are then timed exactly with the fast model in that order, and
// the best exact result wins (latency: among times within kNearTie of the fastest, and no slower
// than the old controller's, the lowest energy; other ties: the lower other metric, then the
// earlier candidate). Under the latency objective a finalist whose lower bound exceeds the best time so
// far is skipped (branch and bound: it cannot win). Checked against exhaustive fast-model search on
// small cases in tests/sim/mapper_test.cpp. Deterministic; identical GEMM shapes are memoized.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/energy_table.hpp"
#include "sim/config/hardware_config.hpp"
#include "sim/mapping/mapping.hpp"
#include "sim/memory/dram_calibration.hpp"
#include "sim/memory/dram_channel.hpp"
#include "sim/mapping/tile_plan.hpp"
#include "sim/pe/pe_type.hpp"

namespace mixsim::sim {

enum class MapperObjective { Latency, Energy, Edp };
MapperObjective parse_mapper_objective(const std::string& name);  // throws, listing the allowed
std::string to_string(MapperObjective objective);

struct MapperConfig {
  MapperObjective objective = MapperObjective::Latency;
  // Pinned mappings by GEMM name: the short name ("down_proj") or the full one ("layer0.down_proj").
  std::map<std::string, Mapping> pins;
  int exact_candidates = 8;  // estimates timed exactly with the fast model
};

// Closed-form estimate of a mapping (no tile placement).
struct MappingEstimate {
  int64_t cycles = 0;
  // No schedule of this mapping can be faster: the array's tile periods and the DRAM bytes at
  // the sustained rate (tests/sim/mapper_test.cpp checks it against every mapping's fast time).
  int64_t lower_bound_cycles = 0;
  int64_t dram_read_bytes = 0, dram_write_bytes = 0;
  double energy_pj = 0.0;  // mapping-dependent part only (DRAM, SRAM, leakage)
};

struct MappingChoice {
  Mapping mapping;
  int64_t cycles = 0;          // fast-model cycles of the chosen mapping
  double energy_pj = 0.0;      // its total energy
  bool pinned = false;
  int64_t legal_mappings = 0;  // candidates that fit the buffers
};

// Every legal candidate of the search space, in enumeration order.
std::vector<Mapping> enumerate_mappings(const HardwareConfig& hw, const TileGeometry& g);
// The old controller's two loop orders as mappings (absent when they do not fit).
std::vector<Mapping> legacy_mappings(const HardwareConfig& hw, const TileGeometry& g);

// Under the latency objective, times within this fraction of the fastest are ties broken by
// energy (and estimates within it of the best estimate rank so, where the GEMM is compute-bound).
inline constexpr double kNearTie = 0.005;

class Mapper {
 public:
  Mapper(const HardwareConfig& hw, const EnergyTable& energy, MapperConfig config = {});

  // The mapping for one GEMM: the pinned one for `gemm_name` if any (checked: throws
  // std::invalid_argument naming mapper.pin.<name>, the sizes and the limit), else the search's.
  MappingChoice choose(const PeTraits& pe, const TileGeometry& g, const std::string& gemm_name = "");
  MappingEstimate estimate(const TileGeometry& g, const Mapping& map) const;
  // Fast-model cycles and total energy of one mapping.
  std::pair<int64_t, double> evaluate(const PeTraits& pe, const TileGeometry& g, const Mapping& map) const;
  const MapperConfig& config() const { return config_; }
  const HardwareConfig& hardware() const { return hw_; }
  const DramCalibration& calibration() const { return calibration_; }

 private:
  // The objective, then the other metric to break ties (many mappings of a compute-bound GEMM
  // take the same cycles; the one moving fewer bytes should win).
  using Score = std::pair<double, double>;
  Score score(int64_t cycles, double energy_pj) const;
  MappingChoice search(const PeTraits& pe, const TileGeometry& g) const;

  HardwareConfig hw_;
  DramCalibration calibration_;  // once per mapper: calibrating streams thousands of requests
  DramChannel dram_;
  EnergyTable energy_;  // a copy: callers often pass a temporary
  MapperConfig config_;
  // pJ per unit of each mapping-dependent counter (energy_by_component is linear in them).
  std::array<double, 10> unit_pj_{};  // pJ per unit of each counter the estimate prices (mapper.cpp)
  std::map<std::string, MappingChoice> memo_;
};

}  // namespace mixsim::sim
