#pragma once
// The numerics study: for every GEMM of a model's decoder layer(s) in a phase, each recipe's
// output error against the FP64 product of the UNQUANTIZED operands (relative Frobenius error,
// SQNR in dB, max abs error). Operands come from the seeded synthetic sources
// (synthetic_source.hpp), so the same config and seed give the same bytes on every machine.
//
// Operands per GEMM (X: M x K, W: N x K, docs/NUMERICS.md has the details):
//  * projections: W = synthetic_weights, X = synthetic_activations (outlier channels);
//  * attn_qk, per batch element and KV head: X = the group's query rows, W = the K cache
//    (kv_tokens x head_dim; a few key outlier channels, as KIVI reports);
//  * attn_pv: X = P = softmax(Q K^T / sqrt(head_dim)) of the unquantized Q, K (causal in prefill),
//    W = V cache^T (head_dim x kv_tokens).
// Metrics over all `count` instances of a GEMM together: rel_fro = ||Y - Y_ref||_F / ||Y_ref||_F,
// sqnr_db = -20 log10(rel_fro), max_abs = max |Y - Y_ref|.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "workloads/layer_gemms.hpp"
#include "workloads/model_spec.hpp"
#include "workloads/workload_recipe.hpp"

namespace mixsim::workloads {

struct NumericsStudyConfig {
  ModelSpec model;
  std::vector<int> layers = {0};
  PhaseSpec phase;
  uint64_t seed = 1;
  std::vector<WorkloadRecipe> recipes;
  unsigned threads = 0;  // 0: hardware concurrency; results do not depend on it
};

struct ErrorMetrics {
  double rel_fro = 0.0;
  std::optional<double> sqnr_db;  // empty when the error is exactly zero (infinite SQNR)
  double max_abs = 0.0;
};

struct NumericsCell {
  GemmShape gemm;
  std::string recipe;
  std::optional<ErrorMetrics> error;  // empty when the recipe cannot run this shape
  std::string note;                   // why not (e.g. K not a multiple of the group size)
};

struct NumericsStudyResult {
  NumericsStudyConfig config;
  std::vector<NumericsCell> cells;  // GEMM-major, recipes in config order
};

NumericsStudyResult run_numerics_study(const NumericsStudyConfig& config);

std::string numerics_json(const NumericsStudyResult& result);   // schema mixsim.numerics v1
std::string numerics_csv(const NumericsStudyResult& result);
std::string numerics_table(const NumericsStudyResult& result);  // SQNR dB, GEMM x recipe
// DIR/numerics.json and DIR/numerics.csv, each written to a temporary file and renamed.
void write_numerics_outputs(const NumericsStudyResult& result, const std::filesystem::path& dir);

// Shared by the study and its tests: error of y against ref, accumulated over instances.
class ErrorAccumulator {
 public:
  void add(double reference, double value);
  ErrorMetrics metrics() const;  // throws std::runtime_error if a NaN was added
 private:
  double ref2_ = 0.0, err2_ = 0.0, max_abs_ = 0.0;
  bool saw_nan_ = false;
};

}  // namespace mixsim::workloads
