// The default per-action energy table. Primary figures: M. Horowitz, "Computing's energy
// problem (and what we can do about it)", ISSCC 2014, 45 nm, 0.9 V. Entries that the paper does
// not list are derived from its figures; the derivation is written next to each one.
#include "models/energy_table.hpp"

#include <stdexcept>

namespace mixsim {
namespace {

constexpr const char* kHorowitz = "Horowitz, ISSCC 2014, 45 nm 0.9 V";

// Integer add energy by width, linear between Horowitz's 8-bit (0.03 pJ) and 32-bit (0.1 pJ)
// adds, proportional to width below 8 bits (ripple/prefix adders grow ~linearly with width).
double int_add_pj(int bits) {
  if (bits <= 8) return 0.03 * bits / 8.0;
  return 0.03 + (0.1 - 0.03) * (bits - 8) / 24.0;
}

}  // namespace

double EnergyTable::energy_of(const std::string& action) const {
  const auto it = actions.find(action);
  if (it == actions.end()) {
    std::string known;
    for (const auto& [name, entry] : actions) known += (known.empty() ? "" : ", ") + name;
    throw std::invalid_argument("energy table (" + node + "): unknown action '" + action +
                                "'; known actions: " + known);
  }
  return it->second.picojoules * scale_from_45nm;
}

EnergyTable default_energy_table() {
  EnergyTable t;
  t.node = "45nm";
  t.scale_from_45nm = 1.0;
  auto& a = t.actions;
  const std::string h = kHorowitz;
  a["add_int8"] = {0.03, h};
  a["add_int32"] = {0.1, h};
  a["add_fp16"] = {0.4, h};
  a["add_fp32"] = {0.9, h};
  a["mul_int8"] = {0.2, h};
  a["mul_int32"] = {3.1, h};
  a["mul_fp16"] = {1.1, h};
  a["mul_fp32"] = {3.7, h};
  a["sram_read_64b_8kb"] = {10.0, h + " (64-bit read, 8 KB SRAM)"};
  a["sram_read_64b_32kb"] = {20.0, h + " (64-bit read, 32 KB SRAM)"};
  a["sram_read_64b_1mb"] = {100.0, h + " (64-bit read, 1 MB SRAM)"};
  a["dram_access_64b"] = {1950.0, h + ": 1.3-2.6 nJ per 64-bit DRAM access; midpoint used"};
  // Derived entries.
  a["shift_add_int4_int8"] = {
      3 * int_add_pj(12),
      "derived: INT4xINT8 by shift-and-add = a 3-adder tree over 12-bit shifted terms; "
      "12-bit add interpolated linearly between Horowitz 8-bit 0.03 pJ and 32-bit 0.1 pJ "
      "(0.0417 pJ), x3"};
  a["shift_add_int4_fp16"] = {
      4 * int_add_pj(5) + 3 * int_add_pj(16) + 0.4,
      "derived: INT4xFP16 by shift-and-add = 4 exponent increments (5-bit adds, 0.01875 pJ "
      "each) + a 3-adder tree on 16-bit aligned significands (0.0533 pJ each) + one "
      "normalization/rounding costed as a Horowitz FP16 add (0.4 pJ)"};
  a["register_access_8b"] = {
      0.03,
      "assumption: writing+reading one byte of a pipeline register costs about one 8-bit "
      "integer add (Horowitz 0.03 pJ); Horowitz does not list flip-flop energy"};
  t.leakage_pj_per_pe_cycle = 0.005;
  t.leakage_source =
      "assumption: 0.005 pJ per PE per cycle (about 2.5% of an INT8 multiply), a placeholder "
      "for 45 nm standard-cell leakage of a ~1k-gate PE; override in the config";
  return t;
}

}  // namespace mixsim
