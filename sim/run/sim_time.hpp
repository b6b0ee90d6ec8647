#pragma once
// The cycle model's time base: one clock cycle is one SystemC nanosecond, whatever the clock
// frequency (which only converts cycles to seconds at the end). Cycle counts stay integers.
#include <systemc>

#include <cstdint>

namespace mixsim::sim {

inline sc_core::sc_time cycles_to_time(int64_t cycles) {
  return sc_core::sc_time(static_cast<double>(cycles), sc_core::SC_NS);
}
inline int64_t now_cycles() {
  return static_cast<int64_t>(sc_core::sc_time_stamp().value() /
                              sc_core::sc_time(1, sc_core::SC_NS).value());
}
// Waits until absolute cycle `t` (no-op when already there or past it).
inline void wait_until_cycle(int64_t t) {
  const sc_core::sc_time target = cycles_to_time(t);
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  if (target > now) sc_core::wait(target - now);
}
// Waits until the middle of cycle `t` (no-op when past it). The DMA issues its DRAM reads there
// and its writes at the cycle's start, so that a read and a write in the same cycle reach the
// DRAM in one defined order, writes first (as the fast model and the RTL top's DMA do), not in
// whatever order the SystemC kernel happens to resume two threads woken at the same time.
// now_cycles() still reads cycle t.
inline void wait_until_mid_cycle(int64_t t) {
  const sc_core::sc_time target = cycles_to_time(t) + sc_core::sc_time(0.5, sc_core::SC_NS);
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  if (target > now) sc_core::wait(target - now);
}

}  // namespace mixsim::sim
