// Recipe names, operand quantization per recipe, and dispatch to the golden GEMMs.
#include "models/recipe.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "models/activation_quantizer.hpp"
#include "models/block_scaled_quantizer.hpp"
#include "models/fp16.hpp"
#include "models/fp4_e2m1.hpp"
#include "models/golden_gemms.hpp"
#include "models/group_quantizer.hpp"
#include "models/input_checks.hpp"
#include "models/integer_scale.hpp"
#include "models/slim_quantizer.hpp"
#include "models/bcq_quantizer.hpp"

namespace mixsim {
namespace {

constexpr int kDefaultGroupSize = 128;
constexpr int kGroupSizes[] = {32, 64, 128, 256};
// Weight widths of the group-wise integer recipes (w2a8, w3a16-g64-asym, ...): RTN codes of 2, 3
// or 4 bits, all multiplied by the same shift-and-add PE (docs/PES.md).
constexpr int kLowBitWeights[] = {4, 2, 3};

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

[[noreturn]] void unknown_recipe(std::string_view name, const std::string& why) {
  throw std::invalid_argument("unknown recipe '" + std::string(name) + "'" +
                              (why.empty() ? "" : " (" + why + ")") +
                              "; known recipes: " + join(known_recipe_names()));
}

bool consume_prefix(std::string_view& s, std::string_view prefix) {
  if (!s.starts_with(prefix)) return false;
  s.remove_prefix(prefix.size());
  return true;
}

// The activation part of a float-activation recipe name: w4a16, w4abf16, w4afp8.
const char* float_activation_tag(FloatActivation f) {
  switch (f) {
    case FloatActivation::FP16: return "a16";
    case FloatActivation::BF16: return "abf16";
    case FloatActivation::FP8E4M3: return "afp8";
  }
  return "?";
}

std::string canonical_name(const Recipe& r) {
  switch (r.kind) {
    case RecipeKind::W8A8: return "w8a8";
    case RecipeKind::MXFP4: return "mxfp4";
    case RecipeKind::NVFP4: return "nvfp4";
    case RecipeKind::FP8: return std::string("fp8-") + fp8_format_name(r.fp8_format);
    default: break;
  }
  if (r.mixed_bits) return "slim-w3a8-g" + std::to_string(r.group_size);
  if (r.binary_coded) return "lut-w3a8-g" + std::to_string(r.group_size);
  std::string name(1, 'w');
  name += std::to_string(r.weight_bits);
  if (r.kind == RecipeKind::W4A16) {
    name += float_activation_tag(r.float_activation);
  } else {
    name += 'a';
    name += std::to_string(r.activation_bits);
  }
  name += "-g" + std::to_string(r.group_size);
  if (!r.weight_symmetric) name += "-asym";
  if (r.kind == RecipeKind::W4A8IntScale) name += "-intscale";
  return name;
}

// The weight quantizer configuration of an integer-weight recipe.
GroupQuantizerConfig weight_config(const Recipe& r) {
  return GroupQuantizerConfig{r.weight_bits, r.group_size, r.weight_symmetric};
}

void require_operand_shapes(const MatrixF32& x, const MatrixF32& w) {
  if (x.rows() <= 0 || x.cols() <= 0 || w.rows() <= 0 || w.cols() <= 0)
    throw std::invalid_argument("GEMM operands must be non-empty: X is " +
                                std::to_string(x.rows()) + "x" + std::to_string(x.cols()) +
                                ", W is " + std::to_string(w.rows()) + "x" +
                                std::to_string(w.cols()));
  if (x.cols() != w.cols())
    throw std::invalid_argument("shape mismatch: X is " + std::to_string(x.rows()) + "x" +
                                std::to_string(x.cols()) + " (M x K) but W is " +
                                std::to_string(w.rows()) + "x" + std::to_string(w.cols()) +
                                " (N x K): K differs");
}

// |P| <= 127 * 128 * G for INT8 x INT8 (w8a8, one group of K); 4-bit groups are far smaller.
// Keep every partial sum inside INT32 so hardware and golden agree.
void require_int32_partial_sums(const Recipe& r, int64_t k) {
  const int64_t g = r.group_size == 0 ? k : r.group_size;
  const int64_t max_abs_centered = r.weight_symmetric ? (int64_t{1} << (r.weight_bits - 1))
                                                      : (int64_t{1} << r.weight_bits) - 1;
  if (127 * max_abs_centered * g > 2147483647LL)
    throw std::invalid_argument("recipe " + r.name + ": K=" + std::to_string(k) +
                                " is too large for an INT32 partial sum (at most " +
                                std::to_string(2147483647LL / (127 * max_abs_centered)) + ")");
}

MatrixF32 round_activations_to_fp16(const MatrixF32& x) {
  MatrixF32 out(x.rows(), x.cols());
  for (int64_t m = 0; m < x.rows(); ++m) {
    for (int64_t k = 0; k < x.cols(); ++k) {
      const float r = fp16_round_float(x(m, k));
      if (std::isinf(r))
        throw std::invalid_argument("X[" + std::to_string(m) + "][" + std::to_string(k) +
                                    "] = " + std::to_string(x(m, k)) +
                                    " overflows FP16 (largest finite 65504)");
      out(m, k) = r;
    }
  }
  return out;
}

// The unscaled E4M3 values of the codes (what the MixPE multiplies).
MatrixF32 fp8_values(const Fp8Matrix& x) {
  MatrixF32 out(x.rows, x.cols);
  for (size_t i = 0; i < out.size(); ++i)
    out.storage()[i] = static_cast<float>(fp8_decode(x.format, x.codes[i]));
  return out;
}

// Per-token scales of a float-activation recipe: E4M3 only (FP16 and BF16 are unscaled).
const std::vector<float>* float_activation_scales(const QuantizedOperands& ops) {
  if (ops.recipe.float_activation != FloatActivation::FP8E4M3) return nullptr;
  if (!ops.activations_fp8)
    throw std::invalid_argument("recipe " + ops.recipe.name + ": FP8 activation scales missing");
  return &ops.activations_fp8->scales;
}

const QuantizedMatrix& need(const std::optional<QuantizedMatrix>& v, const Recipe& r) {
  if (!v) throw std::invalid_argument("recipe " + r.name + ": quantized weights missing");
  return *v;
}
const QuantizedActivations& need(const std::optional<QuantizedActivations>& v, const Recipe& r) {
  if (!v) throw std::invalid_argument("recipe " + r.name + ": quantized activations missing");
  return *v;
}
const Fp8Matrix& need(const std::optional<Fp8Matrix>& v, const Recipe& r) {
  if (!v) throw std::invalid_argument("recipe " + r.name + ": FP8 operand missing");
  return *v;
}
const BlockScaledMatrix& need(const std::optional<BlockScaledMatrix>& v, const Recipe& r) {
  if (!v) throw std::invalid_argument("recipe " + r.name + ": block-scaled operand missing");
  return *v;
}

// The FP64 reference with W dequantized one row at a time (a K-vector), so a 4096 x 14336
// weight matrix never exists as 470 MB of doubles. dequantize_row(n, out) fills out[0..K).
template <typename DequantizeRow>
MatrixF64 reference_by_weight_rows(const MatrixF64& x_hat, int64_t n_rows,
                                   DequantizeRow dequantize_row) {
  const int64_t k_dim = x_hat.cols();
  MatrixF64 y(x_hat.rows(), n_rows);
  std::vector<double> w_row(static_cast<size_t>(k_dim));
  for (int64_t n = 0; n < n_rows; ++n) {
    dequantize_row(n, w_row);
    for (int64_t m = 0; m < x_hat.rows(); ++m) {
      double acc = 0.0;
      for (int64_t k = 0; k < k_dim; ++k) acc += x_hat(m, k) * w_row[static_cast<size_t>(k)];
      y(m, n) = acc;
    }
  }
  return y;
}

// s * (q - z) per element of row n; with integer scales s = s_int * 2^-alpha (what the
// integer-scale GEMM actually multiplies by, so its reference measures arithmetic error only).
MatrixF64 reference_integer_weights(const MatrixF64& x_hat, const QuantizedMatrix& w,
                                    const IntegerScales* integer_scales) {
  if (x_hat.cols() != w.cols)
    throw std::invalid_argument("reference GEMM: X has K=" + std::to_string(x_hat.cols()) +
                                " but W has K=" + std::to_string(w.cols));
  const int64_t groups = w.groups();
  return reference_by_weight_rows(x_hat, w.rows, [&](int64_t n, std::vector<double>& out) {
    for (int64_t k = 0; k < w.cols; ++k) {
      const int64_t g = k / w.group_size;
      const double scale =
          integer_scales
              ? std::ldexp(static_cast<double>(
                               integer_scales->scales[static_cast<size_t>(n * groups + g)]),
                           -integer_scales->alpha)
              : static_cast<double>(w.scale(n, g));
      out[static_cast<size_t>(k)] = scale * w.centered(n, k);
    }
  });
}

MatrixF64 reference_block_scaled(const BlockScaledMatrix& x, const BlockScaledMatrix& w) {
  if (x.cols != w.cols)
    throw std::invalid_argument("reference GEMM: X has K=" + std::to_string(x.cols) +
                                " but W has K=" + std::to_string(w.cols));
  const MatrixF64 x_hat = dequantize_block_scaled(x);
  return reference_by_weight_rows(x_hat, w.rows, [&](int64_t n, std::vector<double>& out) {
    for (int64_t k = 0; k < w.cols; ++k)
      out[static_cast<size_t>(k)] =
          static_cast<double>(w.tensor_scale) * block_scale_value(w, n, k / w.block_size) *
          fp4_e2m1_decode(w.element_codes[static_cast<size_t>(n * w.cols + k)]);
  });
}

}  // namespace

std::vector<std::string> known_recipe_names() {
  std::vector<std::string> names;
  for (RecipeKind kind : {RecipeKind::W4A16, RecipeKind::W4A8, RecipeKind::W4A8IntScale}) {
    for (int bits : kLowBitWeights) {
      for (bool symmetric : {true, false}) {
        for (int g : kGroupSizes) {
          Recipe r;
          r.kind = kind;
          r.weight_bits = bits;
          r.group_size = g;
          r.weight_symmetric = symmetric;
          names.push_back(canonical_name(r));
        }
      }
    }
  }
  for (FloatActivation f : {FloatActivation::BF16, FloatActivation::FP8E4M3})
    for (int bits : kLowBitWeights)
      for (bool symmetric : {true, false})
        for (int g : kGroupSizes) {
          Recipe r;
          r.kind = RecipeKind::W4A16;
          r.float_activation = f;
          r.weight_bits = bits;
          r.group_size = g;
          r.weight_symmetric = symmetric;
          names.push_back(canonical_name(r));
        }
  for (bool symmetric : {true, false})
    for (int g : kGroupSizes) {
      Recipe r;
      r.kind = RecipeKind::W4A8;
      r.activation_bits = 4;
      r.group_size = g;
      r.weight_symmetric = symmetric;
      names.push_back(canonical_name(r));
    }
  for (int g : kGroupSizes) names.push_back("slim-w3a8-g" + std::to_string(g));
  for (int g : kGroupSizes) names.push_back("lut-w3a8-g" + std::to_string(g));
  names.insert(names.end(), {"w8a8", "mxfp4", "nvfp4", "fp8-e4m3", "fp8-e5m2"});
  return names;
}

Recipe parse_recipe(std::string_view name) {
  std::string_view rest = name;
  Recipe r;
  if (consume_prefix(rest, "w8a8")) {
    if (!rest.empty()) unknown_recipe(name, "w8a8 is per-channel; it takes no suffix");
    r.kind = RecipeKind::W8A8;
    r.weight_bits = 8;
    r.group_size = 0;
  } else if (consume_prefix(rest, "mxfp4") || consume_prefix(rest, "nvfp4")) {
    if (!rest.empty()) unknown_recipe(name, "block size is fixed by the format");
    r.kind = name.starts_with("mx") ? RecipeKind::MXFP4 : RecipeKind::NVFP4;
    r.group_size = r.kind == RecipeKind::MXFP4 ? kMxfp4BlockSize : kNvfp4BlockSize;
  } else if (consume_prefix(rest, "slim-w3a8") || consume_prefix(rest, "lut-w3a8")) {
    r.kind = RecipeKind::W4A8;
    r.mixed_bits = name.starts_with("slim");
    r.binary_coded = !r.mixed_bits;
    r.group_size = kDefaultGroupSize;
    if (consume_prefix(rest, "-g")) {
      int g = 0;
      const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), g);
      if (ec != std::errc() || ptr != rest.data() + rest.size() ||
          std::find(std::begin(kGroupSizes), std::end(kGroupSizes), g) == std::end(kGroupSizes))
        unknown_recipe(name, "group size must be one of 32, 64, 128, 256");
      r.group_size = g;
      rest = {};
    }
    if (!rest.empty()) unknown_recipe(name, "slim/lut recipes take only -gG (float scales)");
  } else if (consume_prefix(rest, "fp8-e4m3") || consume_prefix(rest, "fp8-e5m2")) {
    if (!rest.empty()) unknown_recipe(name, "FP8 recipes are per row; they take no suffix");
    r.kind = RecipeKind::FP8;
    r.fp8_format = name.starts_with("fp8-e4m3") ? Fp8Format::E4M3 : Fp8Format::E5M2;
    r.weight_bits = 8;
    r.group_size = 0;
  } else if (rest.size() >= 4 && rest[0] == 'w' && rest[1] >= '2' && rest[1] <= '4' &&
             (rest.substr(2).starts_with("a16") || rest.substr(2).starts_with("a8") ||
              rest.substr(2).starts_with("abf16") || rest.substr(2).starts_with("afp8") ||
              (rest[1] == '4' && rest.substr(2).starts_with("a4")))) {
    r.weight_bits = rest[1] - '0';
    rest.remove_prefix(2);
    r.kind = RecipeKind::W4A8;
    for (FloatActivation f : {FloatActivation::FP16, FloatActivation::BF16, FloatActivation::FP8E4M3})
      if (consume_prefix(rest, float_activation_tag(f))) {
        r.kind = RecipeKind::W4A16;
        r.float_activation = f;
      }
    if (r.kind == RecipeKind::W4A8) r.activation_bits = consume_prefix(rest, "a8") ? 8 : 4;
    if (r.activation_bits == 4) consume_prefix(rest, "a4");
    r.group_size = kDefaultGroupSize;
    if (consume_prefix(rest, "-g")) {
      const size_t digits = rest.find_first_not_of("0123456789");
      const std::string_view number = rest.substr(0, digits);
      int g = 0;
      const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), g);
      if (number.empty() || ec != std::errc() ||
          std::find(std::begin(kGroupSizes), std::end(kGroupSizes), g) == std::end(kGroupSizes))
        unknown_recipe(name, "group size must be one of 32, 64, 128, 256");
      r.group_size = g;
      rest.remove_prefix(number.size());
    }
    if (consume_prefix(rest, "-asym")) r.weight_symmetric = false;
    if (consume_prefix(rest, "-intscale")) {
      if (r.kind != RecipeKind::W4A8 || r.activation_bits != 8)
        unknown_recipe(name, "-intscale applies to wBa8 only");
      r.kind = RecipeKind::W4A8IntScale;
    }
    if (!rest.empty()) unknown_recipe(name, "unexpected '" + std::string(rest) + "'");
  } else {
    unknown_recipe(name, "");
  }
  r.name = canonical_name(r);
  return r;
}

QuantizedOperands quantize_operands(const Recipe& recipe, const MatrixF32& x, const MatrixF32& w) {
  require_operand_shapes(x, w);
  require_finite(x, "X (activations)");
  require_finite(w, "W (weights)");
  QuantizedOperands ops;
  ops.recipe = recipe;
  switch (recipe.kind) {
    case RecipeKind::W4A16:
      ops.weights = quantize_weights(w, weight_config(recipe));
      switch (recipe.float_activation) {
        case FloatActivation::FP16: ops.activations_fp16 = round_activations_to_fp16(x); break;
        case FloatActivation::BF16: ops.activations_fp16 = round_activations_to_bf16(x); break;
        case FloatActivation::FP8E4M3:
          ops.activations_fp8 = quantize_fp8_per_row(x, Fp8Format::E4M3, "X (activations)");
          ops.activations_fp16 = fp8_values(*ops.activations_fp8);
          break;
      }
      break;
    case RecipeKind::W4A8:
    case RecipeKind::W8A8:
      require_int32_partial_sums(recipe, x.cols());
      if (recipe.binary_coded) {
        ops.weights = quantize_weights_bcq3(w, recipe.group_size);
      } else if (recipe.mixed_bits) {
        SlimQuantized slim = quantize_weights_slim(w, x, recipe.group_size);
        ops.weights = std::move(slim.weights);
        ops.group_bits = std::move(slim.group_bits);
      } else {
        ops.weights = quantize_weights(w, weight_config(recipe));
      }
      ops.activations = quantize_activations_per_token(x, recipe.activation_bits);
      break;
    case RecipeKind::FP8:
      ops.weights_fp8 = quantize_fp8_per_row(w, recipe.fp8_format, "W (weights)");
      ops.activations_fp8 = quantize_fp8_per_row(x, recipe.fp8_format, "X (activations)");
      break;
    case RecipeKind::W4A8IntScale:
      ops.weights = quantize_weights(w, weight_config(recipe));
      ops.integer_scales = make_integer_scales(*ops.weights, 8);
      ops.activations = quantize_activations_per_token(x, 8);
      break;
    case RecipeKind::MXFP4:
      ops.weights_block = quantize_mxfp4(w, "W (weights)");
      ops.activations_block = quantize_mxfp4(x, "X (activations)");
      break;
    case RecipeKind::NVFP4:
      ops.weights_block = quantize_nvfp4(w, "W (weights)");
      ops.activations_block = quantize_nvfp4(x, "X (activations)");
      break;
  }
  return ops;
}

MatrixF32 golden_gemm(const QuantizedOperands& ops) {
  const Recipe& r = ops.recipe;
  switch (r.kind) {
    case RecipeKind::W4A16:
      if (!ops.activations_fp16)
        throw std::invalid_argument("recipe " + r.name + ": float activations missing");
      return golden_gemm_w4a16(*ops.activations_fp16, need(ops.weights, r),
                               float_activation_scales(ops));
    case RecipeKind::W4A8:
    case RecipeKind::W8A8:
      return golden_gemm_group_dequant(need(ops.activations, r), need(ops.weights, r));
    case RecipeKind::W4A8IntScale:
      if (!ops.integer_scales)
        throw std::invalid_argument("recipe " + r.name + ": integer scales missing");
      return golden_gemm_integer_scale(need(ops.activations, r), need(ops.weights, r),
                                       *ops.integer_scales);
    case RecipeKind::MXFP4:
    case RecipeKind::NVFP4:
      return golden_gemm_block_scaled(need(ops.activations_block, r), need(ops.weights_block, r));
    case RecipeKind::FP8:
      return golden_gemm_fp8(need(ops.activations_fp8, r), need(ops.weights_fp8, r));
  }
  throw std::invalid_argument("golden_gemm: unhandled recipe kind");
}

MatrixF64 reference_gemm_f64(const QuantizedOperands& ops) {
  const Recipe& r = ops.recipe;
  switch (r.kind) {
    case RecipeKind::W4A16: {
      if (!ops.activations_fp16)
        throw std::invalid_argument("recipe " + r.name + ": float activations missing");
      const std::vector<float>* scales = float_activation_scales(ops);
      MatrixF64 x(ops.activations_fp16->rows(), ops.activations_fp16->cols());
      for (size_t i = 0; i < x.size(); ++i)
        x.storage()[i] = static_cast<double>(ops.activations_fp16->storage()[i]) *
                         (scales ? static_cast<double>((*scales)[i / static_cast<size_t>(x.cols())]) : 1.0);
      return reference_integer_weights(x, need(ops.weights, r), nullptr);
    }
    case RecipeKind::W4A8:
    case RecipeKind::W8A8:
      return reference_integer_weights(dequantize_activations(need(ops.activations, r)),
                                       need(ops.weights, r), nullptr);
    case RecipeKind::W4A8IntScale:
      if (!ops.integer_scales)
        throw std::invalid_argument("recipe " + r.name + ": integer scales missing");
      return reference_integer_weights(dequantize_activations(need(ops.activations, r)),
                                       need(ops.weights, r), &*ops.integer_scales);
    case RecipeKind::MXFP4:
    case RecipeKind::NVFP4:
      return reference_block_scaled(need(ops.activations_block, r), need(ops.weights_block, r));
    case RecipeKind::FP8:
      return reference_gemm_fp8(need(ops.activations_fp8, r), need(ops.weights_fp8, r));
  }
  throw std::invalid_argument("reference_gemm_f64: unhandled recipe kind");
}

}  // namespace mixsim
