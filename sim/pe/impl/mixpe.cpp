// mixpe: MixPE-style PE. INT4 weights (q - z held in a 5-bit register) times INT8 activations by
// shift-and-add (models/pe/shift_add_pe.hpp), INT32 partial sums flowing down a column; the
// per-column GroupDequantUnit applies one scale multiply per group (float or integer scale).
// With float activations (w4a16, w4abf16, w4afp8 recipes) the same shift-and-add runs on the
// activation's significand (models/pe/shift_add_float.hpp: the product is exact in FP32), group
// partials accumulate in FP32, and E4M3's per-token scale is applied once per output.
#include "models/pe/shift_add_pe.hpp"
#include "sim/pe/epilogues.hpp"
#include "sim/pe/operand_checks.hpp"
#include "sim/pe/pe_registry.hpp"

namespace mixsim::sim::pe_types {
namespace {

class MixPe final : public PeType {
 public:
  std::string name() const override { return "mixpe"; }
  std::string description() const override {
    return "INT4 x INT8/FP16/BF16/FP8 by shift-and-add, INT32/FP32 group partial sums, one "
           "dequant multiply per group per output";
  }

  PeTraits traits(const std::string& recipe_name, int64_t k) const override {
    const Recipe r = parse_recipe(recipe_name);
    PeTraits t;
    t.weight_bits = r.weight_bits;
    t.weight_register_bits = mixsim::pe::ShiftAddPe::kWeightBits;
    t.dequant_group = r.group_size;
    switch (r.kind) {
      case RecipeKind::W4A8:
      case RecipeKind::W4A8IntScale: {
        const bool int_scale = r.kind == RecipeKind::W4A8IntScale;
        t.lane = Lane::Int32;
        t.activation_bytes = 1;
        t.mac_multiply = "shift_add_int4_int8";
        t.mac_add = "add_int32";
        t.group_multiply = int_scale ? "mul_int32" : "mul_fp32";
        t.group_add = int_scale ? "add_int32" : "add_fp32";
        t.output_multiply = "mul_fp32";
        return t;
      }
      case RecipeKind::W4A16: {
        const bool fp8 = r.float_activation == FloatActivation::FP8E4M3;
        t.lane = Lane::Float32;
        t.activation_bytes = fp8 ? 1 : 2;
        // The energy table has one float shift-add entry (FP16's 11-bit significand): an upper
        // bound for BF16's 8 and E4M3's 4 significand bits (docs/PES.md).
        t.mac_multiply = "shift_add_int4_fp16";
        t.mac_add = "add_fp32";
        t.group_multiply = "mul_fp32";
        t.group_add = "add_fp32";
        if (fp8) t.output_multiply = "mul_fp32";
        return t;
      }
      default:
        throw std::invalid_argument("PE type mixpe does not run recipe " + r.name +
                                    "; it runs w4a8-g*, w4a8-g*-intscale, w4a16-g*, w4abf16-g* "
                                    "and w4afp8-g*");
    }
  }

  ArrayOperands prepare_operands(const GemmJob& job) const override {
    const auto& ops = require_operands(job, name());
    require_recipe_match(job, ops);
    const auto& w = require_member(ops.weights, job, "weights");
    require_shape(job, w.rows, w.cols, job.n, job.k, "W");
    ArrayOperands out;
    out.m = job.m;
    out.n = job.n;
    out.k = job.k;
    if (ops.recipe.kind == RecipeKind::W4A16) {
      const auto& x = require_member(ops.activations_fp16, job, "float activations");
      require_shape(job, x.rows(), x.cols(), job.m, job.k, "X");
      out.lane = Lane::Float32;
      out.act_f32 = x.data();
      out.w_i8 = centered_weights(w, out.owned_w_i8);
    } else {
      const auto& a = require_member(ops.activations, job, "INT8 activations");
      require_shape(job, a.rows, a.cols, job.m, job.k, "X");
      out.lane = Lane::Int32;
      out.act_i8 = a.codes.data();
      out.w_i8 = centered_weights(w, out.owned_w_i8);
    }
    return out;
  }

  std::unique_ptr<OutputEpilogue> make_epilogue(const GemmJob& job) const override {
    const auto& ops = require_operands(job, name());
    const auto& w = require_member(ops.weights, job, "weights");
    switch (ops.recipe.kind) {
      case RecipeKind::W4A8:
        return std::make_unique<FloatScaleEpilogue>(
            w, require_member(ops.activations, job, "INT8 activations"));
      case RecipeKind::W4A8IntScale:
        return std::make_unique<IntegerScaleEpilogue>(
            w, require_member(ops.integer_scales, job, "integer scales"),
            require_member(ops.activations, job, "INT8 activations"));
      case RecipeKind::W4A16:
        return std::make_unique<FloatActivationEpilogue>(
            w, job.m,
            ops.recipe.float_activation == FloatActivation::FP8E4M3
                ? &require_member(ops.activations_fp8, job, "E4M3 activation scales").scales
                : nullptr);
      default:
        throw std::invalid_argument("PE type mixpe cannot compute recipe " + ops.recipe.name);
    }
  }
};

}  // namespace
}  // namespace mixsim::sim::pe_types

using mixsim::sim::pe_types::MixPe;
MIXSIM_REGISTER_PE_TYPE("mixpe", MixPe)
