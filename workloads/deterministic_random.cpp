#include "workloads/deterministic_random.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace mixsim::workloads {

namespace {
constexpr double kLn2 = 0.6931471805599453094;  // nearest double to ln 2
constexpr double kLn2Hi = 6.93147180369123816490e-01;  // fdlibm split of ln 2: n * kLn2Hi is exact
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kSqrtHalf = 0.70710678118654752440;
uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t derive_seed(uint64_t seed, std::string_view label, uint64_t index) {
  uint64_t h = 0xCBF29CE484222325ULL;  // FNV-1a of the label
  for (unsigned char c : label) h = (h ^ c) * 0x100000001B3ULL;
  uint64_t state = seed ^ rotl(h, 17);
  splitmix64(state);
  state ^= index * 0xD1B54A32D192ED03ULL;
  return splitmix64(state);
}

Xoshiro256::Xoshiro256(uint64_t seed) {
  uint64_t state = seed;
  for (auto& s : s_) s = splitmix64(state);
}

uint64_t Xoshiro256::next() {  // xoshiro256** (Blackman & Vigna)
  const uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Xoshiro256::uniform_open01() {
  return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53;
}

double Xoshiro256::uniform(double lo, double hi) {
  return lo + (hi - lo) * (static_cast<double>(next() >> 11) * 0x1.0p-53);
}

double Xoshiro256::standard_normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u, v, s;
  do {
    u = 2.0 * uniform_open01() - 1.0;
    v = 2.0 * uniform_open01() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double f = std::sqrt(-2.0 * deterministic_log(s) / s);
  spare_ = v * f;
  has_spare_ = true;
  return u * f;
}

double Xoshiro256::student_t6_unit_variance() {
  // t_6 = Z / sqrt(chi2_6 / 6), chi2_6 = -2 ln(u1 u2 u3); Var(t_6) = 6/4, hence sqrt(2/3).
  const double z = standard_normal();
  const double product = uniform_open01() * uniform_open01() * uniform_open01();
  const double chi2_over_6 = -deterministic_log(product) / 3.0;
  return z / std::sqrt(chi2_over_6) * 0.81649658092772603273;
}

uint64_t Xoshiro256::below(uint64_t bound) {
  if (bound == 0) throw std::invalid_argument("Xoshiro256::below: bound must be > 0");
  const uint64_t limit = std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % bound;
  uint64_t x;
  do x = next();
  while (x >= limit);
  return x % bound;
}

double deterministic_log(double x) {
  if (!(x > 0.0) || !std::isfinite(x))
    throw std::domain_error("deterministic_log: argument must be finite and > 0");
  int e = 0;
  double m = 0.0;  // x = m * 2^e, m in [0.5, 1): from the bits for normal x (exact, no libm call)
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  const int biased = static_cast<int>(bits >> 52);
  if (biased > 0) {
    e = biased - 1022;
    bits = (bits & 0x000FFFFFFFFFFFFFULL) | (uint64_t{1022} << 52);
    std::memcpy(&m, &bits, sizeof m);
  } else {
    m = std::frexp(x, &e);  // subnormal
  }
  if (m < kSqrtHalf) {
    m *= 2.0;
    e -= 1;
  }
  // ln m = 2 atanh(s), s = (m-1)/(m+1), |s| <= 0.1716: the series s + s^3/3 + ... to s^25
  // reaches double precision. Horner form with the reciprocals as constants (no divisions:
  // this runs once per synthetic element).
  static constexpr double kInvOdd[13] = {1.0,        1.0 / 3,  1.0 / 5,  1.0 / 7,  1.0 / 9,
                                         1.0 / 11,   1.0 / 13, 1.0 / 15, 1.0 / 17, 1.0 / 19,
                                         1.0 / 21,   1.0 / 23, 1.0 / 25};
  const double s = (m - 1.0) / (m + 1.0);
  const double s2 = s * s;
  double poly = kInvOdd[12];
  for (int i = 11; i >= 0; --i) poly = poly * s2 + kInvOdd[i];
  const double sum = s * poly;
  return 2.0 * sum + e * kLn2;
}

double deterministic_exp(double x) {
  if (std::isnan(x)) return x;
  if (x < -745.0) return 0.0;
  if (x > 709.0) return std::numeric_limits<double>::infinity();
  const double n = std::nearbyint(x / kLn2);
  const double r = (x - n * kLn2Hi) - n * kLn2Lo;  // |r| <= 0.35
  double sum = 1.0, term = 1.0;
  for (int i = 1; i <= 17; ++i) {
    term *= r / i;
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(n));
}

}  // namespace mixsim::workloads
