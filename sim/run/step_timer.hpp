#pragma once
// Times the ops of a step (sim/run/step_ops.hpp) for one compared design and places them on the
// two units' timeline (sim/run/op_timeline.hpp): GEMMs by simulate_gemm through the design's
// Mapper (each distinct shape once, then reused for every layer and step), vector ops by the
// design's VectorUnit. A step's latency is the end of its last op.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/config/config_types.hpp"
#include "sim/mapping/mapper.hpp"
#include "sim/run/kv_cache_plan.hpp"
#include "sim/run/op_timeline.hpp"
#include "sim/run/step_ops.hpp"
#include "sim/vector/vector_unit.hpp"
#include "workloads/model_spec.hpp"

namespace mixsim::sim {

// One step of one design, timed: every op's cycles and energy and its place on the timeline.
struct TimedStep {
  std::vector<StepOp> ops;
  std::vector<int64_t> cycles;
  std::vector<double> energy_pj;
  std::vector<TimelineSlot> slots;
  int64_t total_cycles = 0;
  // Lower bound of the step on this hardware, for any schedule: the larger of the array's
  // compute bound (sum over GEMMs of ceil(MACs / PEs)) and the compulsory DRAM traffic (every
  // GEMM's W + X + Y at their storage formats, every vector op's reads and writes) at peak
  // bandwidth. The vector unit's own compute is not in it.
  int64_t compute_bound_cycles = 0;
  int64_t compulsory_bytes = 0;
  int64_t bound_cycles(double peak_bytes_per_cycle) const;
};

class StepTimer {
 public:
  // Design `p` of config.compare on its (normalized) hardware; the KV-cache plan from
  // config.workload.generate (kv_cache "auto" when absent).
  StepTimer(const RunConfig& config, size_t p, const workloads::ModelSpec& model);

  TimedStep time_step(std::vector<StepOp> ops, SimMode mode, bool overlap);

  const KvCachePlan& kv() const { return kv_; }
  const HardwareConfig& hw() const { return hw_; }
  const PeChoice& pe() const { return pe_; }
  const VectorUnit& vector_unit() const { return vector_; }
  // Energy by component accumulated over every step timed so far.
  const std::map<std::string, double>& component_pj() const { return component_pj_; }

 private:
  struct GemmCost {
    int64_t cycles = 0;  // of one GEMM
    std::map<std::string, double> energy_pj;
    int64_t compute_bound_cycles = 0, compulsory_bytes = 0;
  };
  const GemmCost& gemm(const StepOp& op, SimMode mode);

  const RunConfig& config_;
  PeChoice pe_;
  HardwareConfig hw_;
  KvCachePlan kv_;
  Mapper mapper_;
  VectorUnit vector_;
  std::map<std::string, GemmCost> memo_;
  std::map<std::string, double> component_pj_;
};

}  // namespace mixsim::sim
