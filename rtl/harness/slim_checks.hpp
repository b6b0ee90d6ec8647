#pragma once
// Verilator check of the slim-mixed PE type: its datapath is mixpe_pe with a 4-bit weight
// register (every 2/3/4-bit group code fits), so the shipped Vmixpe_pe (G = 128) runs
// slim-w3a8-g128 GEMMs quantized by models/ and is compared with golden, bit for bit.
#include <cstdint>

#include "rtl/harness/check_result.hpp"

namespace mixsim::rtl {

CheckResult check_slim_golden(uint32_t seed, int m, int n, int k_groups);

}  // namespace mixsim::rtl
