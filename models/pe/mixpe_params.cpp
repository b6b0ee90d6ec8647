#include "models/pe/mixpe_params.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>

#include "models/pe/group_dequant.hpp"
#include "models/pe/shift_add_float.hpp"

namespace mixsim::pe {
namespace {

template <typename T>
std::string join(const std::vector<T>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ", ";
    if constexpr (std::is_same_v<T, std::string>) out += v;
    else out += std::to_string(v);
  }
  return out;
}

template <typename T>
bool contains(const std::vector<T>& values, const T& v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

// Largest |a * (q - z)| with a in [-128, 127].
int64_t max_abs_product(const MixPeParams& p) {
  const int64_t max_abs_weight =
      p.symmetric ? (int64_t{1} << (p.weight_bits - 1)) : (int64_t{1} << p.weight_bits) - 1;
  return 128 * max_abs_weight;
}

}  // namespace

const std::vector<int>& mixpe_allowed_weight_bits() {
  static const std::vector<int> v{2, 3, 4};
  return v;
}
const std::vector<std::string>& mixpe_allowed_activations() {
  static const std::vector<std::string> v{"int8", "fp16", "bf16", "fp8-e4m3"};
  return v;
}

FloatActivation mixpe_float_activation(const MixPeParams& p) {
  for (FloatActivation f : {FloatActivation::FP16, FloatActivation::BF16, FloatActivation::FP8E4M3})
    if (p.activation == float_activation_name(f)) return f;
  throw std::invalid_argument("mixpe activation '" + p.activation +
                              "' is not a float format; allowed: fp16, bf16, fp8-e4m3");
}
const std::vector<int>& mixpe_allowed_groups() {
  static const std::vector<int> v{32, 64, 128, 256};
  return v;
}

int mixpe_weight_register_bits(const MixPeParams& p) {
  return p.symmetric ? p.weight_bits : p.weight_bits + 1;
}

int mixpe_min_accumulator_bits(const MixPeParams& p) {
  if (p.activation != "int8") return 32;
  const int64_t worst = max_abs_product(p) * p.group;  // reached: a = -128, q - z at its minimum
  int bits = 2;
  while ((int64_t{1} << (bits - 1)) - 1 < worst) ++bits;
  return bits;
}

void validate_mixpe_params(const MixPeParams& p) {
  if (!contains(mixpe_allowed_weight_bits(), p.weight_bits))
    throw std::invalid_argument("mixpe weight_bits " + std::to_string(p.weight_bits) +
                                " is out of range; allowed: " + join(mixpe_allowed_weight_bits()));
  if (!contains(mixpe_allowed_activations(), p.activation))
    throw std::invalid_argument("mixpe activation '" + p.activation + "' is not supported; allowed: " +
                                join(mixpe_allowed_activations()));
  if (!contains(mixpe_allowed_groups(), p.group))
    throw std::invalid_argument("mixpe group " + std::to_string(p.group) +
                                " is out of range; allowed: " + join(mixpe_allowed_groups()));
  if (p.accumulator_bits == 0) return;
  const int lo = mixpe_min_accumulator_bits(p);
  if (p.activation != "int8" && p.accumulator_bits != 32)
    throw std::invalid_argument("mixpe accumulator_bits " + std::to_string(p.accumulator_bits) +
                                " with activation " + p.activation +
                                ": the group accumulator is FP32; allowed: 32");
  if (p.accumulator_bits < lo || p.accumulator_bits > 32)
    throw std::invalid_argument(
        "mixpe accumulator_bits " + std::to_string(p.accumulator_bits) +
        " is out of range for weight_bits " + std::to_string(p.weight_bits) +
        (p.symmetric ? "" : " (asymmetric)") + ", activation int8, group " +
        std::to_string(p.group) + ": a group sum reaches " +
        std::to_string(max_abs_product(p) * p.group) + " in magnitude; allowed: " +
        std::to_string(lo) + ".." + "32");
}

MixPeParams resolve_mixpe_params(const MixPeParams& p) {
  validate_mixpe_params(p);
  MixPeParams r = p;
  if (r.accumulator_bits == 0) r.accumulator_bits = mixpe_min_accumulator_bits(p);
  return r;
}

namespace {

// "a8", "a16", "abf16", "afp8": the activation part of the recipe name and the label.
std::string activation_tag(const MixPeParams& p) {
  if (p.activation == "int8") return "a8";
  switch (mixpe_float_activation(p)) {
    case FloatActivation::FP16: return "a16";
    case FloatActivation::BF16: return "abf16";
    case FloatActivation::FP8E4M3: return "afp8";
  }
  return "?";
}

}  // namespace

std::string mixpe_recipe_name(const MixPeParams& p) {
  std::string name = "w";
  name += std::to_string(p.weight_bits);
  name += activation_tag(p) + "-g";
  name += std::to_string(p.group);
  if (!p.symmetric) name += "-asym";
  return name;
}

void require_mixpe_recipe(const MixPeParams& p, const Recipe& recipe) {
  const std::string expected = mixpe_recipe_name(p);
  const bool intscale_ok = p.activation == "int8" && recipe.name == expected + "-intscale";
  if (recipe.name == expected || intscale_ok) return;
  throw std::invalid_argument(
      "recipe " + recipe.name + " does not match the PE parameters " + mixpe_label(p) +
      "; allowed recipes: " + expected + (p.activation == "int8" ? ", " + expected + "-intscale" : ""));
}

std::string mixpe_label(const MixPeParams& p) {
  const MixPeParams r = resolve_mixpe_params(p);
  return "mixpe-w" + std::to_string(r.weight_bits) + activation_tag(r) +
         "-g" + std::to_string(r.group) + (r.symmetric ? "" : "-asym") + "-acc" +
         std::to_string(r.accumulator_bits);
}

VerilogPoint mixpe_verilog_point(const MixPeParams& p) {
  const MixPeParams r = resolve_mixpe_params(p);
  VerilogPoint v;
  if (r.activation == "int8") {
    v.module = "mixpe_pe";
    v.files = {"rtl/shift_add_mul.v", "rtl/mixpe_pe.v"};
    v.parameters = {{"A_WIDTH", 8},
                    {"W_WIDTH", mixpe_weight_register_bits(r)},
                    {"GROUP_SIZE", r.group},
                    {"ACC_WIDTH", r.accumulator_bits}};
  } else {
    v.module = "mixpe_fp16_pe";
    v.files = {"rtl/shift_add_mul.v", "rtl/shift_add_mul_fp16.v", "rtl/fp32_add.v",
               "rtl/mixpe_fp16_pe.v"};
    v.parameters = {{"W_WIDTH", mixpe_weight_register_bits(r)}, {"GROUP_SIZE", r.group}};
    // FP16 is the module's default format: its points keep the parameters (and cache keys and
    // netlists) they had before the format became a parameter.
    const FloatActivation f = mixpe_float_activation(r);
    if (f != FloatActivation::FP16) {
      v.parameters["EXP_WIDTH"] = float_activation_format(f).exponent_bits;
      v.parameters["MAN_WIDTH"] = float_activation_format(f).mantissa_bits;
    }
  }
  return v;
}

int32_t shift_add_multiply(int32_t a, int32_t w, int w_bits) {
  if (w_bits < 2 || w_bits > 5)
    throw std::invalid_argument("shift_add_multiply: weight width " + std::to_string(w_bits) +
                                " outside 2..5");
  const int32_t lo = -(1 << (w_bits - 1)), hi = (1 << (w_bits - 1)) - 1;
  if (w < lo || w > hi)
    throw std::out_of_range("shift_add_multiply: weight " + std::to_string(w) + " outside the " +
                            std::to_string(w_bits) + "-bit range [" + std::to_string(lo) + ", " +
                            std::to_string(hi) + "]");
  const uint32_t bits = static_cast<uint32_t>(w) & ((1u << w_bits) - 1u);
  int32_t sum = 0;
  for (int i = 0; i + 1 < w_bits; ++i)
    if (bits & (1u << i)) sum += a * (1 << i);  // a << i without shifting a negative value
  if (bits & (1u << (w_bits - 1))) sum -= a * (1 << (w_bits - 1));  // the sign bit
  return sum;
}

int64_t wrap_to_bits(int64_t v, int bits) {
  if (bits < 1 || bits > 63) throw std::invalid_argument("wrap_to_bits: width outside 1..63");
  const uint64_t mask = (uint64_t{1} << bits) - 1;
  uint64_t u = static_cast<uint64_t>(v) & mask;
  if (u >> (bits - 1)) u |= ~mask;  // sign-extend
  return static_cast<int64_t>(u);
}

std::vector<int32_t> mixpe_group_partial_sums(const MixPeParams& params,
                                              const QuantizedActivations& a,
                                              const QuantizedMatrix& w) {
  const MixPeParams p = resolve_mixpe_params(params);
  if (p.activation != "int8")
    throw std::invalid_argument("mixpe_group_partial_sums: INT8 activations only");
  if (a.cols != w.cols || w.group_size != p.group || w.bits != p.weight_bits ||
      w.is_symmetric != p.symmetric)
    throw std::invalid_argument("mixpe_group_partial_sums: weights (" + std::to_string(w.bits) +
                                " bit, G=" + std::to_string(w.group_size) +
                                ") do not match the PE parameters " + mixpe_label(p));
  const int w_bits = mixpe_weight_register_bits(p);
  const int64_t groups = w.groups();
  std::vector<int32_t> out(static_cast<size_t>(a.rows * w.rows * groups));
  for (int64_t m = 0; m < a.rows; ++m)
    for (int64_t n = 0; n < w.rows; ++n)
      for (int64_t g = 0; g < groups; ++g) {
        int64_t acc = 0;
        for (int64_t k = g * p.group; k < (g + 1) * p.group; ++k)
          acc = wrap_to_bits(acc + shift_add_multiply(a.code(m, k), w.centered(n, k), w_bits),
                             p.accumulator_bits);
        out[static_cast<size_t>((m * w.rows + n) * groups + g)] = static_cast<int32_t>(acc);
      }
  return out;
}

namespace {

// The float-activation PE: exact products of the activation's code and the weight register
// (shift_add_multiply_float), FP32 group parts from +0, one scale multiply per group, and the
// E4M3 token scale once per output.
MatrixF32 float_activation_gemm(const MixPeParams& p, const MatrixF32& x, const QuantizedMatrix& w,
                                const std::vector<float>* token_scales) {
  const FloatActivation format = mixpe_float_activation(p);
  const int w_bits = mixpe_weight_register_bits(p);
  std::vector<uint32_t> codes(x.size());
  for (size_t i = 0; i < codes.size(); ++i)
    codes[i] = float_activation_encode(format, static_cast<double>(x.storage()[i]));
  const int64_t groups = w.groups();
  MatrixF32 y(x.rows(), w.rows);
  for (int64_t m = 0; m < x.rows(); ++m)
    for (int64_t n = 0; n < w.rows; ++n) {
      float acc = 0.0f;
      for (int64_t g = 0; g < groups; ++g) {
        float part = 0.0f;
        for (int64_t k = g * p.group; k < (g + 1) * p.group; ++k)
          part += std::bit_cast<float>(shift_add_multiply_float(
              format, codes[static_cast<size_t>(m * x.cols() + k)], w.centered(n, k), w_bits));
        acc = GroupDequant::accumulate_float_acts(acc, w.scale(n, g), part);
      }
      y(m, n) = token_scales ? GroupDequant::finish_float_scale(acc, (*token_scales)[static_cast<size_t>(m)])
                             : acc;
    }
  return y;
}

}  // namespace

MatrixF32 golden_gemm_mixpe(const MixPeParams& params, const QuantizedOperands& ops) {
  const MixPeParams p = resolve_mixpe_params(params);
  require_mixpe_recipe(p, ops.recipe);
  if (!ops.weights) throw std::invalid_argument("golden_gemm_mixpe: quantized weights missing");
  const QuantizedMatrix& w = *ops.weights;
  if (p.activation != "int8") {
    if (!ops.activations_fp16) throw std::invalid_argument("golden_gemm_mixpe: float activations missing");
    const bool scaled = mixpe_float_activation(p) == FloatActivation::FP8E4M3;
    if (scaled && !ops.activations_fp8)
      throw std::invalid_argument("golden_gemm_mixpe: E4M3 token scales missing");
    return float_activation_gemm(p, *ops.activations_fp16, w, scaled ? &ops.activations_fp8->scales : nullptr);
  }
  if (!ops.activations) throw std::invalid_argument("golden_gemm_mixpe: INT8 activations missing");
  const QuantizedActivations& a = *ops.activations;
  const std::vector<int32_t> partials = mixpe_group_partial_sums(p, a, w);
  const int64_t groups = w.groups();
  MatrixF32 y(a.rows, w.rows);
  for (int64_t m = 0; m < a.rows; ++m)
    for (int64_t n = 0; n < w.rows; ++n) {
      const int32_t* pg = &partials[static_cast<size_t>((m * w.rows + n) * groups)];
      const float sa = a.scales[static_cast<size_t>(m)];
      if (ops.integer_scales) {
        int64_t acc = 0;
        for (int64_t g = 0; g < groups; ++g)
          acc = GroupDequant::accumulate_integer_scale(
              acc, ops.integer_scales->scales[static_cast<size_t>(n * groups + g)], pg[g]);
        y(m, n) = GroupDequant::finish_integer_scale(acc, sa, ops.integer_scales->alpha);
      } else {
        float acc = 0.0f;
        for (int64_t g = 0; g < groups; ++g)
          acc = GroupDequant::accumulate_float_scale(acc, w.scale(n, g), pg[g]);
        y(m, n) = GroupDequant::finish_float_scale(acc, sa);
      }
    }
  return y;
}

}  // namespace mixsim::pe
