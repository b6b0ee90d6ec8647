// dequant-mac: the conventional "dequantize first" PE (what GPUs and most accelerators do).
// Each INT4 weight is dequantized to FP16 on its way into the array (one FP16 multiply per
// weight entering the array: per product when each weight is used once, as in decode), then an
// FP16 multiplier and an FP32 adder per MAC (models/pe/mac_pes.hpp, DequantMacPe).
#include "models/pe/mac_pes.hpp"
#include "sim/pe/epilogues.hpp"
#include "sim/pe/operand_checks.hpp"
#include "sim/pe/pe_registry.hpp"

namespace mixsim::sim::pe_types {
namespace {

class DequantMac final : public PeType {
 public:
  std::string name() const override { return "dequant-mac"; }
  std::string description() const override {
    return "INT4 weight dequantized to FP16 per weight, FP16 multiply, FP32 accumulate";
  }

  PeTraits traits(const std::string& recipe_name, int64_t k) const override {
    const Recipe r = parse_recipe(recipe_name);
    // Its multiplier is FP16 x FP16: BF16 and E4M3 activations (w4abf16, w4afp8) are MixPE-only.
    if ((r.kind != RecipeKind::W4A8 && r.kind != RecipeKind::W4A16) ||
        (r.kind == RecipeKind::W4A16 && r.float_activation != FloatActivation::FP16))
      throw std::invalid_argument("PE type dequant-mac does not run recipe " + r.name +
                                  "; it runs w4a8-g* and w4a16-g*");
    PeTraits t;
    t.lane = Lane::Float32;
    t.weight_bits = r.weight_bits;
    t.weight_register_bits = 16;
    t.activation_bytes = r.kind == RecipeKind::W4A16 ? 2 : 1;
    t.dequant_group = k;  // no group step: the scale is applied per weight
    t.mac_multiply = "mul_fp16";
    t.mac_add = "add_fp32";
    t.weight_dequant = "mul_fp16";
    t.output_multiply = r.kind == RecipeKind::W4A8 ? "mul_fp32" : "";
    return t;
  }

  ArrayOperands prepare_operands(const GemmJob& job) const override {
    const auto& ops = require_operands(job, name());
    require_recipe_match(job, ops);
    const auto& w = require_member(ops.weights, job, "weights");
    require_shape(job, w.rows, w.cols, job.n, job.k, "W");
    ArrayOperands out;
    out.lane = Lane::Float32;
    out.m = job.m;
    out.n = job.n;
    out.k = job.k;
    out.owned_w_f32.resize(static_cast<size_t>(w.rows * w.cols));
    const int64_t groups = w.groups();
    for (int64_t n = 0; n < w.rows; ++n)
      for (int64_t g = 0; g < groups; ++g) {
        const float s = w.scale(n, g);
        const int z = w.zero(n, g);
        const size_t base = static_cast<size_t>(n * w.cols + g * w.group_size);
        for (int64_t i = 0; i < w.group_size; ++i)
          out.owned_w_f32[base + static_cast<size_t>(i)] = mixsim::pe::DequantMacPe::dequantize(
              s, w.codes[base + static_cast<size_t>(i)] - z);
      }
    out.w_f32 = out.owned_w_f32.data();
    if (ops.recipe.kind == RecipeKind::W4A16) {
      const auto& x = require_member(ops.activations_fp16, job, "FP16 activations");
      require_shape(job, x.rows(), x.cols(), job.m, job.k, "X");
      out.act_f32 = x.data();
    } else if (ops.recipe.kind == RecipeKind::W4A8) {
      const auto& a = require_member(ops.activations, job, "INT8 activations");
      require_shape(job, a.rows, a.cols, job.m, job.k, "X");
      out.act_i8 = a.codes.data();  // INT8 codes are exact in FP16: widened to FP32 lanes
    } else {
      throw std::invalid_argument("PE type dequant-mac cannot compute recipe " + ops.recipe.name);
    }
    return out;
  }

  std::unique_ptr<OutputEpilogue> make_epilogue(const GemmJob& job) const override {
    const auto& ops = require_operands(job, name());
    const std::vector<float>* row_scales =
        ops.recipe.kind == RecipeKind::W4A8
            ? &require_member(ops.activations, job, "INT8 activations").scales
            : nullptr;
    return std::make_unique<PlainFloatEpilogue>(job.m, job.n, row_scales);
  }
};

}  // namespace
}  // namespace mixsim::sim::pe_types

using mixsim::sim::pe_types::DequantMac;
MIXSIM_REGISTER_PE_TYPE("dequant-mac", DequantMac)
