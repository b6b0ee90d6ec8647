#pragma once
// Seeded operand generator for the RTL checks: outlier-heavy INT8 activations (mostly small
// values, a few at or near full scale, the way LLM activations have outlier channels) and INT4
// weights that hit the boundary codes -8 and 7 often. Uses only std::mt19937's raw output
// (its sequence is fixed by the standard) so a seed gives the same cases everywhere.
#include <cstdint>
#include <random>

namespace mixsim::rtl {

class Stimulus {
 public:
  explicit Stimulus(uint32_t seed) : engine_(seed) {}

  // Uniform integer in [lo, hi].
  int uniform(int lo, int hi) {
    const uint32_t span = static_cast<uint32_t>(hi - lo) + 1u;
    return lo + static_cast<int>(engine_() % span);
  }
  // INT8 activation code in [-128, 127]: 1 in 16 is an outlier at or near full scale
  // (including -128, which symmetric quantizers never produce but the PE must accept).
  int activation() {
    const uint32_t kind = engine_() % 16u;
    if (kind == 0) return uniform(0, 1) ? uniform(120, 127) : uniform(-128, -120);
    if (kind == 1) return uniform(-128, 127);
    return uniform(-12, 12);
  }
  // Signed INT4 weight code in [-8, 7], the boundary codes twice as likely as the others.
  int weight4() {
    const uint32_t kind = engine_() % 8u;
    if (kind == 0) return -8;
    if (kind == 1) return 7;
    return uniform(-8, 7);
  }
  // Signed INT8 code in [-128, 127] for the INT8 MAC's second operand.
  int int8() { return uniform(0, 7) == 0 ? (uniform(0, 1) ? 127 : -128) : uniform(-128, 127); }

 private:
  std::mt19937 engine_;
};

}  // namespace mixsim::rtl
