#include "reports/end_to_end_tables.hpp"

#include <set>

namespace mixsim::reports {
namespace {

using json = nlohmann::json;

std::string label(const E2eRecord& r, const E2eDesignRecord& d) {
  return d.pe + " " + d.recipe + " kv:" + d.kv_cache + (r.source.empty() ? "" : " (" + r.source + ")");
}

Table summary_table(const ReportInput& in) {
  Table t{"end_to_end", "End to end: time to first token, time per output token, tokens/s, joules per token",
          "One request per sequence: prefill of the prompt (TTFT), then one decode step per further token "
          "with the context growing; tokens/s = batch x tokens / (TTFT + all decode steps); J/token = all energy "
          "/ (batch x tokens). KV MB: the KV cache after the last token. Bounds: max(array compute bound, "
          "compulsory DRAM bytes at peak bandwidth) of the step.",
          {"source", "model", "prompt", "tokens", "batch", "mode", "overlap", "pe", "recipe", "kv_cache", "ttft_s",
           "ttft_bound_s", "tpot_ms", "tpot_bound_ms", "tokens_per_s", "decode_tokens_per_s", "joules_per_token", "kv_cache_mb", "kv_cache_fp16_mb"},
          {}};
  for (const auto& r : in.end_to_end)
    for (const auto& d : r.designs)
      t.rows.push_back({r.source, r.model, r.prompt, r.tokens, r.batch, r.mode, std::string(r.overlap ? "on" : "off"),
                        d.pe, d.recipe, d.kv_cache, d.ttft_s, d.ttft_bound_s, d.tpot_s * 1e3, d.tpot_bound_s * 1e3,
                        d.tokens_per_s, d.decode_tokens_per_s,
                        d.joules_per_token, d.kv_cache_bytes / 1e6, d.kv_cache_bytes_fp16 / 1e6});
  return t;
}

Table steps_table(const ReportInput& in) {
  Table t{"e2e_steps", "Latency of each decode step (the context grows by one token per step)",
          "context: tokens the step's new token attends to (prompt + tokens generated so far).",
          {"source", "pe", "recipe", "context", "step_ms"}, {}};
  for (const auto& r : in.end_to_end)
    for (const auto& d : r.designs)
      for (const auto& s : d.steps) t.rows.push_back({r.source, d.pe, d.recipe, s.context, s.seconds * 1e3});
  return t;
}

Table ops_table(const ReportInput& in) {
  Table t{"e2e_ops", "Where the time and energy go, by op type (whole generation)",
          "busy_s: time the op's unit (array or vector) spent on it; with overlap the units run concurrently, "
          "so the column sums exceed the wall time.",
          {"source", "pe", "recipe", "op", "busy_s", "joules"}, {}};
  for (const auto& r : in.end_to_end)
    for (const auto& d : r.designs)
      for (const auto& [op, v] : d.by_op_type) t.rows.push_back({r.source, d.pe, d.recipe, op, v.busy_s, v.joules});
  return t;
}

Table components_table(const ReportInput& in) {
  Table t{"e2e_components", "Energy by hardware component (whole generation)",
          "vector: the vector unit's arithmetic; pe/accumulator/dequant/registers/leakage: the array; "
          "sram_* and dram: both units' traffic.",
          {"source", "pe", "recipe", "component", "joules"}, {}};
  for (const auto& r : in.end_to_end)
    for (const auto& d : r.designs)
      for (const auto& [c, j] : d.by_component_j) t.rows.push_back({r.source, d.pe, d.recipe, c, j});
  return t;
}

Table gpu_decode_table(const ReportInput& in) {
  Table t{"gpu_decode", "Decode step: the GPU beside the simulated accelerator",
          "GPU rows: scripts/gpu-check's measured decode step (the decoder layers' GEMMs, median). Simulated rows: "
          "TPOT (the whole step: every op, attention and KV cache included) and the projection GEMMs alone "
          "(gemm_only_s, what the GPU row times). tokens/s = batch / step seconds.",
          {"device", "impl", "recipe", "model", "batch", "layers", "step_s", "gemm_only_s", "tokens_per_s", "note"},
          {}};
  if (in.gpu_decode.empty()) return t;
  for (const GpuDecodeStepRecord& g : in.gpu_decode)
    for (const auto& run : g.runs)
      t.rows.push_back({g.gpu, run.impl, run.recipe, g.model, g.batch, g.layers, run.step_seconds, run.step_seconds,
                        static_cast<double>(g.batch) / run.step_seconds, std::string("measured")});
  bool same_model = false, same_batch = false;
  for (const auto& r : in.end_to_end)
    for (const GpuDecodeStepRecord& g : in.gpu_decode) {
      same_model = same_model || r.model == g.model;
      same_batch = same_batch || (r.model == g.model && r.batch == g.batch);
    }
  for (const auto& r : in.end_to_end)
    for (const auto& d : r.designs) {
      std::string note = "simulated";
      if (!same_model) note += "; model differs from the GPU runs'";
      else if (!same_batch) note += "; no GPU run at this batch";
      t.rows.push_back({std::string("mixsim"), d.pe, d.recipe, r.model, r.batch, r.layers, d.tpot_s,
                        d.decode_projection_gemm_s, d.tpot_s > 0 ? static_cast<double>(r.batch) / d.tpot_s : 0.0,
                        note});
    }
  return t;
}

const char* kColours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                          "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94"};
const char* colour(size_t i) { return kColours[i % (sizeof(kColours) / sizeof(kColours[0]))]; }

json options(const std::string& title, const std::string& x, const std::string& y, bool stacked) {
  return {{"responsive", true},
          {"plugins", {{"title", {{"display", true}, {"text", title}}}}},
          {"scales",
           {{"x", {{"title", {{"display", true}, {"text", x}}}, {"stacked", stacked}}},
            {"y", {{"title", {{"display", true}, {"text", y}}}, {"stacked", stacked}, {"beginAtZero", true}}}}}};
}

}  // namespace

std::vector<Table> end_to_end_tables(const ReportInput& in) {
  std::vector<Table> tables;
  for (Table t : {summary_table(in), steps_table(in), ops_table(in), components_table(in), gpu_decode_table(in)})
    if (!t.rows.empty()) tables.push_back(std::move(t));
  return tables;
}

std::vector<ChartSpec> end_to_end_charts(const ReportInput& in) {
  std::vector<ChartSpec> charts;
  if (in.end_to_end.empty()) return charts;
  // Latency per token over the generation.
  json lines = json::array();
  size_t i = 0;
  for (const auto& r : in.end_to_end)
    for (const auto& d : r.designs) {
      json points = json::array();
      for (const auto& s : d.steps) points.push_back({{"x", s.context}, {"y", s.seconds * 1e3}});
      lines.push_back({{"type", "line"}, {"label", label(r, d)}, {"data", points}, {"borderColor", colour(i)},
                       {"backgroundColor", colour(i)}, {"pointRadius", 0}, {"fill", false}});
      ++i;
    }
  json x = {{"type", "linear"}, {"title", {{"display", true}, {"text", "context (tokens)"}}}};
  json opts = options("Latency per generated token over the generation", "context (tokens)", "ms per step", false);
  opts["scales"]["x"] = x;
  charts.push_back({"e2e_steps", "chart-e2e-steps", {{"type", "scatter"}, {"data", {{"datasets", lines}}}, {"options", opts}}});
  // Op-type and component breakdowns: bars are designs, stacks are op types / components.
  auto stacked = [&](const std::string& section, const std::string& canvas, const std::string& title,
                     const std::string& unit, auto value_of, auto keys_of) {
    std::vector<std::string> labels, keys;
    std::set<std::string> seen;
    for (const auto& r : in.end_to_end)
      for (const auto& d : r.designs) {
        labels.push_back(label(r, d));
        for (const auto& k : keys_of(d))
          if (seen.insert(k).second) keys.push_back(k);
      }
    json datasets = json::array();
    for (size_t k = 0; k < keys.size(); ++k) {
      json values = json::array();
      for (const auto& r : in.end_to_end)
        for (const auto& d : r.designs) values.push_back(value_of(d, keys[k]));
      datasets.push_back({{"label", keys[k]}, {"data", values}, {"backgroundColor", colour(k)}});
    }
    charts.push_back({section, canvas, {{"type", "bar"}, {"data", {{"labels", labels}, {"datasets", datasets}}},
                                        {"options", options(title, "design", unit, true)}}});
  };
  stacked("e2e_ops", "chart-e2e-ops", "Busy time by op type (whole generation)", "seconds",
          [](const E2eDesignRecord& d, const std::string& k) {
            const auto it = d.by_op_type.find(k);
            return it == d.by_op_type.end() ? 0.0 : it->second.busy_s;
          },
          [](const E2eDesignRecord& d) {
            std::vector<std::string> k;
            for (const auto& [op, v] : d.by_op_type) k.push_back(op);
            return k;
          });
  stacked("e2e_components", "chart-e2e-components", "Energy by component (whole generation)", "joules",
          [](const E2eDesignRecord& d, const std::string& k) {
            const auto it = d.by_component_j.find(k);
            return it == d.by_component_j.end() ? 0.0 : it->second;
          },
          [](const E2eDesignRecord& d) {
            std::vector<std::string> k;
            for (const auto& [c, v] : d.by_component_j) k.push_back(c);
            return k;
          });
  if (!in.gpu_decode.empty()) {
    const Table t = gpu_decode_table(in);
    json labels = json::array(), step = json::array(), gemm = json::array();
    for (const auto& row : t.rows) {
      labels.push_back(std::get<std::string>(row[0]) + " " + std::get<std::string>(row[1]) + " " +
                       std::get<std::string>(row[2]));
      step.push_back(std::get<double>(row[6]) * 1e3);
      gemm.push_back(std::get<double>(row[7]) * 1e3);
    }
    charts.push_back({"gpu_decode", "chart-gpu-decode",
                      {{"type", "bar"},
                       {"data", {{"labels", labels},
                                 {"datasets", {{{"label", "step (ms)"}, {"data", step}, {"backgroundColor", colour(0)}},
                                               {{"label", "projection GEMMs only (ms)"}, {"data", gemm},
                                                {"backgroundColor", colour(1)}}}}}},
                       {"options", options("Decode step: GPU (measured) and simulated accelerator", "device / design",
                                           "ms", false)}}});
  }
  return charts;
}

}  // namespace mixsim::reports
