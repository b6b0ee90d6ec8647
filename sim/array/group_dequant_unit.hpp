#pragma once
// GroupDequantUnit: one per array column, at the bottom of the column. At a group boundary it
// folds each finished group partial sum into the output accumulator with one scale multiply
// (the PE type's OutputEpilogue, i.e. models/pe/group_dequant.hpp), pipelined at one output per
// column per cycle, adding `group_dequant_latency` cycles after the tile's last column result.
// It also clears the group accumulators for the next group.
#include <systemc>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/run/job_state.hpp"

namespace mixsim::sim {

class GroupDequantUnit : public sc_core::sc_module {
 public:
  explicit GroupDequantUnit(sc_core::sc_module_name name) : sc_module(name) {}
  void begin_job(JobState* job) { job_ = job; }

  // Applies the group step to a tile's mt x ct accumulators (row-major, stride ct) and clears them.
  template <typename T>
  void fold(const TileRef& t, T* acc) {
    const int64_t g = (t.k0 + t.kt - 1) / job_->plan.group();
    for (int64_t m = 0; m < t.mt; ++m)
      job_->epilogue->fold_group(t.m0 + m, t.n0, static_cast<int>(t.ct), g, acc + m * t.ct);
    std::fill(acc, acc + t.mt * t.ct, T{});
  }
  int latency() const { return job_->plan.group_dequant_latency(); }

 private:
  JobState* job_ = nullptr;
};

}  // namespace mixsim::sim
