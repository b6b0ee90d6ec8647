#include "sim/config/config_gemm_list.hpp"

#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "models/recipe.hpp"
#include "sim/config/config_phase_mode.hpp"
#include "workloads/gemm_list.hpp"

namespace mixsim::sim {
namespace {

PhaseConfig parse_list_phase(const ConfigNode& node) {
  node.expect_map();
  node.expect_keys({"phase", "mode", "values"});
  PhaseConfig phase;
  phase.phase = "gemms";
  if (auto c = node.optional_child("phase")) phase.phase = c->as_string();
  parse_phase_mode(node, phase);
  return phase;
}

std::string resolved_path(const std::string& file, const std::string& base_dir) {
  const std::filesystem::path p(file);
  return p.is_absolute() ? file : (std::filesystem::path(base_dir) / p).lexically_normal().string();
}

}  // namespace

WorkloadConfig parse_gemm_list_workload(const ConfigNode& node, const std::string& base_dir) {
  node.expect_keys(kGemmListWorkloadKeys);
  WorkloadConfig workload;
  const ConfigNode file_node = node.child("gemms_file");
  workload.gemms_file = file_node.as_string();
  workload.model.clear();
  workload.layers.clear();
  try {
    const workloads::GemmList list =
        workloads::load_gemm_list(resolved_path(workload.gemms_file, base_dir));
    workload.gemm_list = list.gemms;
    workload.gemm_list_lines = list.lines;
    workload.gemm_list_path = list.file;
  } catch (const workloads::GemmListError& e) {
    throw ConfigError(fmt::format("{}\n  (the GEMM list of {}: key '{}')", e.what(),
                                  file_node.location(), file_node.key_path()));
  }
  if (auto phases = node.optional_child("phases")) {
    std::set<std::string> labels;
    for (const auto& item : phases->sequence_items()) {
      workload.phases.push_back(parse_list_phase(item));
      if (!labels.insert(workload.phases.back().phase).second)
        item.fail(fmt::format("phase label '{}' appears twice; each phase of a GEMM list needs "
                              "its own label", workload.phases.back().phase));
    }
    if (workload.phases.empty()) phases->fail("expected at least one phase, e.g. {mode: fast}");
  } else {
    workload.phases.push_back(PhaseConfig{"gemms", 1, 0, 0, SimMode::Cycle, true});
  }
  return workload;
}

void check_gemm_list_groups(const ConfigNode& root, const RunConfig& config) {
  const ConfigNode file_node = root.child("workload").child("gemms_file");
  const auto& gemms = config.workload.gemm_list;
  for (size_t c = 0; c < config.compare.size(); ++c) {
    const PeChoice& pe = config.compare[c];
    if (pe.recipe == "fp16") continue;
    const Recipe recipe = parse_recipe(pe.recipe);
    if (recipe.group_size <= 0) continue;
    for (size_t i = 0; i < gemms.size(); ++i)
      if (gemms[i].k % recipe.group_size != 0)
        throw ConfigError(fmt::format(
            "{}:{}: column 'K': GEMM '{}' has K = {}, not a multiple of the group size {} of "
            "recipe '{}' (compare[{}], PE {}); allowed: K a multiple of {}, or a recipe with a "
            "group size that divides every K\n  (the GEMM list of {}: key '{}')",
            config.workload.gemm_list_path, config.workload.gemm_list_lines[i], gemms[i].name,
            gemms[i].k, recipe.group_size, pe.recipe, c, pe.pe, recipe.group_size,
            file_node.location(), file_node.key_path()));
  }
}

}  // namespace mixsim::sim
