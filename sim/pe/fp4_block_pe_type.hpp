#pragma once
// The block-scaled FP4 PE types (sim/pe/impl/mx_fp4.cpp, nv_fp4.cpp): E2M1 x E2M1 products as
// exact integers (each code held as twice its value, models/pe/fp4_block_pe.hpp), INT32 block
// sums flowing down a column, and the per-column unit folding one block at a time with the two
// block scales (and, at the end, the tensor scales).
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/block_scaled_quantizer.hpp"
#include "models/pe/fp4_block_pe.hpp"
#include "sim/pe/operand_checks.hpp"
#include "sim/pe/pe_type.hpp"

namespace mixsim::sim::pe_types {

class Fp4BlockEpilogue final : public OutputEpilogue {
 public:
  Fp4BlockEpilogue(const BlockScaledMatrix& x, const BlockScaledMatrix& w)
      : x_(x), w_(w), x_scales_(decode(x)), w_scales_(decode(w)),
        acc_(static_cast<size_t>(x.rows * w.rows), 0.0f) {}
  void fold_group(int64_t m, int64_t n0, int cols, int64_t b, const int32_t* d) override {
    float* acc = &acc_[static_cast<size_t>(m * w_.rows + n0)];
    const double sx = x_scales_[static_cast<size_t>(m * x_.blocks() + b)];
    for (int c = 0; c < cols; ++c)
      acc[c] = mixsim::pe::fp4_fold_block(acc[c], d[c], sx,
                                          w_scales_[static_cast<size_t>((n0 + c) * w_.blocks() + b)]);
  }
  void fold_group(int64_t, int64_t, int, int64_t, const float*) override {
    throw std::logic_error("Fp4BlockEpilogue: integer block sums expected");
  }
  float output(int64_t m, int64_t n) const override {
    return mixsim::pe::fp4_finish(acc_[static_cast<size_t>(m * w_.rows + n)], x_.tensor_scale,
                                  w_.tensor_scale);
  }

 private:
  static std::vector<double> decode(const BlockScaledMatrix& b) {
    std::vector<double> s(static_cast<size_t>(b.rows * b.blocks()));
    for (int64_t r = 0; r < b.rows; ++r)
      for (int64_t k = 0; k < b.blocks(); ++k) s[static_cast<size_t>(r * b.blocks() + k)] = block_scale_value(b, r, k);
    return s;
  }
  const BlockScaledMatrix& x_;
  const BlockScaledMatrix& w_;
  std::vector<double> x_scales_, w_scales_;
  std::vector<float> acc_;
};

// One PE type per format; `Kind` is RecipeKind::MXFP4 or RecipeKind::NVFP4.
class Fp4BlockPeType : public PeType {
 public:
  Fp4BlockPeType(std::string name, RecipeKind kind, std::string recipe)
      : name_(std::move(name)), kind_(kind), recipe_(std::move(recipe)) {}
  std::string name() const override { return name_; }

  PeTraits traits(const std::string& recipe_name, int64_t) const override {
    const Recipe r = parse_recipe(recipe_name);
    if (r.kind != kind_)
      throw std::invalid_argument("PE type " + name_ + " does not run recipe " + r.name +
                                  "; it runs " + recipe_);
    PeTraits t;
    t.lane = Lane::Int32;
    t.weight_bits = 4;            // E2M1 elements (the 8-bit block scale adds 8/G bits, not counted)
    t.weight_register_bits = 4;
    t.activation_bytes = 1;       // an FP4 code per byte lane in SRAM and the array
    t.dequant_group = r.group_size;  // the block
    t.mac_multiply = "mul_int8";  // 5 x 5-bit integer product: priced as an INT8 multiply (bound)
    t.mac_add = "add_int32";
    t.group_multiply = "mul_fp32";
    t.group_add = "add_fp32";
    t.output_multiply = kind_ == RecipeKind::NVFP4 ? "mul_fp32" : "";
    return t;
  }

  ArrayOperands prepare_operands(const GemmJob& job) const override {
    const auto& ops = require_operands(job, name_);
    require_recipe_match(job, ops);
    traits(ops.recipe.name, job.k);
    const auto& x = require_member(ops.activations_block, job, "block-scaled activations");
    const auto& w = require_member(ops.weights_block, job, "block-scaled weights");
    require_shape(job, x.rows, x.cols, job.m, job.k, "X");
    require_shape(job, w.rows, w.cols, job.n, job.k, "W");
    ArrayOperands out;
    out.lane = Lane::Int32;
    out.m = job.m, out.n = job.n, out.k = job.k;
    out.owned_act_i8 = twice_values(x);
    out.owned_w_i8 = twice_values(w);
    out.act_i8 = out.owned_act_i8.data();
    out.w_i8 = out.owned_w_i8.data();
    return out;
  }

  std::unique_ptr<OutputEpilogue> make_epilogue(const GemmJob& job) const override {
    const auto& ops = require_operands(job, name_);
    return std::make_unique<Fp4BlockEpilogue>(
        require_member(ops.activations_block, job, "block-scaled activations"),
        require_member(ops.weights_block, job, "block-scaled weights"));
  }

 private:
  static std::vector<int8_t> twice_values(const BlockScaledMatrix& b) {
    std::vector<int8_t> v(b.element_codes.size());
    for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<int8_t>(mixsim::pe::fp4_twice_value(b.element_codes[i]));
    return v;
  }
  std::string name_;
  RecipeKind kind_;
  std::string recipe_;
};

}  // namespace mixsim::sim::pe_types
