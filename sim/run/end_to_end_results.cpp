#include "sim/run/end_to_end_results.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace mixsim::sim {
namespace {

using Json = nlohmann::ordered_json;

Json vector_json(const VectorUnitConfig& v) {
  Json rates = Json::object();
  for (size_t c = 0; c < static_cast<size_t>(kVectorClasses); ++c) rates[kVectorClassNames[c]] = v.ops_per_lane_cycle[c];
  return Json{{"lanes", v.lanes}, {"latency_cycles", v.latency_cycles}, {"ops_per_lane_cycle", rates}};
}

Json design_json(const DesignEndToEnd& d) {
  Json steps = Json::array();
  for (const auto& s : d.decode_steps)
    steps.push_back(Json{{"context", s.context}, {"cycles", s.cycles}, {"seconds", s.seconds}, {"joules", s.joules}});
  Json by_op = Json::object();
  for (const auto& [type, r] : d.by_op_type)
    by_op[type] = Json{{"ops", r.ops}, {"busy_s", r.busy_s}, {"joules", r.joules}, {"macs", r.macs}};
  Json by_comp = Json::object();
  for (const auto& [comp, j] : d.by_component_j) by_comp[comp] = j;
  Json checks = Json::array();
  for (const auto& c : d.vector_checks)
    checks.push_back(Json{{"op", c.op}, {"rows", c.rows}, {"cols", c.cols}, {"rel_fro", c.rel_fro},
                          {"tolerance", c.tolerance}, {"passed", c.passed}});
  return Json{{"pe", d.pe},
              {"recipe", d.recipe},
              {"kv_cache", d.kv_cache},
              {"ttft_s", d.ttft_s},
              {"tpot_s", d.tpot_s},
              {"tokens_per_s", d.tokens_per_s},
              {"decode_tokens_per_s", d.decode_tokens_per_s},
              {"joules_per_token", d.joules_per_token},
              {"prefill_joules", d.prefill_joules},
              {"decode_s", d.decode_s},
              {"decode_joules", d.decode_joules},
              {"prefill_macs", d.prefill_macs},
              {"decode_macs", d.decode_macs},
              {"lm_head_macs", d.lm_head_macs},
              {"kv_cache_bytes", d.kv_cache_bytes},
              {"kv_cache_bytes_fp16", d.kv_cache_bytes_fp16},
              {"attention_kv_read_bytes", d.attention_kv_read_bytes},
              {"array_busy_s", d.array_busy_s},
              {"vector_busy_s", d.vector_busy_s},
              {"decode_projection_gemm_s", d.decode_projection_gemm_s},
              {"ttft_bound_s", d.ttft_bound_s},
              {"tpot_bound_s", d.tpot_bound_s},
              {"decode_steps", steps},
              {"by_op_type", by_op},
              {"by_component_j", by_comp},
              {"vector_checks", checks}};
}

template <class T>
T field(const nlohmann::ordered_json& j, const char* key, const std::string& where) {
  if (!j.contains(key)) throw std::runtime_error(where + ": end_to_end field '" + key + "' is missing");
  try {
    return j.at(key).get<T>();
  } catch (const nlohmann::ordered_json::exception& e) {
    throw std::runtime_error(where + ": end_to_end field '" + key + "' has the wrong type: " + e.what());
  }
}

}  // namespace

nlohmann::ordered_json end_to_end_to_json(const EndToEndResults& e) {
  Json designs = Json::array();
  for (const auto& d : e.designs) designs.push_back(design_json(d));
  return Json{{"model", e.model},   {"prompt", e.prompt},   {"tokens", e.tokens},
              {"batch", e.batch},   {"layers", e.layers},   {"mode", e.mode},
              {"overlap", e.overlap}, {"vector_unit", vector_json(e.vector)}, {"designs", designs}};
}

EndToEndResults end_to_end_from_json(const nlohmann::ordered_json& j, const std::string& origin) {
  EndToEndResults e;
  e.model = field<std::string>(j, "model", origin);
  e.prompt = field<int64_t>(j, "prompt", origin);
  e.tokens = field<int64_t>(j, "tokens", origin);
  e.batch = field<int64_t>(j, "batch", origin);
  e.layers = field<int64_t>(j, "layers", origin);
  e.mode = field<std::string>(j, "mode", origin);
  e.overlap = field<bool>(j, "overlap", origin);
  const auto& v = j.at("vector_unit");
  e.vector.lanes = field<int>(v, "lanes", origin);
  e.vector.latency_cycles = field<int>(v, "latency_cycles", origin);
  for (size_t c = 0; c < static_cast<size_t>(kVectorClasses); ++c)
    e.vector.ops_per_lane_cycle[c] = field<double>(v.at("ops_per_lane_cycle"), kVectorClassNames[c], origin);
  for (const auto& dj : j.at("designs")) {
    DesignEndToEnd d;
    d.pe = field<std::string>(dj, "pe", origin);
    d.recipe = field<std::string>(dj, "recipe", origin);
    d.kv_cache = field<std::string>(dj, "kv_cache", origin);
    d.ttft_s = field<double>(dj, "ttft_s", origin);
    d.tpot_s = field<double>(dj, "tpot_s", origin);
    d.tokens_per_s = field<double>(dj, "tokens_per_s", origin);
    d.decode_tokens_per_s = field<double>(dj, "decode_tokens_per_s", origin);
    d.joules_per_token = field<double>(dj, "joules_per_token", origin);
    d.prefill_joules = field<double>(dj, "prefill_joules", origin);
    d.decode_s = field<double>(dj, "decode_s", origin);
    d.decode_joules = field<double>(dj, "decode_joules", origin);
    d.prefill_macs = field<int64_t>(dj, "prefill_macs", origin);
    d.decode_macs = field<int64_t>(dj, "decode_macs", origin);
    d.lm_head_macs = field<int64_t>(dj, "lm_head_macs", origin);
    d.kv_cache_bytes = field<int64_t>(dj, "kv_cache_bytes", origin);
    d.kv_cache_bytes_fp16 = field<int64_t>(dj, "kv_cache_bytes_fp16", origin);
    d.attention_kv_read_bytes = field<int64_t>(dj, "attention_kv_read_bytes", origin);
    d.array_busy_s = field<double>(dj, "array_busy_s", origin);
    d.vector_busy_s = field<double>(dj, "vector_busy_s", origin);
    d.decode_projection_gemm_s = field<double>(dj, "decode_projection_gemm_s", origin);
    d.ttft_bound_s = field<double>(dj, "ttft_bound_s", origin);
    d.tpot_bound_s = field<double>(dj, "tpot_bound_s", origin);
    for (const auto& s : dj.at("decode_steps"))
      d.decode_steps.push_back(StepRecord{field<int64_t>(s, "context", origin), field<int64_t>(s, "cycles", origin),
                                          field<double>(s, "seconds", origin), field<double>(s, "joules", origin)});
    for (const auto& [type, r] : dj.at("by_op_type").items())
      d.by_op_type[type] = OpTypeRecord{field<int64_t>(r, "ops", origin), field<double>(r, "busy_s", origin),
                                        field<double>(r, "joules", origin), field<int64_t>(r, "macs", origin)};
    for (const auto& [comp, val] : dj.at("by_component_j").items()) d.by_component_j[comp] = val.get<double>();
    for (const auto& c : dj.at("vector_checks"))
      d.vector_checks.push_back(VectorValueCheck{field<std::string>(c, "op", origin), field<int64_t>(c, "rows", origin),
                                                 field<int64_t>(c, "cols", origin), field<double>(c, "rel_fro", origin),
                                                 field<double>(c, "tolerance", origin), field<bool>(c, "passed", origin)});
    e.designs.push_back(std::move(d));
  }
  return e;
}

std::string format_end_to_end(const EndToEndResults& e) {
  std::string out = fmt::format(
      "\nEnd to end: {} ({} layers), prompt {} + {} generated tokens, batch {}, {} mode, overlap {}\n", e.model,
      e.layers, e.prompt, e.tokens, e.batch, e.mode, e.overlap ? "on" : "off");
  out += fmt::format("{:<12} {:<20} {:<6} {:>10} {:>10} {:>11} {:>11} {:>10} {:>13} {:>11} {:>11}\n", "pe", "recipe",
                     "kv", "TTFT s", "bound s", "TPOT ms", "bound ms", "tokens/s", "decode tok/s", "J/token", "KV MB");
  for (const auto& d : e.designs)
    out += fmt::format("{:<12} {:<20} {:<6} {:>10.4g} {:>10.4g} {:>11.4g} {:>11.4g} {:>10.4g} {:>13.4g} {:>11.4g} {:>11.4g}\n",
                       d.pe, d.recipe, d.kv_cache, d.ttft_s, d.ttft_bound_s, d.tpot_s * 1e3, d.tpot_bound_s * 1e3,
                       d.tokens_per_s, d.decode_tokens_per_s, d.joules_per_token,
                       static_cast<double>(d.kv_cache_bytes) / 1e6);
  return out;
}

}  // namespace mixsim::sim
