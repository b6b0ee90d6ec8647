#include "sim/config/config_loader.hpp"

#include "sim/config/config_mapper.hpp"

#include <filesystem>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "models/recipe.hpp"
#include "sim/config/config_dram.hpp"
#include "sim/config/config_energy.hpp"
#include "sim/config/config_gemm_list.hpp"
#include "sim/config/config_override.hpp"
#include "sim/config/config_phase_mode.hpp"
#include "sim/config/config_suggest.hpp"
#include "sim/config/config_generate.hpp"
#include "sim/run/kv_cache_plan.hpp"
#include "workloads/model_catalogue.hpp"
#include "sim/config/config_workload.hpp"
#include "sim/config/config_pe_params.hpp"
#include "sim/pe/pe_registry.hpp"
#include "sim/run/design_normalization.hpp"

namespace mixsim::sim {
namespace {

constexpr int64_t kMaxArrayDim = 4096;
constexpr int64_t kMaxInt = std::numeric_limits<int32_t>::max();

// ---- hardware --------------------------------------------------------------------------------

const std::vector<std::string> kDataflows = {"weight-stationary", "output-stationary"};

Dataflow parse_dataflow(const ConfigNode& node) {
  return node.as_choice(kDataflows) == "weight-stationary" ? Dataflow::WeightStationary
                                                           : Dataflow::OutputStationary;
}

SramConfig parse_sram(const ConfigNode& node) {
  node.expect_keys({"capacity_kib", "banks", "ports", "width_bytes", "double_buffered"});
  SramConfig sram;
  if (auto c = node.optional_child("capacity_kib")) sram.capacity_bytes = c->as_int(1, 1 << 22) * 1024;
  if (auto c = node.optional_child("banks")) sram.banks = static_cast<int>(c->as_int(1, 1024));
  if (auto c = node.optional_child("ports")) sram.ports = static_cast<int>(c->as_int(1, 8));
  if (auto c = node.optional_child("width_bytes")) sram.width_bytes = static_cast<int>(c->as_int(1, 1024));
  if (auto c = node.optional_child("double_buffered")) sram.double_buffered = c->as_bool();
  if (sram.capacity_bytes < static_cast<int64_t>(sram.banks) * sram.width_bytes)
    node.fail(fmt::format("capacity {} B is smaller than one row of its banks ({} banks x {} B)",
                          sram.capacity_bytes, sram.banks, sram.width_bytes));
  return sram;
}

HardwareConfig parse_hardware(const ConfigNode& node) {
  node.expect_keys({"clock_ghz", "technology_node", "array", "dram", "buffers", "vector"});
  HardwareConfig hw;
  if (auto c = node.optional_child("clock_ghz")) hw.clock_ghz = c->as_double(1e-3, 100.0);
  if (auto c = node.optional_child("technology_node")) hw.technology_node = c->as_string();
  if (auto array = node.optional_child("array")) {
    array->expect_keys({"rows", "cols", "dataflow"});
    if (auto c = array->optional_child("rows")) hw.array.rows = static_cast<int>(c->as_int(1, kMaxArrayDim));
    if (auto c = array->optional_child("cols")) hw.array.cols = static_cast<int>(c->as_int(1, kMaxArrayDim));
    if (auto c = array->optional_child("dataflow")) hw.array.dataflow = parse_dataflow(*c);
  }
  hw.dram = parse_dram(node.optional_child("dram"));
  if (auto buffers = node.optional_child("buffers")) {
    buffers->expect_keys({"weight", "activation", "output"});
    if (auto c = buffers->optional_child("weight")) hw.weight_buffer = parse_sram(*c);
    if (auto c = buffers->optional_child("activation")) hw.activation_buffer = parse_sram(*c);
    if (auto c = buffers->optional_child("output")) hw.output_buffer = parse_sram(*c);
  }
  if (auto c = node.optional_child("vector")) hw.vector = parse_vector_unit(*c);
  return hw;
}

// ---- energy ----------------------------------------------------------------------------------

std::string resolve_path(const std::string& base_dir, const std::string& path) {
  std::filesystem::path p(path);
  if (p.is_absolute() || base_dir.empty()) return p.lexically_normal().string();
  return (std::filesystem::path(base_dir) / p).lexically_normal().string();
}

void parse_energy(const ConfigNode& node, const std::string& base_dir, const std::string& hw_node,
                  RunConfig& config) {
  node.expect_keys({"table", "node_scale", "node_scale_source", "overrides"});
  if (auto table = node.optional_child("table")) {
    config.energy_table_file = resolve_path(base_dir, table->as_string());
    if (!std::filesystem::exists(config.energy_table_file))
      table->fail(fmt::format("energy table file '{}' does not exist (paths are relative to the "
                              "config file's directory)", config.energy_table_file));
    config.energy = load_energy_table_file(config.energy_table_file);
  } else {
    config.energy = default_energy_table();
  }
  if (auto overrides = node.optional_child("overrides")) apply_energy_overrides(config.energy, *overrides);

  const auto scale = node.optional_child("node_scale");
  if (config.energy.node == hw_node) {
    if (scale && scale->as_positive_double() != 1.0)
      scale->fail(fmt::format("the energy table is already at {} (hardware.technology_node); "
                              "node_scale must be 1 or absent", hw_node));
    return;
  }
  if (!scale)
    node.fail(fmt::format("hardware.technology_node is '{}' but the energy table is for '{}': give "
                          "energy.node_scale (energy factor from {} to {}) and node_scale_source",
                          hw_node, config.energy.node, config.energy.node, hw_node));
  const double factor = scale->as_positive_double();
  const std::string source = node.child("node_scale_source").as_string();
  scale_energy_table(config.energy, factor, hw_node, source);
}

// ---- workload --------------------------------------------------------------------------------

PhaseConfig parse_phase(const ConfigNode& node) {
  node.expect_map();
  PhaseConfig phase;
  phase.phase = node.child("phase").as_choice({"decode", "prefill"});
  if (phase.phase == "decode") {
    node.expect_keys({"phase", "batch", "context", "mode", "values"});
    phase.context = node.child("context").as_int(1, kMaxInt);
  } else {
    node.expect_keys({"phase", "batch", "seq_len", "mode", "values"});
    phase.seq_len = node.child("seq_len").as_int(1, kMaxInt);
  }
  if (auto c = node.optional_child("batch")) phase.batch = c->as_int(1, kMaxInt);
  parse_phase_mode(node, phase);
  return phase;
}

WorkloadConfig parse_workload(const ConfigNode& node, const std::string& base_dir) {
  if (node.has("gemms_file")) return parse_gemm_list_workload(node, base_dir);
  node.expect_keys({"model", "layers", "gemms", "phases", "gemms_file", "generate"});
  WorkloadConfig workload;
  workload.model = node.child("model").as_string();
  if (auto layers = node.optional_child("layers")) {
    workload.layers.clear();
    for (const auto& item : layers->sequence_items())
      workload.layers.push_back(static_cast<int>(item.as_int(0, 100000)));
    if (workload.layers.empty()) layers->fail("expected at least one layer index");
  }
  if (auto gemms = node.optional_child("gemms"))
    for (const auto& item : gemms->sequence_items()) workload.gemms.push_back(item.as_string());
  validate_workload_against_catalogue(workload, node);
  if (auto g = node.optional_child("generate")) workload.generate = parse_generate(*g, workload.model);
  if (workload.generate && !node.has("phases")) return workload;  // phases are optional with generate
  const auto phases = node.child("phases");
  for (const auto& item : phases.sequence_items()) workload.phases.push_back(parse_phase(item));
  if (workload.phases.empty()) phases.fail("expected at least one phase (decode or prefill)");
  return workload;
}

// ---- PE choices ------------------------------------------------------------------------------

// Recipes a PE may run, beyond what its PeType accepts: fp16-mac and int8-mac ignore the recipe
// string in sim/, so the config pins them to the formats they model.
void check_recipe_fits_pe(const ConfigNode& where, const PeChoice& choice) {
  const auto allowed = recipes_for_pe(choice.pe);
  if (choice.pe == "fp16-mac" || choice.pe == "int8-mac") {
    if (choice.recipe != allowed.front())
      where.fail(fmt::format("PE '{}' cannot run recipe '{}'; allowed recipes for it: {}",
                             choice.pe, choice.recipe, allowed.front()));
    return;
  }
  try {
    find_pe_type(choice.pe).traits(choice.recipe, 4096);
  } catch (const std::exception& e) {
    where.fail(fmt::format("PE '{}' cannot run recipe '{}' ({}); allowed recipes for it: {}",
                           choice.pe, choice.recipe, e.what(), join_names(allowed)));
  }
}

PeChoice parse_pe_choice(const ConfigNode& node) {
  PeChoice choice;
  if (node.yaml().IsScalar()) {  // "- mixpe": the PE's default recipe
    choice.pe = node.as_choice(known_pe_types());
    choice.recipe = recipes_for_pe(choice.pe).front();
    return choice;
  }
  node.expect_keys({"pe", "recipe"});
  if (node.child("pe").yaml().IsMap())  // {type: mixpe, weight_bits: ...}: a parameter point
    return parse_parameterized_pe(node.child("pe"), node.optional_child("recipe"));
  choice.pe = node.child("pe").as_choice(known_pe_types());
  choice.recipe = recipes_for_pe(choice.pe).front();
  const auto recipe_node = node.optional_child("recipe");
  if (!recipe_node) return choice;
  choice.recipe = recipe_node->as_string();
  if (choice.recipe != "fp16") {
    try {
      choice.recipe = parse_recipe(choice.recipe).name;  // canonical spelling
    } catch (const std::exception& e) {
      recipe_node->fail(e.what());
    }
  }
  check_recipe_fits_pe(*recipe_node, choice);
  return choice;
}

std::vector<PeChoice> parse_compare(const ConfigNode& node) {
  std::vector<PeChoice> choices;
  std::set<std::string> seen;
  for (const auto& item : node.sequence_items()) {
    PeChoice choice = parse_pe_choice(item);
    if (!seen.insert(choice.pe).second)
      item.fail(fmt::format("PE '{}' is listed twice; each PE type may appear once", choice.pe));
    choices.push_back(choice);
  }
  if (choices.empty())
    node.fail(fmt::format("expected at least one PE; allowed: {}", join_names(known_pe_types())));
  return choices;
}

// ---- normalization ---------------------------------------------------------------------------

const std::vector<std::string> kNormalizationModes = {"same-array", "iso-area", "iso-power"};
const std::vector<std::string> kClockPolicies = {"fixed", "from-timing"};

NormalizationConfig parse_normalization(const ConfigNode& node, const std::string& base_dir) {
  node.expect_keys({"mode", "budget_mm2", "budget_mw", "like", "clock", "clock_cap_ghz", "costs"});
  NormalizationConfig norm;
  norm.given = true;
  if (auto c = node.optional_child("mode")) {
    const std::string mode = c->as_choice(kNormalizationModes);
    norm.mode = mode == "iso-area"    ? NormalizationMode::IsoArea
                : mode == "iso-power" ? NormalizationMode::IsoPower
                                      : NormalizationMode::SameArray;
  }
  if (auto c = node.optional_child("budget_mm2")) norm.budget_mm2 = c->as_positive_double();
  if (auto c = node.optional_child("budget_mw")) norm.budget_mw = c->as_positive_double();
  if (auto like = node.optional_child("like")) {
    like->expect_keys({"pe", "recipe", "rows", "cols"});
    norm.like_pe = like->child("pe").as_choice(known_pe_types());
    norm.like_recipe = recipes_for_pe(norm.like_pe).front();
    if (auto c = like->optional_child("recipe")) norm.like_recipe = c->as_string();
    norm.like_rows = static_cast<int>(like->child("rows").as_int(1, kMaxArrayDim));
    norm.like_cols = static_cast<int>(like->child("cols").as_int(1, kMaxArrayDim));
  }
  if (auto c = node.optional_child("clock"))
    norm.clock = c->as_choice(kClockPolicies) == "from-timing" ? ClockPolicy::FromTiming
                                                                : ClockPolicy::Fixed;
  if (auto c = node.optional_child("clock_cap_ghz")) norm.clock_cap_ghz = c->as_double(1e-3, 100.0);
  if (auto c = node.optional_child("costs")) {
    norm.costs_file = resolve_path(base_dir, c->as_string());
    if (!std::filesystem::exists(norm.costs_file))
      c->fail(fmt::format("design cost file '{}' does not exist (write one with `mixsim area "
                          "--out FILE`; paths are relative to the config file's directory)",
                          norm.costs_file));
  }
  const bool like = !norm.like_pe.empty();
  const char* budget_key = norm.mode == NormalizationMode::IsoPower ? "budget_mw" : "budget_mm2";
  const double budget =
      norm.mode == NormalizationMode::IsoPower ? norm.budget_mw : norm.budget_mm2;
  if (norm.mode == NormalizationMode::SameArray) {
    if (like || norm.budget_mm2 > 0.0 || norm.budget_mw > 0.0)
      node.fail("mode same-array takes no budget_mm2, budget_mw or like; allowed with them: "
                "mode iso-area or iso-power");
  } else if (like == (budget > 0.0)) {
    node.fail(fmt::format("mode {} needs exactly one of {} and like {{pe, rows, cols}}",
                          norm.mode == NormalizationMode::IsoPower ? "iso-power" : "iso-area",
                          budget_key));
  }
  return norm;
}

std::vector<DesignPoint> normalized_designs(const ConfigNode& root, const RunConfig& config) {
  const auto node = root.optional_child("normalization");
  try {
    const DesignCostTable costs = config.normalization.costs_file.empty()
                                      ? default_design_costs()
                                      : load_design_costs(config.normalization.costs_file);
    return normalize_designs(config.normalization, config.hardware, config.compare, costs);
  } catch (const std::exception& e) {
    (node ? *node : root).fail(e.what());
  }
}

OutputConfig parse_output(const ConfigNode& node) {
  node.expect_keys({"dir", "table", "explanation"});
  OutputConfig out;
  if (auto c = node.optional_child("dir")) out.dir = c->as_string();
  if (auto c = node.optional_child("table")) out.table = c->as_bool();
  if (auto c = node.optional_child("explanation")) out.explanation = c->as_bool();
  return out;
}

// ---- cross-checks ----------------------------------------------------------------------------

void check_buffer_holds(const ConfigNode& where, const char* name, const SramConfig& sram,
                        int64_t tile, const ArrayConfig& array, const std::string& pe) {
  const int64_t needed = tile * (sram.double_buffered ? 2 : 1);
  if (sram.capacity_bytes >= needed) return;
  where.fail(fmt::format("{} buffer of {} B cannot hold one {} tile of a {}x{} array for PE '{}' "
                         "({} B{}); allowed: capacity_kib >= {}",
                         name, sram.capacity_bytes, name, array.rows, array.cols, pe, tile,
                         sram.double_buffered ? ", x2 for double buffering" : "",
                         (needed + 1023) / 1024));
}

void check_tiles_fit(const ConfigNode& root, const RunConfig& config) {
  const auto hardware = root.optional_child("hardware");
  auto buffer_node = [&](const char* which) {
    if (hardware)
      if (auto buffers = hardware->optional_child("buffers"))
        if (auto b = buffers->optional_child(which)) return *b;
    return hardware ? *hardware : root;
  };
  for (size_t i = 0; i < config.compare.size(); ++i) {
    const PeChoice& pe = config.compare[i];
    ArrayConfig array = config.hardware.array;  // each design's own array after normalization
    if (i < config.designs.size()) {
      array.rows = config.designs[i].rows;
      array.cols = config.designs[i].cols;
    }
    const TileBytes tile = minimum_tile_bytes(array, pe);
    check_buffer_holds(buffer_node("weight"), "weight", config.hardware.weight_buffer, tile.weight,
                       array, pe.pe);
    check_buffer_holds(buffer_node("activation"), "activation", config.hardware.activation_buffer,
                       tile.activation, array, pe.pe);
    check_buffer_holds(buffer_node("output"), "output", config.hardware.output_buffer, tile.output,
                       array, pe.pe);
  }
}

// Group-wise recipes need K to be a multiple of the group size for every GEMM they run; attention
// K is the context/sequence length, so a config can ask for an impossible one.
void check_groups_divide_k(const ConfigNode& root, const RunConfig& config) {
  if (!config.workload.gemms_file.empty()) return check_gemm_list_groups(root, config);
  if (config.workload.phases.empty()) return;  // generate-only workloads have no phases
  const auto phase_nodes = root.child("workload").child("phases").sequence_items();
  for (size_t p = 0; p < config.workload.phases.size(); ++p) {
    const auto shapes = layer_gemm_shapes(config.workload, config.workload.phases[p]);
    for (size_t c = 0; c < config.compare.size(); ++c) {
      const PeChoice& pe = config.compare[c];
      if (pe.recipe == "fp16") continue;
      const Recipe recipe = parse_recipe(pe.recipe);
      if (recipe.group_size <= 0) continue;
      for (const auto& [name, k] : shapes)
        if (k % recipe.group_size != 0)
          phase_nodes[p].fail(fmt::format(
              "GEMM {} has K = {}, not a multiple of the group size {} of recipe '{}' "
              "(compare[{}], PE {}); allowed: context/seq_len values that make every K a "
              "multiple of {}",
              name, k, recipe.group_size, pe.recipe, c, pe.pe, recipe.group_size));
    }
  }
}

// Every compared PE must be able to run attention against the generation's KV cache.
void check_generate_fits_designs(const ConfigNode& root, const RunConfig& config) {
  if (!config.workload.generate) return;
  const auto generate = root.child("workload").child("generate");
  const auto where = generate.optional_child("kv_cache").value_or(generate);
  const workloads::ModelSpec model = workloads::find_model(config.workload.model);
  for (size_t c = 0; c < config.compare.size(); ++c) {
    try {
      resolve_kv_cache(config.compare[c].pe, config.workload.generate->kv_cache, model.head_dim);
    } catch (const std::invalid_argument& e) {
      where.fail(fmt::format("compare[{}]: {}", c, e.what()));
    }
  }
}

RunConfig parse_root(const ConfigNode& root, const std::string& base_dir) {
  root.expect_keys(
      {"seed", "hardware", "energy", "workload", "compare", "mapper", "normalization", "output"});
  RunConfig config;
  config.config_file = root.file();
  if (auto c = root.optional_child("seed"))
    config.seed = static_cast<uint64_t>(c->as_int(0, std::numeric_limits<int64_t>::max()));
  if (auto c = root.optional_child("hardware"))
    config.hardware = parse_hardware(*c);
  else
    config.hardware.dram = parse_dram(std::nullopt);
  if (auto c = root.optional_child("energy")) {
    parse_energy(*c, base_dir, config.hardware.technology_node, config);
  } else {
    config.energy = default_energy_table();
    if (config.energy.node != config.hardware.technology_node)
      root.fail(fmt::format("hardware.technology_node is '{}' but the built-in energy table is "
                            "for '{}': add an energy section with node_scale",
                            config.hardware.technology_node, config.energy.node));
  }
  config.workload = parse_workload(root.child("workload"), base_dir);
  config.compare = parse_compare(root.child("compare"));
  if (auto c = root.optional_child("mapper")) config.mapper = parse_mapper(*c);
  if (auto c = root.optional_child("normalization"))
    config.normalization = parse_normalization(*c, base_dir);
  config.designs = normalized_designs(root, config);
  if (auto c = root.optional_child("output")) config.output = parse_output(*c);
  check_tiles_fit(root, config);
  check_groups_divide_k(root, config);
  check_generate_fits_designs(root, config);
  return config;
}

}  // namespace

std::vector<std::string> recipes_for_pe(const std::string& pe) {
  if (pe == "mixpe")
    return {"w4a8-g128", "w4a16-g128", "w4a8-g128-intscale", "w4abf16-g128", "w4afp8-g128",
            "(and -g32/-g64/-g256 variants)"};
  if (pe == "dequant-mac") return {"w4a8-g128", "w4a16-g128", "(and -g32/-g64/-g256 variants)"};
  if (pe == "int8-mac") return {"w8a8"};
  if (pe == "fp16-mac") return {"fp16"};
  if (pe == "mx-fp4") return {"mxfp4"};
  if (pe == "nv-fp4") return {"nvfp4"};
  if (pe == "int4-mac") return {"w4a4-g128", "(and -g32/-g64/-g256, -asym variants)"};
  if (pe == "fp8-mac") return {"fp8-e4m3", "fp8-e5m2"};
  if (pe == "slim-mixed") return {"slim-w3a8-g128", "(and -g32/-g64/-g256)"};
  if (pe == "lut-gemm") return {"lut-w3a8-g128", "(and -g32/-g64/-g256)"};
  return {};
}

TileBytes minimum_tile_bytes(const ArrayConfig& array, const PeChoice& pe) {
  // Storage formats come from the PE type (sim/pe/): fp16-mac ignores the recipe string.
  const PeTraits traits = find_pe_type(pe.pe).traits(pe.recipe == "fp16" ? "w4a16-g128" : pe.recipe, 4096);
  const int64_t r = array.rows, c = array.cols;
  const bool os = array.dataflow == Dataflow::OutputStationary;
  TileBytes t;
  // One R x C block of weights (output-stationary: R K-rows of C weights, each whole bytes).
  t.weight = os ? r * ((c * traits.weight_bits + 7) / 8) : (r * c * traits.weight_bits + 7) / 8;
  // One array pass streams R (K-slice) activations per row into the array; output-stationary
  // holds R rows of M at once, weight-stationary feeds one row at a time.
  t.activation = r * traits.activation_bytes * (os ? r : 1);
  t.output = c * 4 * (os ? r : 1);  // 32-bit accumulators
  return t;
}

RunConfig parse_run_config(const std::string& yaml_text, const std::string& file_name,
                           const std::string& base_dir, const std::vector<std::string>& overrides) {
  ConfigNode root = parse_yaml_text(yaml_text, file_name);
  if (!root.yaml().IsMap() && !root.yaml().IsNull()) root.expect_map();
  if (!overrides.empty()) {
    // An empty file is a null document: overrides then start from an empty map.
    YAML::Node tree = root.yaml().IsNull() ? YAML::Node(YAML::NodeType::Map) : root.yaml();
    for (const auto& o : overrides) {
      try {
        const auto [key, value] = parse_assignment(o);
        set_dotted_path(tree, key, value);
      } catch (const ConfigError& e) {
        throw ConfigError(fmt::format("--set '{}': {}", o, e.what()));
      }
    }
    root = ConfigNode(tree, "", std::make_shared<const std::string>(file_name));
  }
  if (root.yaml().IsNull()) root.fail("the config is empty; expected keys: seed, hardware, energy, "
                                      "workload, compare, output, normalization");
  return parse_root(root, base_dir);
}

RunConfig load_run_config(const std::string& path, const std::vector<std::string>& overrides) {
  const std::string base_dir = std::filesystem::path(path).parent_path().string();
  return parse_run_config(read_config_text(path), path, base_dir.empty() ? "." : base_dir,
                          overrides);
}

}  // namespace mixsim::sim
