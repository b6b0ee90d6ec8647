#pragma once
// `mixsim validate-rtl`: the same checks tests/rtl runs, selected by PE name.
#include <cstdint>
#include <string>
#include <vector>

#include "rtl/harness/check_result.hpp"

namespace mixsim::rtl {

struct ValidationOptions {
  std::string pe = "all";  // one of validation_pe_names()
  uint32_t seed = 1;
  std::string vcd_path;    // waveform of the PE's main clocked check; needs a single PE
};

// all, mixpe, mixpe-fp16 (the INT4 x FP16 product), dequant-mac, int8-mac, group-dequant, array, and the two deliberately broken
// designs mixpe-faulty, array-faulty and fp32-adder-faulty (their checks are expected to FAIL).
std::vector<std::string> validation_pe_names();

// Throws std::invalid_argument for an unknown PE name (listing the known ones) or a VCD request
// with pe == "all"; std::runtime_error when built without Verilator.
std::vector<CheckResult> run_validation(const ValidationOptions& options);

}  // namespace mixsim::rtl
