#pragma once
// workload.generate: one request served end to end (docs/END_TO_END.md): a prefill of `prompt`
// tokens, then decode steps until `tokens` tokens are generated, every decoder layer, the
// non-GEMM ops on the vector unit and the KV cache in DRAM at `kv_cache`'s precision.
#include <cstdint>
#include <string>

#include "sim/run/simulator.hpp"

namespace mixsim::sim {

struct GenerateConfig {
  int64_t prompt = 0;               // S: prompt tokens (prefill)
  int64_t tokens = 0;               // D: generated tokens (the prefill yields the first)
  int64_t batch = 1;                // sequences served together
  std::string kv_cache = "auto";    // auto | fp16 | int8 | kivi2 (sim/run/kv_cache_plan.hpp)
  // fast: GEMMs timed per tile. cycle: the decode steps' GEMMs timed by the SystemC model and
  // the vector ops computed on values and checked against models/vector_ops (the prefill stays
  // in fast mode).
  SimMode mode = SimMode::Fast;
  bool overlap = true;              // the vector unit and the array run concurrently when deps allow
};

}  // namespace mixsim::sim
