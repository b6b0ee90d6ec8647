#include "rtl/harness/area_report.hpp"

#include <cstdlib>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "rtl/harness/tool_run.hpp"

namespace mixsim::rtl {

std::vector<std::pair<std::string, std::string>> synth_designs() {
  return {{"mixpe", "mixpe_pe"},
          {"mixpe-fp16", "mixpe_fp16_pe"},
          {"dequant-mac", "dequant_mac_pe"},
          {"int8-mac", "int8_mac_pe"},
          {"fp16-mac", "fp16_mac_pe"},
          {"group-dequant", "group_dequant_unit"},
          {"shift-add-mul", "shift_add_mul"},
          {"shift-add-mul-fp16", "shift_add_mul_fp16"}};
}

SynthArea synthesize_area(const std::string& pe, const std::filesystem::path& source_root,
                          const std::string& yosys) {
  SynthArea area;
  area.pe = pe;
  std::string known;
  for (const auto& [name, module] : synth_designs()) {
    if (name == pe) area.module = module;
    known += (known.empty() ? "" : ", ") + name;
  }
  if (area.module.empty()) {
    throw std::invalid_argument("unknown PE '" + pe + "' for area; allowed: " + known);
  }
  area.script = "rtl/synth/" + area.module + ".ys";
  if (!std::filesystem::exists(source_root / area.script)) {
    throw std::runtime_error("Yosys script '" + (source_root / area.script).string() +
                             "' not found (set MIXSIM_SOURCE_DIR to the mixsim source tree)");
  }
  const ScratchDir scratch;
  const std::filesystem::path json_path = scratch.path() / "stat.json";
  const std::filesystem::path log_path = scratch.path() / "yosys.log";
  const std::string command = "cd " + shell_quoted(source_root.string()) + " && " + shell_quoted(yosys) +
                              " -q -s " + shell_quoted(area.script) + " -p " +
                              shell_quoted("tee -q -o " + json_path.string() +
                                     " stat -json -tech cmos") +
                              " >" + shell_quoted(log_path.string()) + " 2>&1";
  const int status = std::system(command.c_str());
  if (status != 0 || !std::filesystem::exists(json_path)) {
    throw std::runtime_error("yosys failed on '" + area.script + "' (command: " + command +
                             "):\n" + read_text(log_path));
  }
  const nlohmann::json stat = nlohmann::json::parse(read_text(json_path));
  const nlohmann::json& design = stat.at("design");
  area.tool = stat.at("creator").get<std::string>();
  area.cells = design.at("num_cells").get<int64_t>();
  // Yosys writes the estimate as a string, with a '+' suffix when some cell had no cost.
  const std::string transistors = design.at("estimated_num_transistors").get<std::string>();
  if (transistors.empty() || transistors.back() == '+') {
    throw std::runtime_error("'" + area.script + "': Yosys could not cost every cell (" +
                             transistors + " transistors); map all cells to CMOS gates");
  }
  area.transistors = std::stoll(transistors);
  for (const auto& [type, count] : design.at("num_cells_by_type").items()) {
    area.cells_by_type[type] = count.get<int64_t>();
  }
  return area;
}

namespace {

nlohmann::ordered_json cell_flow_json(const CellFlowResult& cells) {
  nlohmann::ordered_json entry;
  entry["area_um2"] = cells.area_um2;
  entry["std_cells"] = cells.cells;
  entry["std_flip_flops"] = cells.flip_flops;
  entry["critical_path_ns"] = cells.critical_path_ns;
  entry["fmax_mhz"] = cells.fmax_mhz;
  entry["leakage_mw"] = cells.leakage_mw;
  entry["dynamic_pj_per_cycle"] = cells.dynamic_pj_per_cycle;
  entry["activity"] = cells.power.activity;
  entry["activity_source"] = cells.power.activity_source;
  nlohmann::ordered_json by_type = nlohmann::ordered_json::object();
  for (const auto& [type, count] : cells.cells_by_type) by_type[type] = count;
  entry["std_cells_by_type"] = by_type;
  return entry;
}

}  // namespace

std::string area_report_json(const std::vector<SynthArea>& areas,
                             const std::vector<CellFlowResult>& cells) {
  nlohmann::ordered_json doc;
  doc["schema"] = "mixsim.area";
  doc["version"] = 2;
  doc["tool"] = areas.empty() ? "" : areas.front().tool;
  doc["flow"] =
      "yosys -q -s rtl/synth/<module>.ys -p 'tee -q -o OUT.json stat -json -tech cmos' "
      "(synth -flatten; dfflegalize -cell $_DFF_P_ x; abc -g cmos2; stat -tech cmos)";
  if (!cells.empty()) {
    doc["cell_flow"] =
        "yosys: synth -flatten; dfflibmap/abc -liberty rtl/lib/mixsim45.lib; stat -liberty. "
        "OpenSTA (sta): report_checks, ports registered outside (input delay 0.085 ns, output "
        "delay 0.035 ns, 3 fF loads); f_max = 1000 / critical_path_ns. Power: "
        "rtl/lib/mixsim45.json per cell, dynamic = activity x (internal + 0.5 C V^2) + clock";
    doc["cell_library"] = "rtl/lib/mixsim45.lib (NanGate FreePDK45 OCL model, 1.1 V typical)";
    doc["cell_synthesis_tool"] = cells.front().synthesis_tool;
  }
  nlohmann::ordered_json pes = nlohmann::ordered_json::object();
  const SynthArea* mixpe = nullptr;
  const SynthArea* dequant = nullptr;
  for (const SynthArea& area : areas) {
    nlohmann::ordered_json entry;
    entry["module"] = area.module;
    entry["script"] = area.script;
    entry["cells"] = area.cells;
    entry["transistors"] = area.transistors;
    nlohmann::ordered_json by_type = nlohmann::ordered_json::object();
    for (const auto& [type, count] : area.cells_by_type) by_type[type] = count;
    entry["cells_by_type"] = by_type;
    for (const CellFlowResult& c : cells) {
      if (c.name == area.pe) entry.update(cell_flow_json(c));
    }
    pes[area.pe] = entry;
    if (area.pe == "mixpe") mixpe = &area;
    if (area.pe == "dequant-mac") dequant = &area;
  }
  for (const CellFlowResult& c : cells) {  // designs without a CMOS-count run
    if (!pes.contains(c.name)) {
      nlohmann::ordered_json entry;
      entry["module"] = c.module;
      entry.update(cell_flow_json(c));
      pes[c.name] = entry;
    }
  }
  doc["pes"] = pes;
  if (mixpe != nullptr && dequant != nullptr && dequant->transistors > 0) {
    doc["ratios"]["mixpe/dequant-mac transistors"] =
        static_cast<double>(mixpe->transistors) / static_cast<double>(dequant->transistors);
    doc["ratios"]["mixpe/dequant-mac cells"] =
        static_cast<double>(mixpe->cells) / static_cast<double>(dequant->cells);
  }
  return doc.dump(2) + "\n";
}

}  // namespace mixsim::rtl
