#pragma once
// Parameters the verilated models were built with. They must match the -G overrides and module
// defaults in rtl/CMakeLists.txt and rtl/*.v; the harness reads outputs with these widths.
namespace mixsim::rtl {

inline constexpr int kActivationBits = 8;   // A_WIDTH everywhere
inline constexpr int kWeightBits = 4;       // W_WIDTH of the MixPE datapath
inline constexpr int kMixpeGroupSize = 128; // mixpe_pe GROUP_SIZE default
// mixpe_pe ACC_WIDTH default: A + W + clog2(G) = 8 + 4 + 7.
inline constexpr int kMixpeAccBits = 19;
inline constexpr int kMixpeFp16GroupSize = 32;  // Vmixpe_fp16_pe -GGROUP_SIZE
inline constexpr int kMixpeNarrowAccBits = 18;  // Vmixpe_pe_narrow: -GACC_WIDTH=18
inline constexpr int kMacAccBits = 32;          // int8_mac_pe / dequant_mac_pe ACC_WIDTH
inline constexpr int kDequantMacScaleBits = 8;  // dequant_mac_pe S_WIDTH
inline constexpr int kDequantUnitPsumBits = 19; // group_dequant_unit PSUM_WIDTH
inline constexpr int kDequantUnitScaleBits = 32; // group_dequant_unit S_WIDTH
inline constexpr int kDequantUnitOutBits = 64;  // group_dequant_unit OUT_WIDTH
inline constexpr int kArrayRows = 32;           // Vmixpe_array -GROWS
inline constexpr int kArrayCols = 4;            // Vmixpe_array -GCOLS
inline constexpr int kArrayPsumBits = 8 + 4 + 5;  // PSUM_WIDTH default: A + W + clog2(ROWS)
inline constexpr int kFaultyMultiplierBit = 1;  // Vshift_add_mul_faulty FAULT_SHIFT_BIT
inline constexpr int kFaultyArrayBit = 2;       // Vmixpe_array_faulty FAULT_SHIFT_BIT

}  // namespace mixsim::rtl
