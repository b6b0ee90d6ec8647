// fp8-mac: FP8 MAC PE (E4M3 or E5M2 operands, FP32 accumulation; COAT-style FP8 GEMMs). Each
// product of two FP8 values is exact in FP32; the column sums the whole K in FP32, k ascending
// (one "group" of K), and the column unit applies the per-token and per-channel FP32 scales:
// Y = fl32(fl32(acc * sx[m]) * sw[n]) (models/fp8_quantizer.hpp). Recipes fp8-e4m3, fp8-e5m2.
// RTL: rtl/fp8_mac_pe.v (FP8 -> FP16 widening + fp16_mac_pe).
#include "models/fp8_quantizer.hpp"
#include "sim/pe/operand_checks.hpp"
#include "sim/pe/pe_registry.hpp"

namespace mixsim::sim::pe_types {
namespace {

class Fp8Epilogue final : public OutputEpilogue {
 public:
  Fp8Epilogue(const Fp8Matrix& x, const Fp8Matrix& w)
      : x_(x), w_(w), acc_(static_cast<size_t>(x.rows * w.rows), 0.0f) {}
  void fold_group(int64_t, int64_t, int, int64_t, const int32_t*) override {
    throw std::logic_error("Fp8Epilogue: FP32 partial sums expected");
  }
  void fold_group(int64_t m, int64_t n0, int cols, int64_t g, const float* p) override {
    if (g != 0) throw std::logic_error("Fp8Epilogue: one group of K expected");
    float* acc = &acc_[static_cast<size_t>(m * w_.rows + n0)];
    for (int c = 0; c < cols; ++c) acc[c] = p[c];
  }
  float output(int64_t m, int64_t n) const override {
    const float scaled = acc_[static_cast<size_t>(m * w_.rows + n)] * x_.scales[static_cast<size_t>(m)];
    return scaled * w_.scales[static_cast<size_t>(n)];
  }

 private:
  const Fp8Matrix& x_;
  const Fp8Matrix& w_;
  std::vector<float> acc_;
};

std::vector<float> decoded(const Fp8Matrix& m) {
  std::vector<float> v(m.codes.size());
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(fp8_decode(m.format, m.codes[i]));
  return v;
}

class Fp8Mac final : public PeType {
 public:
  std::string name() const override { return "fp8-mac"; }
  std::string description() const override {
    return "FP8 (E4M3/E5M2) x FP8, exact FP32 product, FP32 accumulation, per-row scales per output";
  }

  PeTraits traits(const std::string& recipe_name, int64_t k) const override {
    const Recipe r = parse_recipe(recipe_name);
    if (r.kind != RecipeKind::FP8)
      throw std::invalid_argument("PE type fp8-mac does not run recipe " + r.name +
                                  "; it runs fp8-e4m3, fp8-e5m2");
    PeTraits t;
    t.lane = Lane::Float32;
    t.weight_bits = 8;
    t.weight_register_bits = 8;
    t.activation_bytes = 1;
    t.dequant_group = k;
    t.mac_multiply = "mul_fp16";  // an FP8 multiplier, priced as the FP16 multiply (a bound)
    t.mac_add = "add_fp32";
    t.group_multiply = "mul_fp32";
    t.output_multiply = "mul_fp32";
    return t;
  }

  ArrayOperands prepare_operands(const GemmJob& job) const override {
    const auto& ops = require_operands(job, name());
    require_recipe_match(job, ops);
    traits(ops.recipe.name, job.k);
    const auto& x = require_member(ops.activations_fp8, job, "FP8 activations");
    const auto& w = require_member(ops.weights_fp8, job, "FP8 weights");
    require_shape(job, x.rows, x.cols, job.m, job.k, "X");
    require_shape(job, w.rows, w.cols, job.n, job.k, "W");
    ArrayOperands out;
    out.lane = Lane::Float32;
    out.m = job.m, out.n = job.n, out.k = job.k;
    out.owned_act_f32 = decoded(x);
    out.owned_w_f32 = decoded(w);
    out.act_f32 = out.owned_act_f32.data();
    out.w_f32 = out.owned_w_f32.data();
    return out;
  }

  std::unique_ptr<OutputEpilogue> make_epilogue(const GemmJob& job) const override {
    const auto& ops = require_operands(job, name());
    return std::make_unique<Fp8Epilogue>(require_member(ops.activations_fp8, job, "FP8 activations"),
                                         require_member(ops.weights_fp8, job, "FP8 weights"));
  }
};

}  // namespace
}  // namespace mixsim::sim::pe_types

using mixsim::sim::pe_types::Fp8Mac;
MIXSIM_REGISTER_PE_TYPE("fp8-mac", Fp8Mac)
