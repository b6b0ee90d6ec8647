#pragma once
// Random numbers that are the same bytes on every machine and standard library: xoshiro256**
// seeded through splitmix64, and distribution code written here with IEEE-exact operations only
// (+ - * / sqrt, frexp/ldexp). std::normal_distribution and libm's log/exp are NOT used: their
// results differ between standard libraries and between CPU variants of libm.
#include <cstdint>
#include <string_view>

namespace mixsim::workloads {

uint64_t splitmix64(uint64_t& state);

// A stream id from a user seed, a label naming the tensor ("llama2-7b/layer0/q_proj/weight")
// and an index (a row): independent streams let rows be generated in parallel, in any order.
uint64_t derive_seed(uint64_t seed, std::string_view label, uint64_t index);

class Xoshiro256 {
 public:
  explicit Xoshiro256(uint64_t seed);
  uint64_t next();
  double uniform_open01();              // (0, 1), 53-bit resolution, never 0 or 1
  double uniform(double lo, double hi);  // [lo, hi)
  double standard_normal();             // Marsaglia polar method with deterministic_log
  double student_t6_unit_variance();    // Student-t, 6 degrees of freedom, scaled to variance 1
  uint64_t below(uint64_t bound);       // uniform integer in [0, bound), unbiased

 private:
  uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0.0;
};

// Natural log / exp built from + - * / and exact frexp/ldexp: the same result on every machine
// (relative error ~1e-16). deterministic_log needs x > 0.
double deterministic_log(double x);
double deterministic_exp(double x);

}  // namespace mixsim::workloads
