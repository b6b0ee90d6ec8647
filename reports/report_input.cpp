#include "reports/report_input.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "reports/report_error.hpp"

namespace mixsim::reports {
namespace {

using nlohmann::json;

// Where in which input a value sits, for error messages: "results.json: runs[0].gemms[2].cycles".
struct JsonPath {
  std::string source;
  std::string path;
  JsonPath at(const std::string& key) const {
    return {source, path.empty() ? key : path + "." + key};
  }
  JsonPath at(size_t index) const { return {source, path + "[" + std::to_string(index) + "]"}; }
  [[noreturn]] void fail(const std::string& what) const {
    throw ReportError(source + ": " + (path.empty() ? std::string("top level") : "'" + path + "'") +
                      ": " + what);
  }
};

const json& member(const json& object, const std::string& key, const JsonPath& where) {
  if (!object.is_object()) where.fail("expected an object");
  auto it = object.find(key);
  if (it == object.end()) where.at(key).fail("missing key");
  return *it;
}

double number_at(const json& object, const std::string& key, const JsonPath& where) {
  const json& value = member(object, key, where);
  if (!value.is_number()) where.at(key).fail("expected a number, got " + value.dump());
  return value.get<double>();
}

int64_t integer_at(const json& object, const std::string& key, const JsonPath& where) {
  const json& value = member(object, key, where);
  if (!value.is_number_integer() && !value.is_number_unsigned())
    where.at(key).fail("expected an integer, got " + value.dump());
  return value.get<int64_t>();
}

std::string string_at(const json& object, const std::string& key, const JsonPath& where) {
  const json& value = member(object, key, where);
  if (!value.is_string()) where.at(key).fail("expected a string, got " + value.dump());
  return value.get<std::string>();
}

std::string optional_string(const json& object, const std::string& key, const std::string& fallback) {
  auto it = object.find(key);
  return (it != object.end() && it->is_string()) ? it->get<std::string>() : fallback;
}

const json& array_at(const json& object, const std::string& key, const JsonPath& where) {
  const json& value = member(object, key, where);
  if (!value.is_array()) where.at(key).fail("expected an array");
  return value;
}

std::map<std::string, double> energy_map(const json& object, const JsonPath& where) {
  const json& energy = member(object, "energy_pj", where);
  if (!energy.is_object()) where.at("energy_pj").fail("expected an object {component: pJ}");
  std::map<std::string, double> out;
  for (const auto& [component, value] : energy.items()) {
    if (!value.is_number()) where.at("energy_pj").at(component).fail("expected a number of pJ");
    // The simulator also writes the sum as "total"; it is not a component.
    if (component != kEnergyTotalKey) out[component] = value.get<double>();
  }
  return out;
}

// DRAM traffic for the roofline: the simulator's counters are named per direction
// (e.g. dram_read_bytes, dram_write_bytes); any counter with "dram" and "bytes" in its name counts.
std::optional<double> dram_bytes_of(const json& gemm) {
  auto counters = gemm.find("counters");
  if (counters == gemm.end() || !counters->is_object()) return std::nullopt;
  std::optional<double> total;
  for (const auto& [name, value] : counters->items()) {
    if (name.find("dram") != std::string::npos && name.find("bytes") != std::string::npos &&
        value.is_number())
      total = total.value_or(0.0) + value.get<double>();
  }
  return total;
}

// sqnr_db is null when the output is exact (infinite SQNR).
// The simulator writes non-finite values as null: sqnr_db of an exact output (+inf), and
// rel_fro / max_abs when the reference is all zeros (shown as nan).
double number_or_null(const json& object, const std::string& key, const JsonPath& where, double if_null) {
  if (member(object, key, where).is_null()) return if_null;
  return number_at(object, key, where);
}

ErrorRecord read_error(const json& error, const JsonPath& where) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  ErrorRecord e;
  e.rel_fro = number_or_null(error, "rel_fro", where, nan);
  e.sqnr_db = number_or_null(error, "sqnr_db", where, std::numeric_limits<double>::infinity());
  e.max_abs = number_or_null(error, "max_abs", where, nan);
  return e;
}

GemmRecord read_gemm(const json& gemm, const JsonPath& where) {
  GemmRecord g;
  g.name = string_at(gemm, "name", where);
  g.m = integer_at(gemm, "m", where);
  g.n = integer_at(gemm, "n", where);
  g.k = integer_at(gemm, "k", where);
  if (gemm.contains("count")) g.count = integer_at(gemm, "count", where);
  if (g.count < 1) where.at("count").fail("expected a count >= 1");
  g.macs = number_at(gemm, "macs", where);
  g.cycles = integer_at(gemm, "cycles", where);
  g.latency_s = number_at(gemm, "latency_s", where);
  g.utilization = number_at(gemm, "utilization", where);
  g.energy_pj = energy_map(gemm, where);
  g.dram_bytes = dram_bytes_of(gemm);
  if (auto counters = gemm.find("counters"); counters != gemm.end()) {
    if (!counters->is_object()) where.at("counters").fail("expected an object {event: count}");
    for (const auto& [event, value] : counters->items()) {
      if (!value.is_number()) where.at("counters").at(event).fail("expected a number");
      g.counters[event] = value.get<double>();
    }
  }
  if (auto mapping = gemm.find("mapping"); mapping != gemm.end()) {
    MappingBoundsRecord m;
    m.text = string_at(*mapping, "text", where.at("mapping"));
    m.pinned = mapping->value("pinned", false);
    const JsonPath at = where.at("bounds");
    const json& bounds = member(gemm, "bounds", where);
    m.compute_cycles = integer_at(bounds, "compute_cycles", at);
    m.traffic_cycles = integer_at(bounds, "traffic_cycles", at);
    m.compulsory_bytes = integer_at(bounds, "compulsory_bytes", at);
    m.limiter = string_at(bounds, "limiter", at);
    m.fraction_of_bound = number_at(bounds, "fraction_of_bound", at);
    g.mapping = m;
  }
  if (auto err = gemm.find("error"); err != gemm.end() && !err->is_null()) {
    JsonPath at = where.at("error");
    g.error = read_error(*err, at);
  }
  if (auto check = gemm.find("check"); check != gemm.end() && !check->is_null()) {
    JsonPath at = where.at("check");
    ValueCheckRecord c;
    c.method = string_at(*check, "method", at);
    const json& passed = member(*check, "passed", at);
    if (!passed.is_boolean()) at.at("passed").fail("expected true or false");
    c.passed = passed.get<bool>();
    c.tolerance = number_at(*check, "tolerance", at);
    c.rel_fro_vs_reference = read_error(member(*check, "vs_reference", at), at.at("vs_reference")).rel_fro;
    if (check->contains("mismatches")) c.mismatches = integer_at(*check, "mismatches", at);
    g.check = c;
  }
  return g;
}

RunRecord read_run(const json& run, const std::string& source, const JsonPath& where) {
  RunRecord r;
  r.source = source;
  r.pe = string_at(run, "pe", where);
  r.phase = string_at(run, "phase", where);
  r.mode = string_at(run, "mode", where);
  r.recipe = optional_string(run, "recipe", "");
  const json& gemms = array_at(run, "gemms", where);
  for (size_t i = 0; i < gemms.size(); ++i) r.gemms.push_back(read_gemm(gemms[i], where.at("gemms").at(i)));
  JsonPath totals_at = where.at("totals");
  const json& totals = member(run, "totals", where);
  r.cycles = integer_at(totals, "cycles", totals_at);
  r.latency_s = number_at(totals, "latency_s", totals_at);
  r.utilization = number_at(totals, "utilization", totals_at);
  r.energy_pj = energy_map(totals, totals_at);
  if (auto total = totals["energy_pj"].find(kEnergyTotalKey); total != totals["energy_pj"].end())
    r.energy_total_given_pj = total->get<double>();
  return r;
}

HardwareRecord read_hardware(const json& results, const std::string& source, const JsonPath& where) {
  JsonPath hw_at = where.at("hardware");
  const json& hw = member(results, "hardware", where);
  JsonPath array_at_path = hw_at.at("array");
  const json& array = member(hw, "array", hw_at);
  HardwareRecord h;
  h.source = source;
  h.rows = integer_at(array, "rows", array_at_path);
  h.cols = integer_at(array, "cols", array_at_path);
  h.dataflow = optional_string(array, "dataflow", "");
  h.clock_ghz = number_at(hw, "clock_ghz", hw_at);
  if (auto dram = hw.find("dram"); dram != hw.end() && dram->is_object()) {
    if (auto bw = dram->find("bandwidth_gbps"); bw != dram->end() && bw->is_number())
      h.dram_bandwidth_gbps = bw->get<double>();
  }
  return h;
}

// A short label per results file: the config file's stem, made unique with "#i".
std::vector<std::string> source_labels(const std::vector<json>& results) {
  std::vector<std::string> labels;
  for (size_t i = 0; i < results.size(); ++i) {
    std::string label = "results" + std::to_string(i);
    if (results[i].is_object()) {
      std::string config = optional_string(results[i], "config_file", "");
      if (!config.empty()) label = std::filesystem::path(config).stem().string();
    }
    labels.push_back(label);
  }
  std::map<std::string, int> count;
  for (const auto& l : labels) ++count[l];
  for (size_t i = 0; i < labels.size(); ++i)
    if (count[labels[i]] > 1) labels[i] += "#" + std::to_string(i);
  return labels;
}

GpuRecord read_gpu(const json& gpu) {
  JsonPath where{"gpu results", ""};
  GpuRecord g;
  g.device = string_at(gpu, "device", where);
  const json& results = array_at(gpu, "results", where);
  for (size_t i = 0; i < results.size(); ++i) {
    JsonPath at = where.at("results").at(i);
    GpuKernelRecord k;
    k.kernel = string_at(results[i], "kernel", at);
    k.m = integer_at(results[i], "m", at);
    k.n = integer_at(results[i], "n", at);
    k.k = integer_at(results[i], "k", at);
    k.median_us = number_at(results[i], "median_us", at);
    k.gbps = number_at(results[i], "gbps", at);
    k.tops = number_at(results[i], "tops", at);
    g.kernels.push_back(k);
  }
  return g;
}

std::vector<std::string> subject_pes_of(const std::vector<json>& results,
                                       const std::vector<RunRecord>& runs) {
  std::vector<std::string> subjects;
  for (const json& r : results) {
    auto comparisons = r.find("comparisons");
    if (comparisons == r.end() || !comparisons->is_array()) continue;
    for (const json& c : *comparisons) {
      std::string pe = c.is_object() ? optional_string(c, "pe", "") : "";
      if (!pe.empty() && std::find(subjects.begin(), subjects.end(), pe) == subjects.end())
        subjects.push_back(pe);
    }
  }
  if (subjects.empty() && !runs.empty()) subjects.push_back(runs.front().pe);
  return subjects;
}

}  // namespace

double RunRecord::energy_total_pj() const {
  if (energy_total_given_pj) return *energy_total_given_pj;
  double total = 0.0;
  for (const auto& [component, pj] : energy_pj) total += pj;
  return total;
}

// The results' optional "normalization" section: {mode, designs: [{pe, recipe, rows, ...}]}.
void read_designs(const json& r, const std::string& source, const JsonPath& where,
                  std::vector<DesignRecord>& out) {
  const auto norm = r.find("normalization");
  if (norm == r.end() || norm->is_null()) return;
  const JsonPath at = where.at("normalization");
  if (!norm->is_object()) at.fail("expected an object {mode, designs}");
  const std::string mode = string_at(*norm, "mode", at);
  const json& designs = array_at(*norm, "designs", at);
  for (size_t i = 0; i < designs.size(); ++i) {
    const JsonPath d = at.at("designs").at(i);
    const json& v = designs[i];
    out.push_back({source, mode, string_at(v, "pe", d), string_at(v, "recipe", d),
                   integer_at(v, "rows", d), integer_at(v, "cols", d),
                   number_at(v, "clock_ghz", d), number_at(v, "fmax_mhz", d),
                   number_at(v, "area_mm2", d), number_at(v, "power_mw", d)});
  }
}

ReportInput read_report_input(const std::vector<json>& results, const std::optional<json>& gpu,
                              const std::vector<std::string>& names) {
  if (results.empty()) throw ReportError("no results given: a report needs at least one results JSON");
  ReportInput input;
  input.sources = source_labels(results);
  for (size_t i = 0; i < results.size(); ++i) {
    JsonPath where{i < names.size() ? names[i] : "results[" + std::to_string(i) + "]", ""};
    const json& r = results[i];
    if (!r.is_object()) where.fail("expected a JSON object (schema mixsim.results)");
    if (string_at(r, "schema", where) != "mixsim.results")
      where.at("schema").fail("expected \"mixsim.results\"");
    if (integer_at(r, "version", where) != 1) where.at("version").fail("unsupported version (allowed: 1)");
    const std::string& source = input.sources[i];
    input.hardware.push_back(read_hardware(r, source, where));
    const json& runs = array_at(r, "runs", where);
    if (runs.empty()) where.at("runs").fail("no runs: nothing to report");
    for (size_t j = 0; j < runs.size(); ++j)
      input.runs.push_back(read_run(runs[j], source, where.at("runs").at(j)));
    if (auto area = r.find("area"); area != r.end() && !area->is_null()) {
      if (!area->is_object()) where.at("area").fail("expected an object {pe: {cells, transistors}}");
      for (const auto& [pe, value] : area->items()) {
        JsonPath at = where.at("area").at(pe);
        input.area.push_back({source, pe, number_at(value, "cells", at), number_at(value, "transistors", at)});
      }
    }
    read_designs(r, source, where, input.designs);
  }
  if (gpu) input.gpu = read_gpu(*gpu);
  input.subject_pes = subject_pes_of(results, input.runs);
  return input;
}

json load_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ReportError("cannot open '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  try {
    return json::parse(text.str());
  } catch (const json::parse_error& e) {
    throw ReportError("'" + path + "' is not valid JSON (truncated?): " + e.what());
  }
}

}  // namespace mixsim::reports
