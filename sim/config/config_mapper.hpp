#pragma once
// The `mapper:` section of a run config (docs/CONFIG.md, "mapper"):
//   mapper:
//     objective: latency | energy | edp     # default latency
//     exact_candidates: 8                   # estimates timed exactly by the fast model (1..256)
//     pin:                                  # optional: a fixed mapping per GEMM name
//       down_proj: "order=NMK m=512 n=4 k=128 x=block w=block partials=chip slots=2/2"
// Whether a pinned mapping fits the buffers is checked per GEMM before anything runs
// (sim/run/run_job.cpp), since it depends on the GEMM's shape and the PE.
#include "sim/config/config_yaml.hpp"
#include "sim/mapping/mapper.hpp"

namespace mixsim::sim {

MapperConfig parse_mapper(const ConfigNode& node);

}  // namespace mixsim::sim
