// slim-mixed: SliM-LLM-style mixed-precision groups on the MixPE datapath. Each (row, group) of
// W has 2, 3 or 4 bits chosen by salience (models/slim_quantizer.hpp, recipes slim-w3a8-gG,
// average 3 bits in DRAM/SRAM); every code fits the signed 4-bit shift-and-add register, so the
// array computes exact INT32 group partial sums and the column unit applies one float scale
// multiply per group - the w4a8 order. RTL: rtl/mixpe_pe.v (W_WIDTH 4), checked on slim GEMMs.
#include "sim/pe/integer_operands.hpp"
#include "sim/pe/operand_checks.hpp"
#include "sim/pe/pe_registry.hpp"

namespace mixsim::sim::pe_types {
namespace {

class SlimMixed final : public PeType {
 public:
  std::string name() const override { return "slim-mixed"; }
  std::string description() const override {
    return "per-group 2/3/4-bit weights (salience) x INT8 by shift-and-add, one dequant per group";
  }

  PeTraits traits(const std::string& recipe_name, int64_t) const override {
    const Recipe r = parse_recipe(recipe_name);
    if (!r.mixed_bits)
      throw std::invalid_argument("PE type slim-mixed does not run recipe " + r.name +
                                  "; it runs slim-w3a8-g32/64/128/256");
    PeTraits t;
    t.lane = Lane::Int32;
    t.weight_bits = 3;            // the average stored width (the 2-bit width tags are not counted)
    t.weight_register_bits = 4;
    t.activation_bytes = 1;
    t.dequant_group = r.group_size;
    t.mac_multiply = "shift_add_int4_int8";
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
    return integer_lane_operands(job, ops, "INT8 activations");
  }

  std::unique_ptr<OutputEpilogue> make_epilogue(const GemmJob& job) const override {
    return float_scale_epilogue(job, name(), "INT8 activations");
  }
};

}  // namespace
}  // namespace mixsim::sim::pe_types

using mixsim::sim::pe_types::SlimMixed;
MIXSIM_REGISTER_PE_TYPE("slim-mixed", SlimMixed)
