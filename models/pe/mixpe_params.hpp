#pragma once
// MixPeParams: one point of the parameterized MixPE design space (docs/PES.md). The same
// parameters select the quantization recipe the PE runs (models/recipe.hpp), the bit-exact
// datapath model below, the Verilog top and its parameters (rtl/mixpe_pe.v, rtl/mixpe_fp16_pe.v)
// and the synthesis cache key. Config key names are the field names.
//   weight_bits       2, 3, 4         RTN weight codes (group-wise along K)
//   activation        int8, fp16, bf16, fp8-e4m3
//                                     per-token INT8 codes, or X as float values of the format
//                                     (models/float_activation.hpp; E4M3 with a per-token scale)
//   group             32, 64, 128, 256
//   accumulator_bits  int8: minimum..32 (minimum = the worst-case group sum, see below);
//                     float activations: 32 (the FP32 group accumulator). 0 = the minimum.
//   symmetric         true / false    signed codes, or unsigned codes with a zero point
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/float_activation.hpp"
#include "models/matrix.hpp"
#include "models/recipe.hpp"

namespace mixsim::pe {

struct MixPeParams {
  int weight_bits = 4;
  std::string activation = "int8";
  int group = 128;
  int accumulator_bits = 0;  // 0: the minimum that holds every group sum
  bool symmetric = true;
};

const std::vector<int>& mixpe_allowed_weight_bits();          // 2, 3, 4
const std::vector<std::string>& mixpe_allowed_activations();  // int8, fp16, bf16, fp8-e4m3
// The float format of a float-activation point; throws for int8.
FloatActivation mixpe_float_activation(const MixPeParams& p);
const std::vector<int>& mixpe_allowed_groups();               // 32, 64, 128, 256

// Width of the weight register: b bits for signed codes, b + 1 for centred asymmetric codes
// q - z in [-(2^b - 1), 2^b - 1].
int mixpe_weight_register_bits(const MixPeParams& p);

// Fewest signed bits holding every INT8-activation group sum: max |a * (q - z)| with
// a in [-128, 127] (the RTL accepts -128), times the group size. 32 for float activations (FP32
// register).
int mixpe_min_accumulator_bits(const MixPeParams& p);

// Throws std::invalid_argument "mixpe KEY VALUE ...; allowed: ..." for the first bad field.
void validate_mixpe_params(const MixPeParams& p);
// Validated copy with accumulator_bits resolved (0 -> the minimum).
MixPeParams resolve_mixpe_params(const MixPeParams& p);

// The recipe the PE runs: w{b}a8-g{G}[-asym], or w{b}a16 / w{b}abf16 / w{b}afp8 -g{G}[-asym].
std::string mixpe_recipe_name(const MixPeParams& p);
// Throws std::invalid_argument when `recipe` is not what `p` runs (a PE/recipe mismatch),
// naming both and the allowed recipe.
void require_mixpe_recipe(const MixPeParams& p, const Recipe& recipe);

// A short label: "mixpe-w3a8-g64-acc20", "mixpe-w4abf16-g128-acc32" (asym: "-asym" before "-acc").
std::string mixpe_label(const MixPeParams& p);

// The Verilog top and its parameter overrides for this point.
struct VerilogPoint {
  std::string module;
  std::vector<std::string> files;  // relative to the source root
  std::map<std::string, int> parameters;
};
VerilogPoint mixpe_verilog_point(const MixPeParams& p);

// ---- bit-exact datapath ----------------------------------------------------------------------
// a * w by shift-and-add for a w_bits-wide two's-complement weight (2 <= w_bits <= 5):
// t_i = bit_i ? a << i : 0, result = ((t0 + t1) + t2 ...) - t_{w_bits - 1}.
int32_t shift_add_multiply(int32_t a, int32_t w, int w_bits);
// v wrapped to a `bits`-wide two's-complement register (what an overflowing adder stores).
int64_t wrap_to_bits(int64_t v, int bits);

// Group partial sums as the PE computes them: per (m, n, g), products by shift_add_multiply
// accumulated k ascending in an accumulator_bits register (wraps like hardware; the allowed
// range never wraps). INT8 activations only. Output index (m * N + n) * groups + g.
std::vector<int32_t> mixpe_group_partial_sums(const MixPeParams& p, const QuantizedActivations& a,
                                              const QuantizedMatrix& w);

// Y by the PE datapath: the group partial sums above (or, for float activations, FP32 group
// partials of the exact products of shift_add_multiply_float), then the recipe's documented
// dequantization order
// (docs/ARITHMETIC.md §9). Equals golden_gemm(ops) bit for bit for every allowed point.
// Throws on a PE/recipe mismatch.
MatrixF32 golden_gemm_mixpe(const MixPeParams& p, const QuantizedOperands& ops);

}  // namespace mixsim::pe
