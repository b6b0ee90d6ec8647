#pragma once
// Outcome of one RTL-versus-model check: how many cases were compared and how many differed.
// A check with zero cases never counts as passed (nothing compared is not a pass).
#include <cstdint>
#include <string>

namespace mixsim::rtl {

struct CheckResult {
  std::string name;            // e.g. "mixpe.products_exhaustive"
  std::string detail;          // what was compared with what, seed, widths
  uint64_t cases = 0;          // comparisons made
  uint64_t mismatches = 0;     // comparisons that differed
  std::string first_mismatch;  // the first difference, readable; empty when none

  bool passed() const { return cases > 0 && mismatches == 0; }
  // Records one comparison; keeps the first failing description.
  void compare(bool equal, const std::string& what_if_different) {
    ++cases;
    if (!equal) {
      if (mismatches == 0) first_mismatch = what_if_different;
      ++mismatches;
    }
  }
  // The same, building the description only when the values differ (for million-case checks).
  template <class Describe>
  void compare_lazy(bool equal, Describe&& describe) {
    ++cases;
    if (!equal) {
      if (mismatches == 0) first_mismatch = describe();
      ++mismatches;
    }
  }
};

}  // namespace mixsim::rtl
