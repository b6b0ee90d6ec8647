#pragma once
// The GEMMs one phase of a run config runs and their seeded synthetic operands, whichever way
// the workload is given: a catalogue model (workloads/layer_gemms.hpp, every selected GEMM of
// every selected layer) or a GEMM list (workloads/gemm_list.hpp, the file's rows in order).
#include <cstdint>
#include <vector>

#include "sim/config/config_types.hpp"
#include "workloads/gemm_operands.hpp"
#include "workloads/layer_gemms.hpp"

namespace mixsim::sim {

std::vector<workloads::GemmShape> phase_gemms(const WorkloadConfig& workload, const PhaseConfig& phase);

// Operands of the first instance of `gemm` (instances of a count > 1 GEMM are simulated once).
workloads::GemmOperandPair phase_gemm_operands(const WorkloadConfig& workload, const PhaseConfig& phase,
                                               const workloads::GemmShape& gemm, uint64_t seed);

}  // namespace mixsim::sim
