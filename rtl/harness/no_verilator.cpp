// Built instead of the verilated checks when CMake found no Verilator: every check refuses to
// run with a clear message (tests/rtl skip on verilator_available() == false).
#include <stdexcept>

#include "rtl/harness/fp4_block_checks.hpp"
#include "rtl/harness/fp4_fold_checks.hpp"
#include "rtl/harness/mac_pe_checks.hpp"
#include "rtl/harness/lut_gemm_checks.hpp"
#include "rtl/harness/slim_checks.hpp"
#include "rtl/harness/mixpe_point_checks.hpp"
#include "rtl/harness/rtl_checks.hpp"
#include "rtl/harness/validation.hpp"

namespace mixsim::rtl {
namespace {
[[noreturn]] void no_verilator() {
  throw std::runtime_error(
      "this mixsim was built without Verilator; install verilator (scripts/setup) and "
      "reconfigure to run the RTL checks");
}
}  // namespace

bool verilator_available() { return false; }
CheckResult check_shift_add_products(MultiplierVariant, const std::string&) { no_verilator(); }
CheckResult check_shift_add_fp16_products(const std::string&) { no_verilator(); }
CheckResult check_fp32_adder(AdderVariant, uint32_t, int, const std::string&) { no_verilator(); }
CheckResult check_fp16_pe_against_golden(uint32_t, int, int, int, const std::string&) {
  no_verilator();
}
CheckResult check_group_accumulation(GroupPeVariant, uint32_t, int, const std::string&) {
  no_verilator();
}
CheckResult check_full_scale_groups(GroupPeVariant, const std::string&) { no_verilator(); }
CheckResult check_dequant_mac(uint32_t, int, const std::string&) { no_verilator(); }
CheckResult check_int8_mac(uint32_t, int, const std::string&) { no_verilator(); }
CheckResult check_fp16_mac(uint32_t, int, const std::string&) { no_verilator(); }
CheckResult check_group_dequant_unit(uint32_t, int, const std::string&) { no_verilator(); }
CheckResult check_array_tile(ArrayVariant, uint32_t, int, int, const std::string&) {
  no_verilator();
}
CheckResult check_array_against_golden(uint32_t, int, int, const std::string&) {
  no_verilator();
}
std::vector<pe::MixPeParams> verilated_mixpe_points() { no_verilator(); }
CheckResult check_mixpe_point_products(const pe::MixPeParams&, PointVariant) { no_verilator(); }
CheckResult check_mixpe_point_groups(const pe::MixPeParams&, PointVariant, uint32_t, int) {
  no_verilator();
}
CheckResult check_mixpe_point_golden(const pe::MixPeParams&, uint32_t, int, int, int) {
  no_verilator();
}
pe::MixPeParams verilated_mixpe_fp16_point() { no_verilator(); }
CheckResult check_mixpe_fp16_point_pairs() { no_verilator(); }
CheckResult check_mixpe_fp16_point_golden(uint32_t, int, int, int) { no_verilator(); }
pe::MixPeParams verilated_mixpe_float_point(FloatActivation) { no_verilator(); }
CheckResult check_fp4_fold_random(Fp4Format, Fp4FoldVariant, uint32_t, int) { no_verilator(); }
CheckResult check_fp4_fold_golden(Fp4Format, uint32_t, int, int, int) { no_verilator(); }
CheckResult check_float_activation_products(FloatActivation, FloatVariant) { no_verilator(); }
CheckResult check_mixpe_float_point_groups(FloatActivation, uint32_t, int) { no_verilator(); }
CheckResult check_mixpe_float_point_golden(FloatActivation, uint32_t, int, int, int) { no_verilator(); }
CheckResult check_fp4_products(Fp4Format, Fp4Variant) { no_verilator(); }
CheckResult check_fp4_blocks(Fp4Format, Fp4Variant, uint32_t, int) { no_verilator(); }
CheckResult check_fp4_golden(Fp4Format, uint32_t, int, int, int) { no_verilator(); }
CheckResult check_int4_mac_products(Int4MacVariant) { no_verilator(); }
CheckResult check_int4_mac_groups(Int4MacVariant, uint32_t, int) { no_verilator(); }
CheckResult check_int4_mac_golden(bool, uint32_t, int, int, int) { no_verilator(); }
CheckResult check_fp8_mac_products(Fp8Format, Fp8MacVariant) { no_verilator(); }
CheckResult check_fp8_mac_dots(Fp8Format, uint32_t, int) { no_verilator(); }
CheckResult check_fp8_mac_golden(Fp8Format, uint32_t, int, int, int) { no_verilator(); }
CheckResult check_slim_golden(uint32_t, int, int, int) { no_verilator(); }
CheckResult check_lut_single_weights(LutVariant) { no_verilator(); }
CheckResult check_lut_groups(LutVariant, uint32_t, int) { no_verilator(); }
CheckResult check_lut_golden(uint32_t, int, int, int) { no_verilator(); }
std::vector<std::string> validation_pe_names() { return {"all"}; }
std::vector<CheckResult> run_validation(const ValidationOptions&) { no_verilator(); }

}  // namespace mixsim::rtl

#include "rtl/harness/top/top_check.hpp"

namespace mixsim::rtl {

TopGemmResult run_top_gemm(const TopDesign&, const TopGemmCase&, const std::string&) {
  throw std::runtime_error("this mixsim was built without Verilator: the RTL top cannot run");
}

}  // namespace mixsim::rtl
