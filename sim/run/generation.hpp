#pragma once
// A whole request served end to end (workload.generate; docs/END_TO_END.md): for every compared
// design, the prefill of the prompt, then one decode step per further generated token with the
// context growing, every decoder layer, the non-GEMM ops on the vector unit (sim/vector/) and the
// KV cache in DRAM at the design's KV-cache precision (sim/run/kv_cache_plan.hpp). Each step's
// ops (sim/run/step_ops.hpp) are timed (GEMMs by simulate_gemm through the design's Mapper,
// identical shapes once; vector ops by the VectorUnit) and placed on the two units' timeline
// (sim/run/op_timeline.hpp).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/config/config_types.hpp"
#include "sim/run/end_to_end_results.hpp"

namespace mixsim::sim {

using GenerationProgress = std::function<void(size_t step, size_t steps, const std::string& label)>;

struct GenerationOutcome {
  EndToEndResults results;
  std::vector<std::string> failed_checks;  // cycle mode: vector ops whose values failed
};

// Throws std::invalid_argument when config.workload.generate is absent or a design cannot run it.
GenerationOutcome run_generation(const RunConfig& config, const GenerationProgress& progress = {});

}  // namespace mixsim::sim
