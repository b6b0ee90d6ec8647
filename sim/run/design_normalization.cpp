#include "sim/run/design_normalization.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "models/recipe.hpp"

namespace mixsim::sim {
namespace {

constexpr int kMaxSide = 4096;  // the config's largest array dimension
constexpr int kOutputRegisterBits = 32;

bool sixteen_bit_activations(const PeChoice& choice) {
  if (choice.recipe == "fp16") return true;
  const Recipe r = parse_recipe(choice.recipe);
  if (r.kind == RecipeKind::W4A16) return r.float_activation != FloatActivation::FP8E4M3;
  return r.kind == RecipeKind::MXFP4 || r.kind == RecipeKind::NVFP4;
}

// FP16, BF16 or E4M3 activations on the MixPE's FP32 group accumulator.
bool float_activations(const PeChoice& choice) {
  return choice.recipe != "fp16" && parse_recipe(choice.recipe).kind == RecipeKind::W4A16;
}

// The per-column unit that folds a PE column's partial sums into outputs, or "" where the PE
// needs none. The MixPE keeps one group partial sum per PE and dequantizes once per group in a
// per-column unit (rtl/group_dequant_unit.v); int4-mac, slim-mixed and lut-gemm emit group
// partial sums too. The FP4 block PEs emit block dots that a per-column unit scales by the block
// scales and accumulates in FP32 (rtl/fp4_block_fold_unit.v). The other baselines dequantize (or
// need no dequant) inside the PE.
std::string column_unit_for(const PeChoice& choice) {
  if (choice.pe == "mixpe" || choice.pe == "int4-mac" || choice.pe == "slim-mixed" ||
      choice.pe == "lut-gemm")
    return "group-dequant";
  if (choice.pe == "mx-fp4") return "mx-fp4-fold";
  if (choice.pe == "nv-fp4") return "nv-fp4-fold";
  return "";
}

int cols_for_rows(int rows, const HardwareConfig& base) {
  const int64_t cols = static_cast<int64_t>(rows) * base.array.cols / base.array.rows;
  return static_cast<int>(std::clamp<int64_t>(cols, 1, kMaxSide));
}

double clock_for(const NormalizationConfig& norm, const HardwareConfig& base,
                 const DesignPoint& point) {
  if (norm.clock == ClockPolicy::Fixed) return base.clock_ghz;
  if (point.fmax_mhz <= 0.0)
    throw std::invalid_argument(fmt::format(
        "normalization.clock = from-timing needs f_max for design '{}' (PE {}); the cost table "
        "has none (run `mixsim area` and give normalization.costs)",
        point.cost_design, point.pe));
  const double fmax_ghz = point.fmax_mhz * 1e-3;
  return norm.clock_cap_ghz > 0.0 ? std::min(fmax_ghz, norm.clock_cap_ghz) : fmax_ghz;
}

// The largest n (rows = n, cols from the aspect rule) whose metric fits the budget; 0 if none.
template <typename Metric>
int largest_fitting(const HardwareConfig& base, double budget, Metric metric) {
  int best = 0;
  for (int n = 1; n <= kMaxSide; ++n) {
    if (metric(n, cols_for_rows(n, base)) > budget) break;  // metrics grow with n
    best = n;
  }
  return best;
}

double budget_from_like(const NormalizationConfig& norm, const HardwareConfig& base,
                        const DesignCostTable& costs, bool power) {
  const PeChoice like{norm.like_pe, norm.like_recipe};
  const ArrayCost cost = array_cost(like, norm.like_rows, norm.like_cols, base.clock_ghz, costs);
  if (power && cost.power_mw < 0.0)
    throw std::invalid_argument(fmt::format(
        "normalization.like: PE '{}' has no power data for an iso-power budget", norm.like_pe));
  return power ? cost.power_mw : cost.area_mm2;
}

}  // namespace

std::string cost_design_for(const PeChoice& choice) {
  // A parameter point is costed by its own synthesis (`mixsim area --point`, docs/PES.md).
  if (choice.mixpe) return pe::mixpe_label(*choice.mixpe);
  if (choice.pe == "fp8-mac" && choice.recipe == "fp8-e5m2") return "fp8-mac-e5m2";
  if (choice.pe == "slim-mixed") return "mixpe";  // the same datapath (4-bit register, G = 128)
  // A bf16 / E4M3 recipe without parameters is charged the shipped FP16 design (an upper bound:
  // narrower significands; `pe: {type: mixpe, activation: ...}` gets the point's own synthesis).
  if (choice.pe == "mixpe" && float_activations(choice)) return "mixpe-fp16";
  return choice.pe;
}

int activation_bits_for(const PeChoice& choice) {
  // E2M1 / INT4 codes enter the array.
  if (choice.pe == "mx-fp4" || choice.pe == "nv-fp4" || choice.pe == "int4-mac") return 4;
  return sixteen_bit_activations(choice) ? 16 : 8;
}

ArrayCost array_cost(const PeChoice& choice, int rows, int cols, double clock_ghz,
                     const DesignCostTable& costs) {
  const DesignCost& pe = costs.at(cost_design_for(choice));
  const DesignCost edge = edge_register_bit();
  const double r = rows, c = cols;
  const double edge_bits = r * activation_bits_for(choice) + c * kOutputRegisterBits;
  double area_um2 = r * c * pe.area_um2 + edge_bits * edge.area_um2;
  const double mhz = clock_ghz * 1e3;
  bool has_power = pe.has_power;
  double power_mw = r * c * pe.power_mw(mhz) + edge_bits * edge.power_mw(mhz);
  if (const std::string column_unit = column_unit_for(choice); !column_unit.empty()) {
    const DesignCost& unit = costs.at(column_unit);
    area_um2 += c * unit.area_um2;
    power_mw += c * unit.power_mw(mhz);
    has_power = has_power && unit.has_power;
  }
  return ArrayCost{area_um2 * 1e-6, has_power ? power_mw : -1.0};
}

std::vector<DesignPoint> normalize_designs(const NormalizationConfig& norm,
                                           const HardwareConfig& base,
                                           const std::vector<PeChoice>& compare,
                                           const DesignCostTable& costs) {
  const bool iso_area = norm.mode == NormalizationMode::IsoArea;
  const bool iso_power = norm.mode == NormalizationMode::IsoPower;
  double budget = iso_area ? norm.budget_mm2 : norm.budget_mw;
  if ((iso_area || iso_power) && budget <= 0.0)
    budget = budget_from_like(norm, base, costs, iso_power);

  std::vector<DesignPoint> points;
  for (const PeChoice& choice : compare) {
    DesignPoint point;
    point.pe = choice.pe;
    point.recipe = choice.recipe;
    point.cost_design = cost_design_for(choice);
    const auto entry = costs.designs.find(point.cost_design);
    const bool has_cost = entry != costs.designs.end();
    if (!has_cost && (iso_area || iso_power || norm.clock == ClockPolicy::FromTiming))
      costs.at(point.cost_design);  // throws, naming the design and the known ones
    if (has_cost) point.fmax_mhz = entry->second.fmax_mhz;
    point.clock_ghz = clock_for(norm, base, point);
    if (iso_power && has_cost && !entry->second.has_power)
      throw std::invalid_argument(fmt::format(
          "normalization.mode = iso-power needs power data for design '{}' (PE {}); the cost "
          "table ({}) has none. Allowed: a costs file from `mixsim area` (it has leakage_mw and "
          "dynamic_pj_per_cycle), or mode same-array / iso-area",
          point.cost_design, point.pe, costs.source));
    point.rows = base.array.rows;
    point.cols = base.array.cols;
    if (iso_area || iso_power) {
      const double clock = point.clock_ghz;
      const int n = largest_fitting(base, budget, [&](int r, int c) {
        const ArrayCost cost = array_cost(choice, r, c, clock, costs);
        return iso_area ? cost.area_mm2 : cost.power_mw;
      });
      if (n == 0) {
        const ArrayCost one = array_cost(choice, 1, cols_for_rows(1, base), clock, costs);
        throw std::invalid_argument(fmt::format(
            "normalization.{} = {:.6g} {} is too small for one row and column of PE '{}' "
            "({}x{} array needs {:.6g} {}); allowed: >= {:.6g}",
            iso_area ? "budget_mm2" : "budget_mw", budget, iso_area ? "mm^2" : "mW", choice.pe,
            1, cols_for_rows(1, base), iso_area ? one.area_mm2 : one.power_mw,
            iso_area ? "mm^2" : "mW", iso_area ? one.area_mm2 : one.power_mw));
      }
      point.rows = n;
      point.cols = cols_for_rows(n, base);
    }
    if (has_cost) {
      const ArrayCost cost = array_cost(choice, point.rows, point.cols, point.clock_ghz, costs);
      point.area_mm2 = cost.area_mm2;
      point.power_mw = cost.power_mw;
    }
    points.push_back(point);
  }
  return points;
}

HardwareConfig design_hardware(const RunConfig& config, size_t p) {
  HardwareConfig hw = config.hardware;
  if (p < config.designs.size()) {
    hw.array.rows = config.designs[p].rows;
    hw.array.cols = config.designs[p].cols;
    hw.clock_ghz = config.designs[p].clock_ghz;
  }
  return hw;
}

const char* normalization_mode_name(NormalizationMode mode) {
  switch (mode) {
    case NormalizationMode::IsoArea: return "iso-area";
    case NormalizationMode::IsoPower: return "iso-power";
    case NormalizationMode::SameArray: break;
  }
  return "same-array";
}

void record_designs(const RunConfig& config, Results& results) {
  if (!config.normalization.given) return;
  results.normalization = normalization_mode_name(config.normalization.mode);
  for (const DesignPoint& d : config.designs)
    results.designs.push_back(DesignRecord{d.pe, d.recipe, d.rows, d.cols, d.clock_ghz,
                                           d.fmax_mhz, d.area_mm2, d.power_mw});
}

}  // namespace mixsim::sim
