#pragma once
// The end-to-end parts of report input (docs/END_TO_END.md): results.json's `end_to_end` section
// (workload.generate runs) and the GPU decode-step JSON of scripts/gpu-check
// (schema "mixsim-gpu-decode-step/1"), checked and flattened into plain records.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mixsim::reports {

inline constexpr const char* kGpuDecodeStepSchema = "mixsim-gpu-decode-step/1";

struct E2eStepRecord {
  int64_t context = 0;
  double seconds = 0.0;
};

struct E2eOpRecord {
  double busy_s = 0.0, joules = 0.0;
};

struct E2eDesignRecord {
  std::string pe, recipe, kv_cache;
  double ttft_s = 0.0, tpot_s = 0.0, tokens_per_s = 0.0, decode_tokens_per_s = 0.0, joules_per_token = 0.0;
  double decode_projection_gemm_s = 0.0;
  double ttft_bound_s = 0.0, tpot_bound_s = 0.0;
  double kv_cache_bytes = 0.0, kv_cache_bytes_fp16 = 0.0;
  std::vector<E2eStepRecord> steps;
  std::map<std::string, E2eOpRecord> by_op_type;
  std::map<std::string, double> by_component_j;
};

struct E2eRecord {
  std::string source, model, mode;
  int64_t prompt = 0, tokens = 0, batch = 1, layers = 0;
  bool overlap = true;
  std::vector<E2eDesignRecord> designs;
};

struct GpuGemmTime {
  std::string name;
  int64_t m = 0, n = 0, k = 0;
  double seconds = 0.0;
};

struct GpuDecodeRun {
  std::string impl, recipe;
  double step_seconds = 0.0;
  std::vector<GpuGemmTime> per_gemm;
};

struct GpuDecodeStepRecord {
  std::string gpu, model;
  int64_t batch = 1, layers = 0;
  std::vector<GpuDecodeRun> runs;
};

// results.json's end_to_end section, when present (`where` names the file for errors).
std::optional<E2eRecord> read_end_to_end(const nlohmann::json& results, const std::string& source,
                                         const std::string& where);

// True when `gpu` declares a "schema" key (the decode-step form); the older kernel-benchmark
// form has none.
bool is_schema_gpu_json(const nlohmann::json& gpu);
// One decode step object {schema, gpu, model, batch, layers, runs}, or scripts/gpu-check's
// combined file {schema, steps: [such objects, one per batch]}. Throws ReportError naming the key
// (and, for a wrong schema, the allowed one).
std::vector<GpuDecodeStepRecord> read_gpu_decode_steps(const nlohmann::json& gpu);

}  // namespace mixsim::reports
