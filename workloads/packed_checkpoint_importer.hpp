#pragma once
// Importer for GPTQ- and AWQ-style packed quantized Linear layers: maps the checkpoint's integer
// codes, zero points and FP16 scales onto models/ QuantizedMatrix one to one, WITHOUT
// re-quantizing (so dequantized weights are exactly s * (q - z) of the checkpoint).
//
// Layouts read (b = bits, P = 32 / b codes per int32, least significant bits first):
//   GPTQ (AutoGPTQ / GPTQ-for-LLaMa "gptq" format):
//     <prefix>.qweight  I32 [K/P, N]   code(k, n) = qweight[k/P][n] >> (b*(k%P)) & (2^b-1)
//     <prefix>.qzeros   I32 [G, N/P]   stored(g, n) = qzeros[g][n/P] >> (b*(n%P)) & (2^b-1)
//     <prefix>.scales   F16 [G, N]
//     <prefix>.g_idx    I32 [K]        group of input feature k (optional; default k / (K/G))
//   AWQ (AutoAWQ GEMM format, 4-bit): qweight I32 [K, N/8] and qzeros I32 [G, N/8] packed along
//     N in AutoAWQ's interleaved order: nibble i of a word holds column 8*j + {0,2,4,6,1,3,5,7}[i];
//     scales F16 [G, N]; no g_idx.
// Zero points: GPTQ's original ("v1") format stores z - 1, and the kernels add 1 back when
// unpacking; GPTQ "v2" (checkpoint_format gptq_v2) and AWQ store z itself. ZeroConvention picks
// which; the default for GPTQ is the historical +1 (what most published GPTQ checkpoints use).
// A v1 stored value of 2^b - 1 would mean z = 2^b, which no b-bit zero point can hold: error.
// Act-order checkpoints (g_idx not equal to k / group_size) are mapped by permuting K so that
// every group is contiguous, as exllama does; the permutation is returned with the matrix
// (X must be permuted the same way: Y = X[:, perm] * W'^T).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/matrix.hpp"
#include "models/quantized_matrix.hpp"
#include "workloads/safetensors_file.hpp"

namespace mixsim::workloads {

enum class PackedFormat { Gptq, Awq };
enum class ZeroConvention { StoredMinusOne, Exact };

struct PackedImportOptions {
  PackedFormat format = PackedFormat::Gptq;
  int bits = 4;  // 2 or 4 (QuantizedMatrix holds asymmetric codes as int8, and 32 % b == 0)
  std::optional<ZeroConvention> zeros;  // default: StoredMinusOne for GPTQ, Exact for AWQ
};

// The raw tensors of one packed Linear, as read from a checkpoint.
struct PackedLinearTensors {
  Matrix<int32_t> qweight;
  Matrix<int32_t> qzeros;
  MatrixF32 scales;                     // FP16 values
  std::optional<std::vector<int32_t>> g_idx;
  std::optional<std::vector<float>> bias;
};

struct ImportedLinear {
  QuantizedMatrix weights;                // N x K (K in permuted order if input_permutation)
  std::vector<int64_t> input_permutation;  // column j holds input feature perm[j]; empty = identity
  std::optional<std::vector<float>> bias;  // N
};

// Validates shapes (errors name `origin`, each tensor and its shape) and maps onto QuantizedMatrix.
ImportedLinear import_packed_linear(const PackedLinearTensors& t, const PackedImportOptions& opt,
                                    const std::string& origin);

// Reads <prefix>.qweight/.qzeros/.scales (+ .g_idx, .bias when present) from a safetensors file.
ImportedLinear import_packed_linear(const SafetensorsFile& file, const std::string& prefix,
                                    const PackedImportOptions& opt);

// Y[m x N] in FP64 = X (original feature order) * dequantized(W)^T: for checking an import.
MatrixF64 imported_linear_reference(const MatrixF32& x, const ImportedLinear& linear);

}  // namespace mixsim::workloads
