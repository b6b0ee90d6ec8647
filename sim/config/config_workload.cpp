#include "sim/config/config_workload.hpp"

#include <fmt/format.h>

#include "sim/config/config_suggest.hpp"
#include "workloads/layer_gemms.hpp"
#include "workloads/model_catalogue.hpp"

namespace mixsim::sim {
namespace {

std::string strip_layer_prefix(const std::string& name) {
  const auto dot = name.find('.');
  return name.rfind("layer", 0) == 0 && dot != std::string::npos ? name.substr(dot + 1) : name;
}

}  // namespace

std::vector<std::string> layer_gemm_short_names(const std::string& model) {
  workloads::PhaseSpec phase;
  phase.phase = workloads::Phase::Decode;
  phase.batch = 1;
  phase.context = 1;
  std::vector<std::string> names;
  for (const auto& gemm : workloads::expand_layer_gemms(workloads::find_model(model), phase, 0))
    names.push_back(strip_layer_prefix(gemm.name));
  return names;
}

std::vector<std::pair<std::string, int64_t>> layer_gemm_shapes(const WorkloadConfig& workload,
                                                               const PhaseConfig& phase) {
  workloads::PhaseSpec spec;
  spec.phase = workloads::parse_phase(phase.phase);
  spec.batch = phase.batch;
  spec.context = phase.context;
  spec.seq_len = phase.seq_len;
  std::vector<std::pair<std::string, int64_t>> shapes;
  for (const auto& g : workloads::expand_layer_gemms(workloads::find_model(workload.model), spec, 0)) {
    const std::string name = strip_layer_prefix(g.name);
    bool keep = workload.gemms.empty();
    for (const auto& wanted : workload.gemms) keep = keep || wanted == name;
    if (keep) shapes.emplace_back(name, g.k);
  }
  return shapes;
}

void validate_workload_against_catalogue(const WorkloadConfig& workload, const ConfigNode& node) {
  const auto model_node = node.child("model");
  const auto known = workloads::known_model_names();
  bool found = false;
  for (const auto& k : known) found = found || k == workload.model;
  if (!found) model_node.as_choice(known);  // throws with the nearest name and the list
  const workloads::ModelSpec spec = workloads::find_model(workload.model);
  if (auto layers = node.optional_child("layers")) {
    const auto items = layers->sequence_items();
    for (size_t i = 0; i < items.size(); ++i)
      if (workload.layers[i] >= spec.num_hidden_layers)
        items[i].fail(fmt::format("layer {} does not exist: {} has layers 0..{}",
                                  workload.layers[i], workload.model, spec.num_hidden_layers - 1));
  }
  if (auto gemms = node.optional_child("gemms")) {
    const auto allowed = layer_gemm_short_names(workload.model);
    for (const auto& item : gemms->sequence_items()) item.as_choice(allowed);
  }
}

}  // namespace mixsim::sim
