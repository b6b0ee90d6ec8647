#include "rtl/harness/synth_cache.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include <nlohmann/json.hpp>

namespace mixsim::rtl {
namespace {

struct Fnv1a {
  uint64_t h = 1469598103934665603ull;
  void add(const std::string& bytes) {
    for (unsigned char c : bytes) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xff;  // field separator, so ("ab","c") and ("a","bc") differ
    h *= 1099511628211ull;
  }
};

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("synthesis cache: cannot read '" + path.string() + "'");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::filesystem::path resolved(const std::filesystem::path& root, const std::string& file) {
  const std::filesystem::path p(file);
  return p.is_absolute() ? p : root / p;
}

nlohmann::json to_json(const CellFlowResult& r) {
  return {{"name", r.name},
          {"module", r.module},
          {"cells", r.cells},
          {"flip_flops", r.flip_flops},
          {"cells_by_type", r.cells_by_type},
          {"area_um2", r.area_um2},
          {"critical_path_ns", r.critical_path_ns},
          {"fmax_mhz", r.fmax_mhz},
          {"timing_tool", r.timing_tool},
          {"leakage_mw", r.leakage_mw},
          {"dynamic_pj_per_cycle", r.dynamic_pj_per_cycle},
          {"activity", r.power.activity},
          {"load_ff", r.power.load_ff},
          {"activity_source", r.power.activity_source},
          {"synthesis_tool", r.synthesis_tool}};
}

CellFlowResult from_json(const nlohmann::json& j) {
  CellFlowResult r;
  r.name = j.at("name").get<std::string>();
  r.module = j.at("module").get<std::string>();
  r.cells = j.at("cells").get<int64_t>();
  r.flip_flops = j.at("flip_flops").get<int64_t>();
  r.cells_by_type = j.at("cells_by_type").get<std::map<std::string, int64_t>>();
  r.area_um2 = j.at("area_um2").get<double>();
  r.critical_path_ns = j.at("critical_path_ns").get<double>();
  r.fmax_mhz = j.at("fmax_mhz").get<double>();
  r.timing_tool = j.at("timing_tool").get<std::string>();
  r.leakage_mw = j.at("leakage_mw").get<double>();
  r.dynamic_pj_per_cycle = j.at("dynamic_pj_per_cycle").get<double>();
  r.power.activity = j.at("activity").get<double>();
  r.power.load_ff = j.at("load_ff").get<double>();
  r.power.activity_source = j.at("activity_source").get<std::string>();
  r.synthesis_tool = j.at("synthesis_tool").get<std::string>();
  return r;
}

}  // namespace

std::string cell_flow_hash(const CellFlowDesign& design, const std::filesystem::path& source_root,
                           const PowerAssumptions& power) {
  Fnv1a h;
  h.add("mixsim.cell_flow.v1");
  h.add(design.module);
  for (const auto& [name, value] : design.parameters) h.add(name + "=" + std::to_string(value));
  for (const std::string& f : design.files) {
    h.add(f);
    h.add(file_bytes(resolved(source_root, f)));
  }
  h.add(file_bytes(resolved(source_root, kCellLibrary)));
  h.add(file_bytes(resolved(source_root, kCellPowerTable)));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g %.17g", power.activity, power.load_ff);
  h.add(buf);
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h.h));
  return buf;
}

CachedCellFlow cached_cell_flow(const CellFlowDesign& design, const CellFlowTools& tools,
                                const PowerAssumptions& power,
                                const std::filesystem::path& cache_dir) {
  CachedCellFlow out;
  out.hash = cell_flow_hash(design, tools.source_root, power);
  const std::filesystem::path entry = cache_dir / (out.hash + ".json");
  if (std::filesystem::exists(entry)) {
    try {
      out.result = from_json(nlohmann::json::parse(file_bytes(entry)));
      out.result.name = design.name;  // the same point may be asked for under another label
      out.result.power.activity_source = power.activity_source;
      out.hit = true;
      return out;
    } catch (const std::exception& e) {
      throw std::runtime_error("synthesis cache entry '" + entry.string() +
                               "' is unreadable (" + e.what() + "); delete it to re-synthesize");
    }
  }
  out.result = run_cell_flow(design, tools, power);
  std::filesystem::create_directories(cache_dir);
  const std::filesystem::path temp =
      cache_dir / ("." + out.hash + ".tmp-" + std::to_string(::getpid()));
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    file << to_json(out.result).dump(2) << "\n";
    if (!file.flush()) throw std::runtime_error("synthesis cache: cannot write '" + temp.string() + "'");
  }
  std::error_code ec;
  std::filesystem::rename(temp, entry, ec);
  if (ec) throw std::runtime_error("synthesis cache: cannot move '" + temp.string() + "' to '" +
                                   entry.string() + "': " + ec.message());
  return out;
}

}  // namespace mixsim::rtl
