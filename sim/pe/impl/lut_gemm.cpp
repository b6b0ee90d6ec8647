// lut-gemm: LUT-GEMM (Park et al., arXiv 2206.09557) on binary-coded 3-bit weights (uniform BCQ,
// odd codes c in [-7, 7], models/bcq_quantizer.hpp; recipes lut-w3a8-gG) and INT8 activations.
// The PE builds a 16-entry table of signed sums per 4 activations and adds T[p0] + 2 T[p1] +
// 4 T[p2] per 4 weights (models/pe/lut_gemm_pe.hpp): no multiplier, and the result is exactly the
// integer group sum sum a*c, which the array's INT32 lanes compute; the column unit applies one
// float scale (alpha) per group - the w4a8 order. RTL: rtl/lut_gemm_pe.v.
#include "sim/pe/integer_operands.hpp"
#include "sim/pe/operand_checks.hpp"
#include "sim/pe/pe_registry.hpp"

namespace mixsim::sim::pe_types {
namespace {

class LutGemm final : public PeType {
 public:
  std::string name() const override { return "lut-gemm"; }
  std::string description() const override {
    return "binary-coded 3-bit weights x INT8 by table look-ups (3 per 4 weights), INT32 group "
           "sums, one dequant multiply per group";
  }

  PeTraits traits(const std::string& recipe_name, int64_t) const override {
    const Recipe r = parse_recipe(recipe_name);
    if (!r.binary_coded)
      throw std::invalid_argument("PE type lut-gemm does not run recipe " + r.name +
                                  "; it runs lut-w3a8-g32/64/128/256");
    PeTraits t;
    t.lane = Lane::Int32;
    t.weight_bits = 3;            // 3 bit-planes per weight in DRAM/SRAM
    t.weight_register_bits = 4;
    t.activation_bytes = 1;
    t.dequant_group = r.group_size;
    t.mac_multiply = "shift_add_int4_int8";  // 3 look-ups + shifted adds per weight (approximation)
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

using mixsim::sim::pe_types::LutGemm;
MIXSIM_REGISTER_PE_TYPE("lut-gemm", LutGemm)
