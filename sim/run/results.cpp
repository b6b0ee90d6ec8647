#include "sim/run/results.hpp"

#include <unistd.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace mixsim::sim {
namespace {

using Json = nlohmann::ordered_json;  // keeps insertion order: the schema's documented order

// ---- writing ---------------------------------------------------------------------------------

Json finite_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json error_json(const ErrorStats& e) {
  return Json{{"rel_fro", finite_or_null(e.rel_fro)},
              {"sqnr_db", finite_or_null(e.sqnr_db)},
              {"max_abs", finite_or_null(e.max_abs)}};
}

template <typename Map>
Json map_json(const Map& m) {
  Json j = Json::object();
  for (const auto& [k, v] : m) j[k] = v;  // std::map: sorted keys, deterministic
  return j;
}

Json sram_json(const SramConfig& s) {
  return Json{{"capacity_bytes", s.capacity_bytes}, {"banks", s.banks},
              {"ports", s.ports}, {"width_bytes", s.width_bytes},
              {"double_buffered", s.double_buffered}};
}

Json hardware_json(const HardwareConfig& hw, const std::string& energy_node) {
  return Json{
      {"array", {{"rows", hw.array.rows}, {"cols", hw.array.cols},
                 {"dataflow", hw.array.dataflow == Dataflow::WeightStationary ? "weight-stationary"
                                                                              : "output-stationary"}}},
      {"clock_ghz", hw.clock_ghz},
      {"dram", {{"bandwidth_gbps", hw.dram.bandwidth_gbps}, {"latency_ns", hw.dram.latency_ns},
                {"burst_bytes", hw.dram.burst_bytes}, {"technology", hw.dram.technology},
                {"model", hw.dram.model == DramModel::Bank ? "bank" : "simple"}}},
      {"buffers", {{"weight", sram_json(hw.weight_buffer)},
                   {"activation", sram_json(hw.activation_buffer)},
                   {"output", sram_json(hw.output_buffer)}}},
      {"technology_node", hw.technology_node},
      {"energy_table_node", energy_node}};
}

Json gemm_json(const GemmRecord& g) {
  Json j{{"name", g.name}, {"m", g.m}, {"n", g.n}, {"k", g.k}, {"count", g.count},
         {"macs", g.macs}, {"cycles", g.cycles}, {"latency_s", g.latency_s},
         {"utilization", g.utilization}, {"energy_pj", map_json(g.energy_pj)},
         {"counters", map_json(g.counters)}};
  if (!g.mapping.empty()) {
    j["mapping"] = Json{{"text", g.mapping}, {"pinned", g.mapping_pinned}};
    j["bounds"] = Json{{"compute_cycles", g.compute_bound_cycles},
                       {"traffic_cycles", g.traffic_bound_cycles},
                       {"compulsory_bytes", g.compulsory_bytes},
                       {"limiter", g.compute_bound_cycles >= g.traffic_bound_cycles ? "compute" : "dram"},
                       {"fraction_of_bound", g.fraction_of_bound()}};
  }
  if (g.error) j["error"] = error_json(*g.error);
  if (g.check)
    j["check"] = Json{{"method", g.check->method}, {"passed", g.check->passed},
                      {"tolerance", g.check->tolerance},
                      {"vs_reference", error_json(g.check->vs_reference)},
                      {"mismatches", g.check->mismatches}};
  return j;
}

Json run_json(const RunRecord& r) {
  Json gemms = Json::array();
  for (const auto& g : r.gemms) gemms.push_back(gemm_json(g));
  return Json{{"pe", r.pe}, {"phase", r.phase}, {"mode", r.mode}, {"recipe", r.recipe},
              {"batch", r.batch}, {"context", r.context}, {"seq_len", r.seq_len},
              {"gemms", gemms},
              {"totals", {{"cycles", r.totals.cycles}, {"latency_s", r.totals.latency_s},
                          {"energy_pj", map_json(r.totals.energy_pj)},
                          {"utilization", r.totals.utilization}, {"macs", r.totals.macs}}}};
}

// ---- reading ---------------------------------------------------------------------------------

struct Reader {
  const std::string& origin;

  [[noreturn]] void fail(const std::string& path, const std::string& problem) const {
    throw std::runtime_error(fmt::format("{}: field '{}': {}", origin, path, problem));
  }
  const Json& field(const Json& j, const std::string& key, const std::string& path) const {
    if (!j.is_object()) fail(path, "expected an object");
    auto it = j.find(key);
    if (it == j.end()) fail(path + "." + key, "missing");
    return *it;
  }
  std::string str(const Json& j, const std::string& key, const std::string& path) const {
    const Json& v = field(j, key, path);
    if (!v.is_string()) fail(path + "." + key, "expected a string");
    return v.get<std::string>();
  }
  int64_t integer(const Json& j, const std::string& key, const std::string& path) const {
    const Json& v = field(j, key, path);
    if (!v.is_number_integer()) fail(path + "." + key, "expected an integer");
    return v.get<int64_t>();
  }
  double number(const Json& j, const std::string& key, const std::string& path,
                double null_value = std::numeric_limits<double>::quiet_NaN()) const {
    const Json& v = field(j, key, path);
    if (v.is_null()) return null_value;
    if (!v.is_number()) fail(path + "." + key, "expected a number");
    return v.get<double>();
  }
  bool boolean(const Json& j, const std::string& key, const std::string& path) const {
    const Json& v = field(j, key, path);
    if (!v.is_boolean()) fail(path + "." + key, "expected true or false");
    return v.get<bool>();
  }
  const Json& array(const Json& j, const std::string& key, const std::string& path) const {
    const Json& v = field(j, key, path);
    if (!v.is_array()) fail(path + "." + key, "expected an array");
    return v;
  }
  template <typename T>
  std::map<std::string, T> number_map(const Json& j, const std::string& key,
                                      const std::string& path) const {
    const Json& v = field(j, key, path);
    if (!v.is_object()) fail(path + "." + key, "expected an object");
    std::map<std::string, T> out;
    for (auto it = v.begin(); it != v.end(); ++it) {
      const bool ok = std::is_integral_v<T> ? it->is_number_integer() : it->is_number();
      if (!ok) fail(path + "." + key + "." + it.key(), "expected a number");
      out[it.key()] = it->template get<T>();
    }
    return out;
  }

  ErrorStats error(const Json& j, const std::string& path) const {
    return ErrorStats{number(j, "rel_fro", path), number(j, "sqnr_db", path,
                                                         std::numeric_limits<double>::infinity()),
                      number(j, "max_abs", path)};
  }
  SramConfig sram(const Json& j, const std::string& p) const {
    SramConfig s;
    s.capacity_bytes = integer(j, "capacity_bytes", p);
    s.banks = static_cast<int>(integer(j, "banks", p));
    s.ports = static_cast<int>(integer(j, "ports", p));
    s.width_bytes = static_cast<int>(integer(j, "width_bytes", p));
    s.double_buffered = boolean(j, "double_buffered", p);
    return s;
  }
  HardwareConfig hardware(const Json& j, const std::string& p, std::string& energy_node) const {
    HardwareConfig hw;
    const Json& a = field(j, "array", p);
    hw.array.rows = static_cast<int>(integer(a, "rows", p + ".array"));
    hw.array.cols = static_cast<int>(integer(a, "cols", p + ".array"));
    const std::string dataflow = str(a, "dataflow", p + ".array");
    if (dataflow != "weight-stationary" && dataflow != "output-stationary")
      fail(p + ".array.dataflow", "expected weight-stationary or output-stationary");
    hw.array.dataflow = dataflow == "weight-stationary" ? Dataflow::WeightStationary
                                                        : Dataflow::OutputStationary;
    hw.clock_ghz = number(j, "clock_ghz", p);
    const Json& d = field(j, "dram", p);
    hw.dram.bandwidth_gbps = number(d, "bandwidth_gbps", p + ".dram");
    hw.dram.latency_ns = number(d, "latency_ns", p + ".dram");
    hw.dram.burst_bytes = static_cast<int>(integer(d, "burst_bytes", p + ".dram"));
    if (d.contains("technology")) hw.dram.technology = str(d, "technology", p + ".dram");
    if (d.contains("model"))
      hw.dram.model = str(d, "model", p + ".dram") == "bank" ? DramModel::Bank : DramModel::Simple;
    const Json& b = field(j, "buffers", p);
    hw.weight_buffer = sram(field(b, "weight", p + ".buffers"), p + ".buffers.weight");
    hw.activation_buffer = sram(field(b, "activation", p + ".buffers"), p + ".buffers.activation");
    hw.output_buffer = sram(field(b, "output", p + ".buffers"), p + ".buffers.output");
    hw.technology_node = str(j, "technology_node", p);
    energy_node = str(j, "energy_table_node", p);
    return hw;
  }
  GemmRecord gemm(const Json& j, const std::string& p) const {
    GemmRecord g;
    g.name = str(j, "name", p);
    g.m = integer(j, "m", p);
    g.n = integer(j, "n", p);
    g.k = integer(j, "k", p);
    g.count = integer(j, "count", p);
    g.macs = integer(j, "macs", p);
    g.cycles = integer(j, "cycles", p);
    g.latency_s = number(j, "latency_s", p);
    g.utilization = number(j, "utilization", p);
    g.energy_pj = number_map<double>(j, "energy_pj", p);
    g.counters = number_map<int64_t>(j, "counters", p);
    if (j.contains("mapping")) {
      g.mapping = str(j["mapping"], "text", p + ".mapping");
      g.mapping_pinned = boolean(j["mapping"], "pinned", p + ".mapping");
      const Json& b = field(j, "bounds", p);
      g.compute_bound_cycles = integer(b, "compute_cycles", p + ".bounds");
      g.traffic_bound_cycles = integer(b, "traffic_cycles", p + ".bounds");
      g.compulsory_bytes = integer(b, "compulsory_bytes", p + ".bounds");
    }
    if (j.contains("error")) g.error = error(j["error"], p + ".error");
    if (j.contains("check")) {
      const Json& c = j["check"];
      ValueCheck check;
      check.method = str(c, "method", p + ".check");
      check.passed = boolean(c, "passed", p + ".check");
      check.tolerance = number(c, "tolerance", p + ".check");
      check.vs_reference = error(field(c, "vs_reference", p + ".check"), p + ".check.vs_reference");
      check.mismatches = integer(c, "mismatches", p + ".check");
      g.check = check;
    }
    return g;
  }
  RunRecord run(const Json& j, const std::string& p) const {
    RunRecord r;
    r.pe = str(j, "pe", p);
    r.phase = str(j, "phase", p);
    r.mode = str(j, "mode", p);
    r.recipe = str(j, "recipe", p);
    r.batch = integer(j, "batch", p);
    r.context = integer(j, "context", p);
    r.seq_len = integer(j, "seq_len", p);
    const Json& gemms = array(j, "gemms", p);
    for (size_t i = 0; i < gemms.size(); ++i)
      r.gemms.push_back(gemm(gemms[i], fmt::format("{}.gemms[{}]", p, i)));
    const Json& t = field(j, "totals", p);
    r.totals.cycles = integer(t, "cycles", p + ".totals");
    r.totals.latency_s = number(t, "latency_s", p + ".totals");
    r.totals.energy_pj = number_map<double>(t, "energy_pj", p + ".totals");
    r.totals.utilization = number(t, "utilization", p + ".totals");
    r.totals.macs = integer(t, "macs", p + ".totals");
    return r;
  }
};

}  // namespace

double total_energy_pj(const std::map<std::string, double>& energy_pj) {
  if (auto it = energy_pj.find("total"); it != energy_pj.end()) return it->second;
  double sum = 0.0;
  for (const auto& [k, v] : energy_pj) sum += v;
  return sum;
}

RunTotals sum_run(const std::vector<GemmRecord>& gemms, const ArrayConfig& array) {
  RunTotals t;
  for (const auto& g : gemms) {
    t.cycles += g.cycles * g.count;
    t.latency_s += g.latency_s * static_cast<double>(g.count);
    t.macs += g.macs;
    for (const auto& [component, pj] : g.energy_pj)
      t.energy_pj[component] += pj * static_cast<double>(g.count);
  }
  const double pe_cycles = static_cast<double>(array.rows) * array.cols * static_cast<double>(t.cycles);
  t.utilization = pe_cycles > 0 ? static_cast<double>(t.macs) / pe_cycles : 0.0;
  return t;
}

std::vector<Comparison> compare_runs(const std::vector<RunRecord>& runs,
                                     const std::string& candidate,
                                     const std::map<std::string, double>& clock_ghz_by_pe) {
  // Designs at their own clocks (compare's normalization): speedup is a latency ratio, i.e. the
  // cycle ratio times clock(candidate) / clock(baseline); equal clocks give a factor of exactly 1.
  auto clock_of = [&](const std::string& pe) {
    const auto it = clock_ghz_by_pe.find(pe);
    return it == clock_ghz_by_pe.end() ? 1.0 : it->second;
  };
  std::vector<Comparison> out;
  for (const auto& c : runs) {
    if (c.pe != candidate) continue;
    for (const auto& b : runs) {
      if (b.pe == candidate || b.phase != c.phase) continue;
      Comparison cmp{c.pe, b.pe, c.phase, 0.0, 0.0};
      cmp.speedup = c.totals.cycles > 0
                        ? static_cast<double>(b.totals.cycles) / static_cast<double>(c.totals.cycles)
                        : 0.0;
      if (clock_of(c.pe) != clock_of(b.pe)) cmp.speedup *= clock_of(c.pe) / clock_of(b.pe);
      const double ce = total_energy_pj(c.totals.energy_pj);
      cmp.energy_ratio = ce > 0 ? total_energy_pj(b.totals.energy_pj) / ce : 0.0;
      out.push_back(cmp);
    }
  }
  return out;
}

std::string results_to_json(const Results& r) {
  Json runs = Json::array();
  for (const auto& run : r.runs) runs.push_back(run_json(run));
  Json comparisons = Json::array();
  for (const auto& c : r.comparisons)
    comparisons.push_back(Json{{"pe", c.pe}, {"baseline", c.baseline}, {"phase", c.phase},
                               {"speedup", c.speedup}, {"energy_ratio", c.energy_ratio}});
  Json root{{"schema", kResultsSchema}, {"version", kResultsVersion},
            {"config_file", r.config_file}, {"seed", r.seed}, {"model", r.model},
            {"layers", r.layers}, {"hardware", hardware_json(r.hardware, r.energy_node)},
            {"runs", runs}, {"comparisons", comparisons}};
  if (!r.area.empty()) {
    Json area = Json::object();
    for (const auto& [pe, a] : r.area) area[pe] = Json{{"cells", a.cells}, {"transistors", a.transistors}};
    root["area"] = area;
  }
  if (!r.normalization.empty()) {
    Json designs = Json::array();
    for (const auto& d : r.designs)
      designs.push_back(Json{{"pe", d.pe}, {"recipe", d.recipe}, {"rows", d.rows},
                             {"cols", d.cols}, {"clock_ghz", d.clock_ghz},
                             {"fmax_mhz", d.fmax_mhz}, {"area_mm2", d.area_mm2},
                             {"power_mw", d.power_mw}});
    root["normalization"] = Json{{"mode", r.normalization}, {"designs", designs}};
  }
  if (r.end_to_end) root["end_to_end"] = end_to_end_to_json(*r.end_to_end);
  return root.dump(1, ' ') + "\n";
}

Results results_from_json(const std::string& text, const std::string& origin) {
  Json root;
  try {
    root = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw std::runtime_error(fmt::format("{}: not valid JSON: {}", origin, e.what()));
  }
  const Reader rd{origin};
  if (rd.str(root, "schema", "") != kResultsSchema)
    rd.fail("schema", fmt::format("expected \"{}\"", kResultsSchema));
  const int64_t version = rd.integer(root, "version", "");
  if (version != kResultsVersion)
    rd.fail("version", fmt::format("unsupported version {} (this build reads {})", version,
                                   kResultsVersion));
  Results r;
  r.config_file = rd.str(root, "config_file", "");
  const Json& seed = rd.field(root, "seed", "");
  if (!seed.is_number_unsigned() && !seed.is_number_integer()) rd.fail("seed", "expected an integer");
  r.seed = seed.get<uint64_t>();
  r.model = rd.str(root, "model", "");
  for (const auto& l : rd.array(root, "layers", "")) {
    if (!l.is_number_integer()) rd.fail("layers", "expected integers");
    r.layers.push_back(l.get<int>());
  }
  r.hardware = rd.hardware(rd.field(root, "hardware", ""), "hardware", r.energy_node);
  const Json& runs = rd.array(root, "runs", "");
  for (size_t i = 0; i < runs.size(); ++i) r.runs.push_back(rd.run(runs[i], fmt::format("runs[{}]", i)));
  const Json& comparisons = rd.array(root, "comparisons", "");
  for (size_t i = 0; i < comparisons.size(); ++i) {
    const std::string p = fmt::format("comparisons[{}]", i);
    const Json& c = comparisons[i];
    r.comparisons.push_back(Comparison{rd.str(c, "pe", p), rd.str(c, "baseline", p),
                                       rd.str(c, "phase", p), rd.number(c, "speedup", p),
                                       rd.number(c, "energy_ratio", p)});
  }
  if (root.contains("area")) {
    const Json& area = root["area"];
    if (!area.is_object()) rd.fail("area", "expected an object");
    for (auto it = area.begin(); it != area.end(); ++it)
      r.area[it.key()] = AreaRecord{rd.integer(*it, "cells", "area." + it.key()),
                                    rd.integer(*it, "transistors", "area." + it.key())};
  }
  if (root.contains("normalization")) {
    const Json& norm = root["normalization"];
    r.normalization = rd.str(norm, "mode", "normalization");
    const Json& designs = rd.array(norm, "designs", "normalization");
    for (size_t i = 0; i < designs.size(); ++i) {
      const std::string p = fmt::format("normalization.designs[{}]", i);
      const Json& d = designs[i];
      r.designs.push_back(DesignRecord{
          rd.str(d, "pe", p), rd.str(d, "recipe", p), static_cast<int>(rd.integer(d, "rows", p)),
          static_cast<int>(rd.integer(d, "cols", p)), rd.number(d, "clock_ghz", p),
          rd.number(d, "fmax_mhz", p), rd.number(d, "area_mm2", p), rd.number(d, "power_mw", p)});
    }
  }
  if (root.contains("end_to_end")) r.end_to_end = end_to_end_from_json(root["end_to_end"], origin);
  return r;
}

std::filesystem::path write_results_file(const Results& results, const std::filesystem::path& dir) {
  const std::string text = results_to_json(results);  // serialize fully before touching disk
  std::filesystem::create_directories(dir);
  const auto final_path = dir / "results.json";
  const auto temp_path = dir / fmt::format(".results.json.tmp.{}", ::getpid());
  {
    std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(fmt::format("{}: cannot create file", temp_path.string()));
    out << text;
    out.flush();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temp_path, ignored);
      throw std::runtime_error(fmt::format("{}: write failed", temp_path.string()));
    }
  }
  std::filesystem::rename(temp_path, final_path);
  return final_path;
}

Results read_results_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot open results file", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return results_from_json(text.str(), path.string());
}

}  // namespace mixsim::sim
