// The two-unit timeline (sim/run/op_timeline.hpp) on a hand-computed case.
#include <gtest/gtest.h>

#include "sim/run/op_timeline.hpp"

namespace mixsim::sim {
namespace {

// A1 (array, 10) -> V1 (vector, 4); A2 (array, 6) needs A1; V2 (vector, 3) needs V1 and A2;
// A3 (array, 5) needs nothing after A2 (independent of V2).
//   overlap:    A1 [0,10)  V1 [10,14)  A2 [10,16)  V2 [16,19)  A3 [16,21)  -> 21
//   no overlap: A1 [0,10)  V1 [10,14)  A2 [14,20)  V2 [20,23)  A3 [23,28)  -> 28 = 10+4+6+3+5
std::vector<TimelineOp> hand_case() {
  return {{OpUnit::Array, 10, {}},
          {OpUnit::Vector, 4, {0}},
          {OpUnit::Array, 6, {0}},
          {OpUnit::Vector, 3, {1, 2}},
          {OpUnit::Array, 5, {2}}};
}

TEST(OpTimeline, OverlapMatchesHandComputedTimeline) {
  const auto s = schedule_ops(hand_case(), true);
  const std::vector<std::pair<int64_t, int64_t>> expected = {{0, 10}, {10, 14}, {10, 16}, {16, 19}, {16, 21}};
  ASSERT_EQ(s.size(), expected.size());
  for (size_t i = 0; i < s.size(); ++i) {
    EXPECT_EQ(s[i].start, expected[i].first) << "op " << i;
    EXPECT_EQ(s[i].end, expected[i].second) << "op " << i;
  }
}

TEST(OpTimeline, WithoutOverlapTheUnitsTakeTurns) {
  const auto s = schedule_ops(hand_case(), false);
  const std::vector<std::pair<int64_t, int64_t>> expected = {{0, 10}, {10, 14}, {14, 20}, {20, 23}, {23, 28}};
  for (size_t i = 0; i < s.size(); ++i) {
    EXPECT_EQ(s[i].start, expected[i].first) << "op " << i;
    EXPECT_EQ(s[i].end, expected[i].second) << "op " << i;
  }
}

TEST(OpTimeline, EachUnitRunsInProgramOrder) {
  // V2 does not depend on V1 but is queued behind it on the vector unit.
  const std::vector<TimelineOp> ops = {{OpUnit::Vector, 7, {}}, {OpUnit::Vector, 2, {}}, {OpUnit::Array, 3, {}}};
  const auto s = schedule_ops(ops, true);
  EXPECT_EQ(s[1].start, 7);
  EXPECT_EQ(s[2].start, 0);
}

TEST(OpTimeline, RejectsADependencyOnALaterOp) {
  const std::vector<TimelineOp> ops = {{OpUnit::Array, 1, {1}}, {OpUnit::Vector, 1, {}}};
  EXPECT_THROW(schedule_ops(ops, true), std::invalid_argument);
}

}  // namespace
}  // namespace mixsim::sim
