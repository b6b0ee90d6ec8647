// int8-mac: W8A8 PE. INT8 x INT8 multiply, INT32 accumulation (models/pe/mac_pes.hpp,
// Int8MacPe); the per-channel weight scale and per-token activation scale are applied once per
// output by the GroupDequantUnit (one group of K). Its formats are fixed (INT8 weights and
// activations); values need operands quantized with recipe w8a8.
#include "sim/pe/integer_operands.hpp"
#include "sim/pe/operand_checks.hpp"
#include "sim/pe/pe_registry.hpp"

namespace mixsim::sim::pe_types {
namespace {

class Int8Mac final : public PeType {
 public:
  std::string name() const override { return "int8-mac"; }
  std::string description() const override {
    return "INT8 x INT8 multiply, INT32 accumulate, per-channel x per-token scale per output";
  }

  PeTraits traits(const std::string&, int64_t k) const override {
    PeTraits t;
    t.lane = Lane::Int32;
    t.weight_bits = 8;
    t.weight_register_bits = 8;
    t.activation_bytes = 1;
    t.dequant_group = k;
    t.mac_multiply = "mul_int8";
    t.mac_add = "add_int32";
    t.group_multiply = "mul_fp32";
    t.group_add = "add_fp32";
    t.output_multiply = "mul_fp32";
    return t;
  }

  ArrayOperands prepare_operands(const GemmJob& job) const override {
    const auto& ops = require_operands(job, name());
    if (ops.recipe.kind != RecipeKind::W8A8)
      throw std::invalid_argument("GEMM " + job.name + ": PE type int8-mac computes recipe w8a8, "
                                  "got operands of " + ops.recipe.name);
    return integer_lane_operands(job, ops, "INT8 activations");
  }

  std::unique_ptr<OutputEpilogue> make_epilogue(const GemmJob& job) const override {
    return float_scale_epilogue(job, name(), "INT8 activations");
  }
};

}  // namespace
}  // namespace mixsim::sim::pe_types

using mixsim::sim::pe_types::Int8Mac;
MIXSIM_REGISTER_PE_TYPE("int8-mac", Int8Mac)
