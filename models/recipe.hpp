#pragma once
// A quantization recipe names the formats of both GEMM operands and the arithmetic of the GEMM.
// Names: w4a16-g128, w4a8-g128, w4a8-g128-intscale, w8a8, mxfp4, nvfp4 (group size may vary:
// -g32, -g64, -g256). This header is the contract kernels/, workloads/ and sim/ code against.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/block_scaled_matrix.hpp"
#include "models/matrix.hpp"
#include "models/quantized_matrix.hpp"

namespace mixsim {

enum class RecipeKind { W4A16, W4A8, W4A8IntScale, W8A8, MXFP4, NVFP4 };

struct Recipe {
  std::string name;             // canonical name, e.g. "w4a8-g128-intscale"
  RecipeKind kind = RecipeKind::W4A16;
  int weight_bits = 4;
  int group_size = 128;         // along K; K for per-channel recipes (w8a8 uses 0 = per-channel)
  bool weight_symmetric = true;
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
  std::optional<MatrixF32> activations_fp16;         // w4a16: X rounded to FP16 values
  std::optional<BlockScaledMatrix> weights_block;    // mxfp4, nvfp4
  std::optional<BlockScaledMatrix> activations_block;
};

// X is M x K, W is N x K. Throws std::invalid_argument on shape mismatch, K % G != 0, NaN/Inf.
QuantizedOperands quantize_operands(const Recipe& recipe, const MatrixF32& x, const MatrixF32& w);

// Y (M x N) by the recipe's defined arithmetic (docs/ARITHMETIC.md), bit-exactly reproducible.
MatrixF32 golden_gemm(const QuantizedOperands& ops);

// FP64 Y of the dequantized operands: the reference float paths are checked against.
MatrixF64 reference_gemm_f64(const QuantizedOperands& ops);

}  // namespace mixsim
