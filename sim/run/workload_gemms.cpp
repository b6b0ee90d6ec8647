#include "sim/run/workload_gemms.hpp"

#include "workloads/gemm_list.hpp"
#include "workloads/model_catalogue.hpp"

namespace mixsim::sim {
namespace {

workloads::PhaseSpec phase_spec(const PhaseConfig& p) {
  workloads::PhaseSpec s;
  s.phase = workloads::parse_phase(p.phase);
  s.batch = p.batch;
  s.context = p.context;
  s.seq_len = p.seq_len;
  return s;
}

bool selected(const WorkloadConfig& w, const workloads::GemmShape& g) {
  if (w.gemms.empty()) return true;
  const std::string short_name = g.name.substr(g.name.find('.') + 1);
  for (const auto& name : w.gemms)
    if (name == short_name) return true;
  return false;
}

}  // namespace

std::vector<workloads::GemmShape> phase_gemms(const WorkloadConfig& workload, const PhaseConfig& phase) {
  if (!workload.gemms_file.empty()) return workload.gemm_list;
  const workloads::ModelSpec model = workloads::find_model(workload.model);
  std::vector<workloads::GemmShape> gemms;
  for (int layer : workload.layers)
    for (auto& g : workloads::expand_layer_gemms(model, phase_spec(phase), layer))
      if (selected(workload, g)) gemms.push_back(std::move(g));
  return gemms;
}

workloads::GemmOperandPair phase_gemm_operands(const WorkloadConfig& workload, const PhaseConfig& phase,
                                               const workloads::GemmShape& gemm, uint64_t seed) {
  if (!workload.gemms_file.empty()) return workloads::synthetic_gemm_list_instance(gemm, seed);
  return workloads::synthetic_gemm_instance(workloads::find_model(workload.model), phase_spec(phase),
                                            gemm, 0, seed);
}

}  // namespace mixsim::sim
