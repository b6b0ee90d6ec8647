#pragma once
// A quantization recipe names the formats of both GEMM operands and the arithmetic of the GEMM.
// Names: w4a16-g128, w4a8-g128, w4a8-g128-intscale, w8a8, mxfp4, nvfp4 (group size may vary:
// -g32, -g64, -g256); 2- and 3-bit weights (w2a8, w3a16-g64-asym, ...: kinds W4A8 / W4A16 with
// weight_bits 2 or 3); W4A4 (w4a4-gG: kind W4A8 with activation_bits 4); FP8 (fp8-e4m3,
// fp8-e5m2); float activations other than FP16 for the MixPE (w4abf16-gG, w4afp8-gG: kind
// W4A16 with float_activation BF16 / FP8E4M3, models/float_activation.hpp). This header is the
// contract kernels/, workloads/ and sim/ code against.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/block_scaled_matrix.hpp"
#include "models/float_activation.hpp"
#include "models/fp8_quantizer.hpp"
#include "models/matrix.hpp"
#include "models/quantized_matrix.hpp"

namespace mixsim {

// W4A16 / W4A8 / W4A8IntScale: group-wise RTN weights of weight_bits (2, 3, 4) with float
// activations (W4A16: FP16, BF16 or per-token-scaled FP8 E4M3, see float_activation) or
// per-token integer activations (activation_bits 8, or 4 for w4a4).
enum class RecipeKind { W4A16, W4A8, W4A8IntScale, W8A8, MXFP4, NVFP4, FP8 };

struct Recipe {
  std::string name;             // canonical name, e.g. "w4a8-g128-intscale"
  RecipeKind kind = RecipeKind::W4A16;
  int weight_bits = 4;
  int group_size = 128;         // along K; K for per-channel recipes (w8a8 uses 0 = per-channel)
  bool weight_symmetric = true;
  int activation_bits = 8;      // per-token INT activation codes: 8, or 4 (w4a4); FP8: 8
  Fp8Format fp8_format = Fp8Format::E4M3;  // FP8 recipes only
  // Kind W4A16 only: the activation format (w{b}a16: FP16, w{b}abf16: BF16, w{b}afp8: E4M3).
  FloatActivation float_activation = FloatActivation::FP16;
  // slim-w3a8-gG: per-group weight width 2, 3 or 4 chosen by salience (models/slim_quantizer.hpp);
  // kind W4A8, weight_bits 4 = the widest group (the PE's register), average 3 bits.
  bool mixed_bits = false;
  // lut-w3a8-gG: LUT-GEMM's binary-coded weights w = alpha * sum_i 2^i b_i, b_i in {-1, +1}
  // (uniform BCQ, 3 bit-planes): odd codes in [-7, 7] (models/bcq_quantizer.hpp); kind W4A8.
  bool binary_coded = false;
};

// Throws std::invalid_argument naming the bad name and listing known_recipe_names().
Recipe parse_recipe(std::string_view name);
std::vector<std::string> known_recipe_names();

// Everything needed to recompute Y independently; which members are set depends on the kind.
struct QuantizedOperands {
  Recipe recipe;
  std::optional<QuantizedMatrix> weights;            // integer recipes
  std::optional<IntegerScales> integer_scales;       // *-intscale
  std::optional<QuantizedActivations> activations;   // w4a8*, w8a8
  // Kind W4A16: X as values of the float activation format (FP16, BF16 or unscaled E4M3) in FP32
  // storage; for E4M3 also activations_fp8 (the codes and the per-token scales).
  std::optional<MatrixF32> activations_fp16;
  std::optional<BlockScaledMatrix> weights_block;    // mxfp4, nvfp4
  std::optional<BlockScaledMatrix> activations_block;
  std::optional<Fp8Matrix> weights_fp8;              // fp8-e4m3, fp8-e5m2
  std::optional<Fp8Matrix> activations_fp8;          // also w{b}afp8-gG (see activations_fp16)
  std::optional<std::vector<int8_t>> group_bits;     // slim-*: bits of each (row, group)
};

// X is M x K, W is N x K. Throws std::invalid_argument on shape mismatch, K % G != 0, NaN/Inf.
QuantizedOperands quantize_operands(const Recipe& recipe, const MatrixF32& x, const MatrixF32& w);

// Y (M x N) by the recipe's defined arithmetic (docs/ARITHMETIC.md), bit-exactly reproducible.
MatrixF32 golden_gemm(const QuantizedOperands& ops);

// FP64 Y of the dequantized operands: the reference float paths are checked against.
MatrixF64 reference_gemm_f64(const QuantizedOperands& ops);

}  // namespace mixsim
