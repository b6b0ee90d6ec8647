// int4-mac: W4A4 PE. INT4 activation x INT4 weight (centred q - z for asymmetric weights: 5
// bits) by a real multiplier, exact INT32 group partial sums flowing down a column, and one
// float scale multiply per group per output in the column unit - the w4a8 order of
// docs/ARITHMETIC.md §9 with 4-bit per-token activation codes (recipes w4a4-gG[-asym]).
// RTL: rtl/int8_mac_pe.v with A_WIDTH = B_WIDTH = 4 (rtl/CMakeLists.txt, docs/PES.md).
#include "sim/pe/integer_operands.hpp"
#include "sim/pe/operand_checks.hpp"
#include "sim/pe/pe_registry.hpp"

namespace mixsim::sim::pe_types {
namespace {

class Int4Mac final : public PeType {
 public:
  std::string name() const override { return "int4-mac"; }
  std::string description() const override {
    return "INT4 x INT4 multiply, INT32 group partial sums, one dequant multiply per group";
  }

  PeTraits traits(const std::string& recipe_name, int64_t) const override {
    const Recipe r = parse_recipe(recipe_name);
    if (r.kind != RecipeKind::W4A8 || r.activation_bits != 4 || r.weight_bits != 4)
      throw std::invalid_argument("PE type int4-mac does not run recipe " + r.name +
                                  "; it runs w4a4-g32/64/128/256[-asym]");
    PeTraits t;
    t.lane = Lane::Int32;
    t.weight_bits = 4;
    t.weight_register_bits = r.weight_symmetric ? 4 : 5;
    t.activation_bytes = 1;  // a 4-bit code per byte lane
    t.dequant_group = r.group_size;
    t.mac_multiply = "mul_int8";  // a 4 x 4-bit multiplier, priced as the INT8 multiply (a bound)
    t.mac_add = "add_int32";
    t.group_multiply = "mul_fp32";
    t.group_add = "add_fp32";
    t.output_multiply = "mul_fp32";
    return t;
  }

  ArrayOperands prepare_operands(const GemmJob& job) const override {
    const auto& ops = require_operands(job, name());
    require_recipe_match(job, ops);
    traits(ops.recipe.name, job.k);
    return integer_lane_operands(job, ops, "INT4 activations");
  }

  std::unique_ptr<OutputEpilogue> make_epilogue(const GemmJob& job) const override {
    return float_scale_epilogue(job, name(), "INT4 activations");
  }
};

}  // namespace
}  // namespace mixsim::sim::pe_types

using mixsim::sim::pe_types::Int4Mac;
MIXSIM_REGISTER_PE_TYPE("int4-mac", Int4Mac)
