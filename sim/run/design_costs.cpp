#include "sim/run/design_costs.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace mixsim::sim {

const DesignCost& DesignCostTable::at(const std::string& design) const {
  const auto it = designs.find(design);
  if (it != designs.end()) return it->second;
  std::string known;
  for (const auto& [name, cost] : designs) known += (known.empty() ? "" : ", ") + name;
  throw std::invalid_argument("no cost data for design '" + design + "' in " + source +
                              "; known: " + known);
}

DesignCost edge_register_bit() {
  // DFF_X1 in rtl/lib/mixsim45.json: 4.522 um^2, 114.4 nW leakage; per cycle 2.5 fJ of clock
  // energy plus activity 0.1 x (1.452 fJ internal + 0.5 x 3 fF x 1.1^2 V^2) per output toggle.
  DesignCost bit;
  bit.area_um2 = 4.522;
  bit.has_power = true;
  bit.leakage_mw = 25.3 * 4.522 * 1e-6;
  bit.dynamic_pj_per_cycle = (2.5 + 0.1 * (1.452 + 0.5 * 3.0 * 1.1 * 1.1)) * 1e-3;
  return bit;
}

DesignCostTable default_design_costs() {
  DesignCostTable table;
  table.source =
      "the shipped cost table (mixsim area on this revision: Yosys 0.23 + OpenSTA "
      "0~20191111gitc018cb2 on rtl/lib/mixsim45.lib, activity 0.1)";
  // {area um^2, f_max MHz, has power, leakage mW, dynamic pJ/cycle}: `mixsim area --out F`.
  // mixpe: 420 cells, crit 1.3912 ns
  table.designs["mixpe"] = {597.436, 718.8039, true, 0.015115, 0.226181};
  // mixpe-fp16: 2039 cells, crit 6.4177 ns
  table.designs["mixpe-fp16"] = {2402.246, 155.8191, true, 0.060777, 0.711298};
  // dequant-mac: 1283 cells, crit 2.8418 ns
  table.designs["dequant-mac"] = {1476.566, 351.8896, true, 0.037357, 0.414204};
  // int8-mac: 712 cells, crit 2.1111 ns
  table.designs["int8-mac"] = {891.100, 473.6867, true, 0.022545, 0.268063};
  // fp16-mac: 2406 cells, crit 7.0764 ns
  table.designs["fp16-mac"] = {2737.938, 141.3148, true, 0.069270, 0.709603};
  // group-dequant: 5321 cells, crit 3.1010 ns
  table.designs["group-dequant"] = {6461.672, 322.4766, true, 0.163480, 1.879720};
  // mx-fp4 (fp4_block_pe, block 32): 455 cells, crit 1.2752 ns (`mixsim area --pe mx-fp4`)
  table.designs["mx-fp4"] = {607.544, 784.1907, true, 0.015371, 0.205465};
  // nv-fp4 (fp4_block_pe, block 16): 450 cells, crit 1.1811 ns (`mixsim area --pe nv-fp4`)
  table.designs["nv-fp4"] = {586.796, 846.6684, true, 0.014846, 0.196100};
  // Their per-column block-scale fold units (fp4_block_fold_unit: FP32 accumulator, output
  // stage; nv adds the E4M3 scale significand product and the FP32 tensor-scale multiply):
  // mx 2034 cells, crit 5.3489 ns; nv 6455 cells, crit 7.0276 ns (`mixsim area --pe mx-fp4-fold`)
  table.designs["mx-fp4-fold"] = {2480.450, 186.9543, true, 0.062755, 0.776308};
  table.designs["nv-fp4-fold"] = {7330.694, 142.2961, true, 0.185467, 1.930844};
  // int4-mac (int8_mac_pe A=B=4, ACC 15): 211 cells, crit 1.1489 ns (`mixsim area --pe int4-mac`)
  table.designs["int4-mac"] = {279.566, 870.3978, true, 0.007073, 0.093347};
  // fp8-mac (fp8_mac_pe E4M3): 1727 cells, crit 5.2875 ns; E5M2: 1656 cells, crit 4.9902 ns
  table.designs["fp8-mac"] = {1956.696, 189.1253, true, 0.049504, 0.529647};
  table.designs["fp8-mac-e5m2"] = {1850.828, 200.3928, true, 0.046826, 0.509075};
  // lut-gemm (lut_gemm_pe G 128: 4 weights per cycle): 2216 cells, crit 1.9153 ns
  table.designs["lut-gemm"] = {2578.87, 522.1114, true, 0.065245, 0.686740};
  return table;
}

namespace {

// `mixsim area --point ... --out F` (schema mixsim.area-points): the shipped table (for the
// baselines and the group dequant unit) plus one entry per synthesized parameter point, named
// by its label (pe::mixpe_label).
DesignCostTable load_point_costs(const nlohmann::json& doc, const std::string& path) {
  DesignCostTable table = default_design_costs();
  table.source = "'" + path + "' (parameter points) + " + table.source;
  for (const auto& entry : doc.at("points")) {
    DesignCost cost;
    cost.area_um2 = entry.at("area_um2").get<double>();
    cost.fmax_mhz = entry.at("fmax_mhz").get<double>();
    cost.has_power = true;
    cost.leakage_mw = entry.at("leakage_mw").get<double>();
    cost.dynamic_pj_per_cycle = entry.at("dynamic_pj_per_cycle").get<double>();
    table.designs[entry.at("label").get<std::string>()] = cost;
  }
  return table;
}

}  // namespace

DesignCostTable load_design_costs(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read design cost file '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text.str());
  } catch (const std::exception& e) {
    throw std::runtime_error("design cost file '" + path + "' is not JSON: " + e.what());
  }
  if (doc.value("schema", "") == "mixsim.area-points") return load_point_costs(doc, path);
  if (doc.value("schema", "") != "mixsim.area" || doc.value("version", 0) < 2)
    throw std::runtime_error("design cost file '" + path +
                             "' is not a `mixsim area` document (schema mixsim.area, version "
                             ">= 2); write one with `mixsim area --out FILE`");
  DesignCostTable table;
  table.source = "'" + path + "'";
  for (const auto& [name, entry] : doc.at("pes").items()) {
    if (!entry.contains("area_um2")) continue;  // no cell-flow data for this design
    DesignCost cost;
    cost.area_um2 = entry.at("area_um2").get<double>();
    cost.fmax_mhz = entry.value("fmax_mhz", 0.0);
    cost.has_power = entry.contains("leakage_mw") && entry.contains("dynamic_pj_per_cycle");
    if (cost.has_power) {
      cost.leakage_mw = entry.at("leakage_mw").get<double>();
      cost.dynamic_pj_per_cycle = entry.at("dynamic_pj_per_cycle").get<double>();
    }
    table.designs[name] = cost;
  }
  return table;
}

}  // namespace mixsim::sim
