#include "reports/end_to_end_input.hpp"

#include "reports/report_error.hpp"

namespace mixsim::reports {
namespace {

using json = nlohmann::json;

struct At {
  std::string source, path;
  At operator[](const std::string& key) const { return {source, path.empty() ? key : path + "." + key}; }
  At operator[](size_t i) const { return {source, path + "[" + std::to_string(i) + "]"}; }
  [[noreturn]] void fail(const std::string& what) const {
    throw ReportError(source + ": '" + (path.empty() ? std::string("top level") : path) + "': " + what);
  }
};

const json& member(const json& o, const std::string& key, const At& at) {
  if (!o.is_object()) at.fail("expected an object");
  const auto it = o.find(key);
  if (it == o.end()) at[key].fail("missing key");
  return *it;
}
double number(const json& o, const std::string& key, const At& at) {
  const json& v = member(o, key, at);
  if (!v.is_number()) at[key].fail("expected a number");
  return v.get<double>();
}
int64_t integer(const json& o, const std::string& key, const At& at) {
  const json& v = member(o, key, at);
  if (!v.is_number_integer()) at[key].fail("expected an integer");
  return v.get<int64_t>();
}
std::string text(const json& o, const std::string& key, const At& at) {
  const json& v = member(o, key, at);
  if (!v.is_string()) at[key].fail("expected a string");
  return v.get<std::string>();
}
const json& array(const json& o, const std::string& key, const At& at) {
  const json& v = member(o, key, at);
  if (!v.is_array()) at[key].fail("expected an array");
  return v;
}

}  // namespace

std::optional<E2eRecord> read_end_to_end(const json& results, const std::string& source, const std::string& where) {
  const auto it = results.find("end_to_end");
  if (it == results.end() || it->is_null()) return std::nullopt;
  const At at{where, "end_to_end"};
  const json& e = *it;
  E2eRecord r;
  r.source = source;
  r.model = text(e, "model", at);
  r.mode = text(e, "mode", at);
  r.prompt = integer(e, "prompt", at), r.tokens = integer(e, "tokens", at);
  r.batch = integer(e, "batch", at), r.layers = integer(e, "layers", at);
  const json& overlap = member(e, "overlap", at);
  if (!overlap.is_boolean()) at["overlap"].fail("expected true or false");
  r.overlap = overlap.get<bool>();
  const json& designs = array(e, "designs", at);
  for (size_t i = 0; i < designs.size(); ++i) {
    const At d = at["designs"][i];
    const json& v = designs[i];
    E2eDesignRecord x;
    x.pe = text(v, "pe", d), x.recipe = text(v, "recipe", d), x.kv_cache = text(v, "kv_cache", d);
    x.ttft_s = number(v, "ttft_s", d), x.tpot_s = number(v, "tpot_s", d);
    x.tokens_per_s = number(v, "tokens_per_s", d), x.decode_tokens_per_s = number(v, "decode_tokens_per_s", d);
    x.joules_per_token = number(v, "joules_per_token", d);
    x.decode_projection_gemm_s = number(v, "decode_projection_gemm_s", d);
    x.ttft_bound_s = number(v, "ttft_bound_s", d), x.tpot_bound_s = number(v, "tpot_bound_s", d);
    x.kv_cache_bytes = number(v, "kv_cache_bytes", d), x.kv_cache_bytes_fp16 = number(v, "kv_cache_bytes_fp16", d);
    const json& steps = array(v, "decode_steps", d);
    for (size_t s = 0; s < steps.size(); ++s)
      x.steps.push_back({integer(steps[s], "context", d["decode_steps"][s]), number(steps[s], "seconds", d["decode_steps"][s])});
    const json& ops = member(v, "by_op_type", d);
    if (!ops.is_object()) d["by_op_type"].fail("expected an object");
    for (const auto& [type, o] : ops.items())
      x.by_op_type[type] = {number(o, "busy_s", d["by_op_type"][type]), number(o, "joules", d["by_op_type"][type])};
    const json& comps = member(v, "by_component_j", d);
    if (!comps.is_object()) d["by_component_j"].fail("expected an object");
    for (const auto& [c, j] : comps.items()) {
      if (!j.is_number()) d["by_component_j"][c].fail("expected a number");
      x.by_component_j[c] = j.get<double>();
    }
    r.designs.push_back(std::move(x));
  }
  return r;
}

bool is_schema_gpu_json(const json& gpu) { return gpu.is_object() && gpu.contains("schema"); }

namespace {

void check_schema(const json& gpu, const At& at) {
  const std::string schema = text(gpu, "schema", at);
  if (schema != kGpuDecodeStepSchema)
    at["schema"].fail("unsupported schema '" + schema + "'; allowed: \"" + kGpuDecodeStepSchema +
                      "\" (or the kernel-benchmark form {device, results} without a schema key)");
}

GpuDecodeStepRecord read_step(const json& gpu, const At& at) {
  check_schema(gpu, at);
  GpuDecodeStepRecord g;
  g.gpu = text(gpu, "gpu", at);
  g.model = text(gpu, "model", at);
  g.batch = integer(gpu, "batch", at);
  g.layers = integer(gpu, "layers", at);
  if (g.batch < 1) at["batch"].fail("must be >= 1");
  const json& runs = array(gpu, "runs", at);
  if (runs.empty()) at["runs"].fail("no runs");
  for (size_t i = 0; i < runs.size(); ++i) {
    const At r = at["runs"][i];
    GpuDecodeRun run;
    run.impl = text(runs[i], "impl", r);
    run.recipe = text(runs[i], "recipe", r);
    run.step_seconds = number(runs[i], "step_seconds", r);
    if (!(run.step_seconds > 0)) r["step_seconds"].fail("must be > 0");
    const json& per = array(runs[i], "per_gemm", r);
    for (size_t j = 0; j < per.size(); ++j) {
      const At p = r["per_gemm"][j];
      run.per_gemm.push_back({text(per[j], "name", p), integer(per[j], "M", p), integer(per[j], "N", p),
                              integer(per[j], "K", p), number(per[j], "seconds", p)});
    }
    g.runs.push_back(std::move(run));
  }
  return g;
}

}  // namespace

std::vector<GpuDecodeStepRecord> read_gpu_decode_steps(const json& gpu) {
  const At at{"gpu results", ""};
  if (!gpu.is_object() || !gpu.contains("steps")) return {read_step(gpu, at)};
  check_schema(gpu, at);
  const json& steps = array(gpu, "steps", at);
  if (steps.empty()) at["steps"].fail("no steps");
  std::vector<GpuDecodeStepRecord> out;
  for (size_t i = 0; i < steps.size(); ++i) out.push_back(read_step(steps[i], at["steps"][i]));
  return out;
}

}  // namespace mixsim::reports
