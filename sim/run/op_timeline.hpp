#pragma once
// The timeline of a step's ops on the two units (docs/END_TO_END.md, "Overlap"). Each unit runs
// its ops in program order, one at a time. With overlap, an op starts when its unit is free and
// every op it depends on has finished, so the vector unit works on one attention head's softmax
// while the array runs the next head's Q.K^T. Without overlap every op waits for the previous
// op of the program, whichever unit ran it (the units take turns).
// Limitation: the DRAM channel is not arbitrated between the units when they overlap; each op's
// time counts its own traffic only.
#include <cstdint>
#include <vector>

namespace mixsim::sim {

enum class OpUnit { Array, Vector };

struct TimelineOp {
  OpUnit unit = OpUnit::Array;
  int64_t cycles = 0;
  std::vector<int64_t> deps;  // indices of earlier ops whose results this op reads
};

struct TimelineSlot {
  int64_t start = 0, end = 0;
};

// Places every op; returns one slot per op. Throws std::invalid_argument for a dependency on a
// later op (the program order must be a topological order).
std::vector<TimelineSlot> schedule_ops(const std::vector<TimelineOp>& ops, bool overlap, int64_t t0 = 0);

}  // namespace mixsim::sim
