#pragma once
// results.json's `end_to_end` section (workload.generate; docs/END_TO_END.md): per compared
// design, time to first token, time per output token, tokens/s and joules per token, the latency
// of every decode step (the context grows by one token per step), and where time and energy go,
// by op type and by hardware component.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/config/vector_config.hpp"

namespace mixsim::sim {

struct StepRecord {
  int64_t context = 0;  // tokens attended by the step's new token (per sequence)
  int64_t cycles = 0;
  double seconds = 0.0;
  double joules = 0.0;
};

struct OpTypeRecord {
  int64_t ops = 0;        // ops of this type over the whole generation
  double busy_s = 0.0;    // time its unit spent on them (units overlap: these do not sum to wall)
  double joules = 0.0;
  int64_t macs = 0;
};

// A vector op of the decode step computed on values (cycle mode) and checked against the FP64
// golden definition of models/vector_ops.hpp.
struct VectorValueCheck {
  std::string op;
  int64_t rows = 0, cols = 0;
  double rel_fro = 0.0;    // vs FP64 (relative Frobenius); INT8 codes: mismatching fraction
  double tolerance = 0.0;
  bool passed = false;
};

struct DesignEndToEnd {
  std::string pe, recipe, kv_cache;
  double ttft_s = 0.0;             // prefill (embedding .. lm_head) of the prompt
  double tpot_s = 0.0;             // mean decode step (0 when tokens == 1)
  double tokens_per_s = 0.0;       // batch * tokens / (ttft + all decode steps)
  double decode_tokens_per_s = 0.0;  // batch / tpot
  double joules_per_token = 0.0;   // (prefill + decode energy) / (batch * tokens)
  double prefill_joules = 0.0, decode_s = 0.0, decode_joules = 0.0;
  int64_t prefill_macs = 0, decode_macs = 0, lm_head_macs = 0;
  int64_t kv_cache_bytes = 0;          // K + V of every layer after the last token, whole batch
  int64_t kv_cache_bytes_fp16 = 0;     // the same cache in FP16
  int64_t attention_kv_read_bytes = 0; // K/V bytes the last decode step's attention read
  double array_busy_s = 0.0, vector_busy_s = 0.0;
  // Mean time per decode step the array spends on the decoder layers' projection GEMMs (q/k/v/o,
  // MLP or experts; no attention, no lm_head): what a GPU decode-step GEMM benchmark times.
  double decode_projection_gemm_s = 0.0;
  // Lower bounds (sim/run/step_timer.hpp TimedStep::bound_cycles): of the prefill and of the
  // mean decode step, at the DRAM's peak bandwidth.
  double ttft_bound_s = 0.0, tpot_bound_s = 0.0;
  std::vector<StepRecord> decode_steps;
  std::map<std::string, OpTypeRecord> by_op_type;
  std::map<std::string, double> by_component_j;
  std::vector<VectorValueCheck> vector_checks;
};

struct EndToEndResults {
  std::string model;
  int64_t prompt = 0, tokens = 0, batch = 1, layers = 0;
  std::string mode;  // fast | cycle
  bool overlap = true;
  VectorUnitConfig vector;
  std::vector<DesignEndToEnd> designs;
};

nlohmann::ordered_json end_to_end_to_json(const EndToEndResults& e);
// Throws std::runtime_error naming `origin` and the field.
EndToEndResults end_to_end_from_json(const nlohmann::ordered_json& j, const std::string& origin);

// A fixed-width text table of the designs (stdout of mixsim run).
std::string format_end_to_end(const EndToEndResults& e);

}  // namespace mixsim::sim
