#include "sim/sweep/sweep_merge.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

#include <fmt/format.h>

namespace mixsim::sweep {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

struct Candidate {
  std::string point, pe, recipe;
  double latency_s = 0.0, energy_pj = 0.0;
  std::optional<double> area_transistors;
};

[[noreturn]] void bad_results(const SweepPoint& p, const std::string& what) {
  throw SweepError(fmt::format("point {}: results.json: {}", p.id, what));
}

const json& field(const json& object, const char* key, const SweepPoint& p, const std::string& where) {
  if (!object.is_object() || !object.contains(key)) bad_results(p, fmt::format("missing '{}{}'", where, key));
  return object.at(key);
}

double number(const json& object, const char* key, const SweepPoint& p, const std::string& where) {
  const json& v = field(object, key, p, where);
  if (!v.is_number()) bad_results(p, fmt::format("'{}{}' is not a number", where, key));
  return v.get<double>();
}

// The results' own "total" when present (mixsim run writes it), else the components' sum.
double energy_total(const json& energy) {
  if (energy.contains("total") && energy["total"].is_number()) return energy["total"].get<double>();
  double total = 0.0;
  for (const auto& [c, pj] : energy.items())
    if (pj.is_number()) total += pj.get<double>();
  return total;
}

// The workload a run measures; only runs of the same workload are compared on one front.
std::string workload_key(const json& results, const json& run) {
  std::string key = results.value("model", std::string("model?")) + " " + run.value("phase", std::string());
  if (run.contains("batch")) key += fmt::format(" batch={}", run["batch"].dump());
  if (run.value("context", 0) > 0) key += fmt::format(" context={}", run["context"].dump());
  if (run.value("seq_len", 0) > 0) key += fmt::format(" seq_len={}", run["seq_len"].dump());
  return key;
}

// Area of the design: transistors of one PE (Yosys) x rows x cols, when the results carry it.
std::optional<double> design_area(const json& results, const std::string& pe) {
  auto area = results.find("area");
  if (area == results.end() || !area->is_object() || !area->contains(pe)) return std::nullopt;
  const json& a = (*area)[pe];
  if (!a.contains("transistors") || !a["transistors"].is_number()) return std::nullopt;
  const json& array = results["hardware"]["array"];
  return a["transistors"].get<double>() * array.value("rows", 1.0) * array.value("cols", 1.0);
}

ordered_json point_summary(const SweepPoint& p, const json& results,
                           std::map<std::string, std::vector<Candidate>>& groups) {
  ordered_json point;
  point["id"] = p.id;
  point["index"] = p.index;
  ordered_json values;
  for (const auto& o : p.overrides) values[o.key] = yaml_to_json(o.value);
  point["values"] = values;
  point["results"] = p.id + "/results.json";
  ordered_json runs = ordered_json::array();
  const json& run_list = field(results, "runs", p, "");
  if (!run_list.is_array() || run_list.empty()) bad_results(p, "'runs' is empty");
  for (size_t i = 0; i < run_list.size(); ++i) {
    const json& run = run_list[i];
    std::string where = fmt::format("runs[{}].", i);
    const json& totals = field(run, "totals", p, where);
    const json& energy = field(totals, "energy_pj", p, where + "totals.");
    ordered_json r;
    r["pe"] = field(run, "pe", p, where);
    r["phase"] = field(run, "phase", p, where);
    r["mode"] = field(run, "mode", p, where);
    r["recipe"] = run.value("recipe", std::string());
    r["workload"] = workload_key(results, run);
    r["cycles"] = field(totals, "cycles", p, where + "totals.");
    r["latency_s"] = number(totals, "latency_s", p, where + "totals.");
    r["energy_pj"] = energy_total(energy);
    r["energy_breakdown_pj"] = energy;
    r["utilization"] = number(totals, "utilization", p, where + "totals.");
    auto area = design_area(results, r["pe"].get<std::string>());
    r["area_transistors"] = area ? ordered_json(*area) : ordered_json(nullptr);
    groups[r["workload"].get<std::string>()].push_back(
        {p.id, r["pe"].get<std::string>(), r["recipe"].get<std::string>(),
         r["latency_s"].get<double>(), r["energy_pj"].get<double>(), area});
    runs.push_back(r);
  }
  point["runs"] = runs;
  return point;
}

ordered_json front_of(const std::string& workload, std::vector<Candidate> candidates) {
  bool with_area = std::all_of(candidates.begin(), candidates.end(),
                               [](const Candidate& c) { return c.area_transistors.has_value(); });
  std::vector<std::vector<double>> objectives;
  for (const auto& c : candidates) {
    std::vector<double> o{c.latency_s, c.energy_pj};
    if (with_area) o.push_back(*c.area_transistors);
    objectives.push_back(o);
  }
  std::vector<Candidate> front;
  for (size_t i : pareto_front(objectives)) front.push_back(candidates[i]);
  std::sort(front.begin(), front.end(), [](const Candidate& a, const Candidate& b) {
    return std::tie(a.latency_s, a.energy_pj, a.point, a.pe) <
           std::tie(b.latency_s, b.energy_pj, b.point, b.pe);
  });
  ordered_json out;
  out["workload"] = workload;
  out["objectives"] = with_area ? ordered_json{"latency_s", "energy_pj", "area_transistors"}
                                : ordered_json{"latency_s", "energy_pj"};
  out["candidates"] = candidates.size();
  ordered_json list = ordered_json::array();
  for (const auto& c : front) {
    ordered_json e;
    e["point"] = c.point;
    e["pe"] = c.pe;
    e["recipe"] = c.recipe;
    e["latency_s"] = c.latency_s;
    e["energy_pj"] = c.energy_pj;
    e["area_transistors"] = c.area_transistors ? ordered_json(*c.area_transistors) : ordered_json(nullptr);
    list.push_back(e);
  }
  out["front"] = list;
  return out;
}

}  // namespace

ordered_json yaml_to_json(const YAML::Node& node) {
  if (node.IsSequence()) {
    ordered_json out = ordered_json::array();
    for (const auto& item : node) out.push_back(yaml_to_json(item));
    return out;
  }
  if (node.IsMap()) {
    ordered_json out = ordered_json::object();
    for (const auto& kv : node) out[kv.first.Scalar()] = yaml_to_json(kv.second);
    return out;
  }
  if (!node.IsScalar()) return nullptr;
  const std::string& s = node.Scalar();
  int64_t i = 0;
  if (auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), i); ec == std::errc() && end == s.data() + s.size())
    return i;
  double d = 0.0;
  if (auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d); ec == std::errc() && end == s.data() + s.size())
    return d;
  if (s == "true") return true;
  if (s == "false") return false;
  return s;
}

std::vector<size_t> pareto_front(const std::vector<std::vector<double>>& objectives) {
  auto dominates = [](const std::vector<double>& a, const std::vector<double>& b) {
    bool strictly = false;
    for (size_t k = 0; k < a.size(); ++k) {
      if (a[k] > b[k]) return false;
      if (a[k] < b[k]) strictly = true;
    }
    return strictly;
  };
  std::vector<size_t> front;
  for (size_t i = 0; i < objectives.size(); ++i) {
    bool dominated = false;
    for (size_t j = 0; j < objectives.size() && !dominated; ++j)
      dominated = j != i && dominates(objectives[j], objectives[i]);
    if (!dominated) front.push_back(i);
  }
  return front;
}

ordered_json merge_sweep(const SweepSpec& spec, const std::vector<SweepPoint>& points,
                         const std::vector<json>& results) {
  ordered_json out;
  out["schema"] = "mixsim.sweep";
  out["version"] = 1;
  out["name"] = spec.name;
  out["base"] = spec.base;
  out["mode"] = spec.mode;
  ordered_json set = ordered_json::object();
  for (const auto& s : spec.set) set[s.key] = yaml_to_json(s.value);
  out["set"] = set;
  ordered_json axes = ordered_json::array();
  for (const auto& a : spec.axes) {
    ordered_json values = ordered_json::array();
    for (const auto& v : a.values) values.push_back(yaml_to_json(v));
    axes.push_back({{"key", a.key}, {"values", values}});
  }
  out["axes"] = axes;
  std::map<std::string, std::vector<Candidate>> groups;
  ordered_json list = ordered_json::array();
  for (size_t i = 0; i < points.size(); ++i) list.push_back(point_summary(points[i], results.at(i), groups));
  out["points"] = list;
  ordered_json fronts = ordered_json::array();
  for (auto& [workload, candidates] : groups) fronts.push_back(front_of(workload, candidates));
  out["pareto"] = fronts;
  return out;
}

}  // namespace mixsim::sweep
