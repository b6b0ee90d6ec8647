#include "sim/run/op_timeline.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace mixsim::sim {

std::vector<TimelineSlot> schedule_ops(const std::vector<TimelineOp>& ops, bool overlap, int64_t t0) {
  std::vector<TimelineSlot> slots(ops.size());
  int64_t unit_free[2] = {t0, t0};
  int64_t previous_end = t0;
  for (size_t i = 0; i < ops.size(); ++i) {
    const TimelineOp& op = ops[i];
    int64_t ready = overlap ? unit_free[static_cast<int>(op.unit)] : previous_end;
    for (int64_t d : op.deps) {
      if (d < 0 || static_cast<size_t>(d) >= i)
        throw std::invalid_argument("op " + std::to_string(i) + " depends on op " + std::to_string(d) +
                                    ", which is not an earlier op");
      ready = std::max(ready, slots[static_cast<size_t>(d)].end);
    }
    slots[i] = {ready, ready + op.cycles};
    unit_free[static_cast<int>(op.unit)] = slots[i].end;
    previous_end = std::max(previous_end, slots[i].end);
  }
  return slots;
}

}  // namespace mixsim::sim
