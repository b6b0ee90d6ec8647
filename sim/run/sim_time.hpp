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
// Waits until absolute cycle `t` (no-op when already there).
inline void wait_until_cycle(int64_t t) {
  const int64_t now = now_cycles();
  if (t > now) sc_core::wait(cycles_to_time(t - now));
}

}  // namespace mixsim::sim
