#pragma once
// How `mixsim run` judges the simulator's output values (ARITHMETIC.md "Tolerances"):
//  * integer datapaths (INT32 lanes: mixpe and int8-mac on w4a8*/w8a8) must equal
//    models/ golden_gemm bit for bit;
//  * float datapaths are compared with the FP64 product of the same (quantized, or FP16-rounded
//    for fp16-mac) operands: FP32 accumulation <= 1e-5 * sqrt(K/128); dequant-mac rounds every
//    dequantized weight to FP16 before its multiplier, so it gets the FP16 bound 2e-3.
// NaN never passes. Separately, the error against the unquantized FP64 product is a result to
// report (quantization error), not a pass/fail.
#include <cstdint>
#include <string>

#include "models/matrix.hpp"
#include "sim/run/results.hpp"

namespace mixsim::sim {

ErrorStats error_stats(const MatrixF32& values, const MatrixF64& reference);

// Bit-exact comparison: the number of elements whose bits differ (NaN always differs).
int64_t count_bit_mismatches(const MatrixF32& values, const MatrixF32& golden);

enum class CheckMethod { BitExact, Fp32Tolerance, Fp16Tolerance };
CheckMethod check_method_for(const std::string& pe, const std::string& recipe);
double tolerance_for(CheckMethod method, int64_t k);

// Builds the ValueCheck record; `golden` is used for BitExact, `reference` for the error stats.
ValueCheck check_values(CheckMethod method, int64_t k, const MatrixF32& values,
                        const MatrixF32* golden, const MatrixF64& reference);

}  // namespace mixsim::sim
