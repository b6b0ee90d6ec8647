#include "models/rounding.hpp"

#include <algorithm>
#include <cmath>

namespace mixsim {

double round_half_even(double x) {
  const double lower = std::floor(x);
  const double fraction = x - lower;  // exact: x and floor(x) share the binade or x is integral
  if (fraction > 0.5) return lower + 1.0;
  if (fraction < 0.5) return lower;
  return std::fmod(lower, 2.0) == 0.0 ? lower : lower + 1.0;
}

int64_t round_half_even_clamped(double x, int64_t lo, int64_t hi) {
  const double r = round_half_even(x);
  if (r <= static_cast<double>(lo)) return lo;
  if (r >= static_cast<double>(hi)) return hi;
  return static_cast<int64_t>(r);
}

}  // namespace mixsim
