#include "rtl/harness/validation.hpp"

#include <stdexcept>

#include "rtl/harness/fp4_block_checks.hpp"
#include "rtl/harness/fp4_fold_checks.hpp"
#include "rtl/harness/mac_pe_checks.hpp"
#include "rtl/harness/lut_gemm_checks.hpp"
#include "rtl/harness/slim_checks.hpp"
#include "rtl/harness/mixpe_point_checks.hpp"
#include "rtl/harness/rtl_checks.hpp"

namespace mixsim::rtl {
namespace {

// Case counts for the CLI run: the same sizes tests/rtl uses.
constexpr int kGroups = 64;
constexpr int kDotProducts = 64;
constexpr int kDequantOutputs = 256;
constexpr int kArrayTokens = 8;
constexpr int kArrayGroups = 4;
constexpr int kAdderPairs = 200000;

std::string joined_names() {
  std::string names;
  for (const std::string& name : validation_pe_names()) {
    names += (names.empty() ? "" : ", ") + name;
  }
  return names;
}

}  // namespace

std::vector<std::string> validation_pe_names() {
  return {"all",   "mixpe",        "mixpe-fp16",   "dequant-mac", "int8-mac", "fp16-mac",
          "group-dequant", "array", "mixpe-points", "mixpe-faulty", "array-faulty",
          "fp32-adder-faulty", "mixpe-points-faulty", "mx-fp4", "nv-fp4", "mx-fp4-faulty", "int4-mac", "fp8-mac",
          "int4-mac-narrow", "fp8-mac-faulty", "slim-mixed", "lut-gemm", "lut-gemm-faulty",
          "mixpe-bf16", "mixpe-fp8", "mixpe-bf16-faulty", "mx-fp4-fold", "nv-fp4-fold",
          "nv-fp4-fold-faulty"};
}

std::vector<CheckResult> run_validation(const ValidationOptions& options) {
  const std::string& pe = options.pe;
  bool known = false;
  for (const std::string& name : validation_pe_names()) known = known || name == pe;
  if (!known) {
    throw std::invalid_argument("unknown --pe '" + pe + "'; allowed: " + joined_names());
  }
  if (pe == "all" && !options.vcd_path.empty()) {
    throw std::invalid_argument("--vcd writes one PE's waveform: also give --pe (one of " +
                                joined_names() + " except all)");
  }
  const uint32_t seed = options.seed;
  const std::string& vcd = options.vcd_path;
  const bool all = pe == "all";
  std::vector<CheckResult> results;
  if (all || pe == "mixpe") {
    results.push_back(check_shift_add_products(MultiplierVariant::Correct));
    results.push_back(check_group_accumulation(GroupPeVariant::Correct, seed, kGroups, vcd));
    results.push_back(check_full_scale_groups(GroupPeVariant::Correct));
  }
  if (all || pe == "mixpe-fp16") {
    results.push_back(check_shift_add_fp16_products());
    results.push_back(check_fp32_adder(AdderVariant::Correct, seed, kAdderPairs));
    results.push_back(check_fp16_pe_against_golden(seed, 4, 4, 4, vcd));
  }
  if (all || pe == "dequant-mac") results.push_back(check_dequant_mac(seed, kDotProducts, vcd));
  if (all || pe == "int8-mac") results.push_back(check_int8_mac(seed, kDotProducts, vcd));
  if (all || pe == "fp16-mac") results.push_back(check_fp16_mac(seed, kDotProducts, vcd));
  if (all || pe == "group-dequant") {
    results.push_back(check_group_dequant_unit(seed, kDequantOutputs, vcd));
  }
  if (all || pe == "array") {
    results.push_back(
        check_array_tile(ArrayVariant::Correct, seed, kArrayTokens, kArrayGroups, vcd));
    results.push_back(check_array_against_golden(seed, kArrayTokens, kArrayGroups));
  }
  if (all || pe == "mixpe-points") {  // parameter points (rtl/harness/mixpe_point_checks.hpp)
    for (const pe::MixPeParams& p : verilated_mixpe_points()) {
      results.push_back(check_mixpe_point_products(p, PointVariant::Correct));
      results.push_back(check_mixpe_point_groups(p, PointVariant::Correct, seed, (1 << 18) / p.group + 1));
      results.push_back(check_mixpe_point_golden(p, seed, 3, 5, 4));
    }
    results.push_back(check_mixpe_fp16_point_pairs());
    results.push_back(check_mixpe_fp16_point_golden(seed, 3, 5, 4));
  }
  for (const auto& [name, format] : {std::pair{"mx-fp4", Fp4Format::Mx}, std::pair{"nv-fp4", Fp4Format::Nv}}) {
    if (!all && pe != name) continue;
    results.push_back(check_fp4_products(format, Fp4Variant::Correct));
    results.push_back(check_fp4_blocks(format, Fp4Variant::Correct, seed, (1 << 20) / (format == Fp4Format::Mx ? 32 : 16)));
    results.push_back(check_fp4_golden(format, seed, 3, 5, 4));
  }
  for (const auto& [name, format] : {std::pair{"mx-fp4-fold", Fp4Format::Mx}, std::pair{"nv-fp4-fold", Fp4Format::Nv}}) {
    if (!all && pe != name) continue;
    results.push_back(check_fp4_fold_random(format, Fp4FoldVariant::Correct, seed, 1 << 20));
    results.push_back(check_fp4_fold_golden(format, seed, 4, 7, 8));
  }
  if (all || pe == "int4-mac") {
    for (Int4MacVariant v : {Int4MacVariant::Correct, Int4MacVariant::Asym}) {
      results.push_back(check_int4_mac_products(v));
      results.push_back(check_int4_mac_groups(v, seed, (1 << 20) / kInt4MacGroup));
      results.push_back(check_int4_mac_golden(v == Int4MacVariant::Correct, seed, 3, 5, 4));
    }
  }
  if (all || pe == "fp8-mac") {
    for (Fp8Format f : {Fp8Format::E4M3, Fp8Format::E5M2}) {
      results.push_back(check_fp8_mac_products(f, Fp8MacVariant::Correct));
      results.push_back(check_fp8_mac_dots(f, seed, 4096));
      results.push_back(check_fp8_mac_golden(f, seed, 3, 5, 256));
    }
  }
  for (const auto& [name, format] : {std::pair{"mixpe-bf16", FloatActivation::BF16},
                                     std::pair{"mixpe-fp8", FloatActivation::FP8E4M3}}) {
    if (!all && pe != name) continue;
    results.push_back(check_float_activation_products(format, FloatVariant::Correct));
    results.push_back(check_mixpe_float_point_groups(format, seed, (1 << 20) / 128));
    results.push_back(check_mixpe_float_point_golden(format, seed, 3, 5, 4));
  }
  if (all || pe == "slim-mixed") results.push_back(check_slim_golden(seed, 4, 6, 8));
  if (all || pe == "lut-gemm") {
    results.push_back(check_lut_single_weights(LutVariant::Correct));
    results.push_back(check_lut_groups(LutVariant::Correct, seed, (1 << 20) / 128));
    results.push_back(check_lut_golden(seed, 3, 5, 4));
  }
  if (pe == "lut-gemm-faulty") results.push_back(check_lut_single_weights(LutVariant::FaultyPlaneWeight));
  if (pe == "int4-mac-narrow") results.push_back(check_int4_mac_groups(Int4MacVariant::Narrow, seed, 64));
  if (pe == "fp8-mac-faulty") results.push_back(check_fp8_mac_products(Fp8Format::E4M3, Fp8MacVariant::FaultySubnormal));
  if (pe == "mx-fp4-faulty") results.push_back(check_fp4_products(Fp4Format::Mx, Fp4Variant::FaultyDecode));
  if (pe == "nv-fp4-fold-faulty")
    results.push_back(check_fp4_fold_random(Fp4Format::Nv, Fp4FoldVariant::FaultySubnormalScale, seed, 4096));
  if (pe == "mixpe-bf16-faulty")
    results.push_back(check_float_activation_products(FloatActivation::BF16, FloatVariant::FaultySubnormal));
  if (pe == "mixpe-points-faulty") {
    results.push_back(check_mixpe_point_products(verilated_mixpe_points().at(1), PointVariant::FaultyShift));
  }
  // The broken designs only on request: their checks failing is the expected outcome.
  if (pe == "mixpe-faulty") {
    results.push_back(check_shift_add_products(MultiplierVariant::FaultyShift, vcd));
  }
  if (pe == "fp32-adder-faulty") {
    results.push_back(check_fp32_adder(AdderVariant::FaultyTiesAway, seed, kAdderPairs, vcd));
  }
  if (pe == "array-faulty") {
    results.push_back(
        check_array_tile(ArrayVariant::FaultyShift, seed, kArrayTokens, kArrayGroups, vcd));
  }
  return results;
}

}  // namespace mixsim::rtl
