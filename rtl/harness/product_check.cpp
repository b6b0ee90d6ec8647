// Exhaustive INT4 x INT8 products through the verilated shift_add_mul (correct or faulty).
#include <string>

#include "Vshift_add_mul.h"
#include "Vshift_add_mul_faulty.h"
#include "models/shift_add.hpp"
#include "rtl/harness/rtl_checks.hpp"
#include "rtl/harness/rtl_params.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {
namespace {

template <class Model>
CheckResult run_products(const std::string& name, const std::string& vcd_path) {
  VerilatedSim<Model> sim(vcd_path);
  CheckResult result;
  result.name = name;
  result.detail =
      "all 16 x 256 (q, a) pairs, RTL product vs exact a*q and vs models "
      "shift_add_multiply_int4_int8";
  const int product_bits = kActivationBits + kWeightBits;
  for (int q = -8; q <= 7; ++q) {
    for (int a = -128; a <= 127; ++a) {
      sim.io().a = static_cast<uint8_t>(to_bits(a, kActivationBits));
      sim.io().w = static_cast<uint8_t>(to_bits(q, kWeightBits));
      sim.settle();
      const int64_t rtl = sign_extend(sim.io().p, product_bits);
      const int64_t expected = static_cast<int64_t>(a) * q;
      result.compare(rtl == expected, "a=" + std::to_string(a) + " q=" + std::to_string(q) +
                                          ": rtl " + std::to_string(rtl) + ", expected " +
                                          std::to_string(expected));
      const int64_t model = shift_add_multiply_int4_int8(q, static_cast<int8_t>(a));
      result.compare(rtl == model, "a=" + std::to_string(a) + " q=" + std::to_string(q) +
                                       ": rtl " + std::to_string(rtl) + ", models shift_add " +
                                       std::to_string(model));
    }
  }
  sim.finish();
  return result;
}

}  // namespace

bool verilator_available() { return true; }

CheckResult check_shift_add_products(MultiplierVariant variant, const std::string& vcd_path) {
  if (variant == MultiplierVariant::FaultyShift) {
    return run_products<Vshift_add_mul_faulty>("mixpe-faulty.products_exhaustive", vcd_path);
  }
  return run_products<Vshift_add_mul>("mixpe.products_exhaustive", vcd_path);
}

}  // namespace mixsim::rtl
