// fp8_mac_pe (E4M3 / E5M2) under Verilator against models/fp8_quantizer.hpp.
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "Vfp8_mac_pe_e4m3.h"
#include "Vfp8_mac_pe_e5m2.h"
#include "Vfp8_mac_pe_faulty.h"
#include "models/recipe.hpp"
#include "rtl/harness/mac_pe_checks.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {
namespace {

using Dot = std::vector<std::pair<uint8_t, uint8_t>>;

uint32_t bits_of(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

bool finite_code(Fp8Format f, uint8_t c) {
  if (f == Fp8Format::E4M3) return (c & 0x7F) != 0x7F;
  return ((c >> 2) & 0x1F) != 0x1F;
}

std::string prefix(Fp8Format f, Fp8MacVariant v) {
  return std::string("fp8-mac-") + fp8_format_name(f) + (v == Fp8MacVariant::FaultySubnormal ? "-faulty" : "");
}

// The FP32 accumulator bits after every step of every dot (first step with `clear`).
template <class Model>
std::vector<uint32_t> run(const std::vector<Dot>& dots) {
  VerilatedSim<Model> sim;
  sim.io().in_valid = 0;
  sim.io().clear = 0;
  sim.reset();
  std::vector<uint32_t> out;
  for (const Dot& d : dots)
    for (size_t i = 0; i < d.size(); ++i) {
      sim.io().in_valid = 1;
      sim.io().clear = i == 0;
      sim.io().a = d[i].first;
      sim.io().w = d[i].second;
      sim.tick();
      out.push_back(sim.io().acc);
    }
  return out;
}

std::vector<uint32_t> rtl_steps(Fp8Format f, Fp8MacVariant v, const std::vector<Dot>& dots) {
  if (v == Fp8MacVariant::FaultySubnormal) {
    if (f != Fp8Format::E4M3) throw std::invalid_argument("the faulty fp8_mac_pe is built for E4M3 only");
    return run<Vfp8_mac_pe_faulty>(dots);
  }
  return f == Fp8Format::E4M3 ? run<Vfp8_mac_pe_e4m3>(dots) : run<Vfp8_mac_pe_e5m2>(dots);
}

// The model's accumulator after every step: acc = +0 at a dot's start, acc = fl32(acc + a*w).
std::vector<uint32_t> model_steps(Fp8Format f, const std::vector<Dot>& dots) {
  std::vector<uint32_t> out;
  for (const Dot& d : dots) {
    float acc = 0.0f;
    for (const auto& [a, w] : d) {
      const float p = static_cast<float>(fp8_decode(f, a)) * static_cast<float>(fp8_decode(f, w));
      acc = acc + p;
      out.push_back(bits_of(acc));
    }
  }
  return out;
}

void compare_steps(Fp8Format f, Fp8MacVariant v, const std::vector<Dot>& dots, CheckResult& r) {
  const std::vector<uint32_t> got = rtl_steps(f, v, dots), want = model_steps(f, dots);
  r.compare(got.size() == want.size(), "step count differs");
  size_t step = 0;
  for (size_t d = 0; d < dots.size(); ++d)
    for (size_t i = 0; i < dots[d].size() && step < got.size(); ++i, ++step)
      r.compare_lazy(got[step] == want[step], [&] {
        char buf[200];
        std::snprintf(buf, sizeof buf, "dot %zu step %zu (a=0x%02x w=0x%02x): rtl 0x%08x, model 0x%08x",
                      d, i, dots[d][i].first, dots[d][i].second, got[step], want[step]);
        return std::string(buf);
      });
}

}  // namespace

CheckResult check_fp8_mac_products(Fp8Format f, Fp8MacVariant v) {
  CheckResult r;
  r.name = prefix(f, v) + ".products_exhaustive";
  std::vector<Dot> dots;
  for (int a = 0; a < 256; ++a)
    for (int w = 0; w < 256; ++w)
      if (finite_code(f, static_cast<uint8_t>(a)) && finite_code(f, static_cast<uint8_t>(w)))
        dots.push_back(Dot{{static_cast<uint8_t>(a), static_cast<uint8_t>(w)}});
  r.detail = "all " + std::to_string(dots.size()) + " pairs of non-NaN/Inf " + fp8_format_name(f) +
             " codes: FP32 bits of +0 + a*w vs the model";
  compare_steps(f, v, dots, r);
  return r;
}

CheckResult check_fp8_mac_dots(Fp8Format f, uint32_t seed, int n_dots) {
  CheckResult r;
  r.name = prefix(f, Fp8MacVariant::Correct) + ".dot_products";
  r.detail = std::to_string(n_dots) + " random dot products of length 256 (seed " + std::to_string(seed) +
             "): accumulator bits after every step vs acc = fl32(acc + a*w)";
  std::mt19937 gen(seed);
  std::vector<Dot> dots;
  for (int i = 0; i < n_dots; ++i) {
    Dot d;
    while (d.size() < 256) {
      const uint32_t u = gen();
      const uint8_t a = static_cast<uint8_t>(u), w = static_cast<uint8_t>(u >> 8);
      if (finite_code(f, a) && finite_code(f, w)) d.emplace_back(a, w);
    }
    dots.push_back(std::move(d));
  }
  compare_steps(f, Fp8MacVariant::Correct, dots, r);
  return r;
}

CheckResult check_fp8_mac_golden(Fp8Format f, uint32_t seed, int m, int n, int k) {
  CheckResult r;
  const std::string recipe = std::string("fp8-") + fp8_format_name(f);
  r.name = prefix(f, Fp8MacVariant::Correct) + ".golden";
  r.detail = "X " + std::to_string(m) + "x" + std::to_string(k) + ", W " + std::to_string(n) + "x" +
             std::to_string(k) + " (Student-t, seed " + std::to_string(seed) + ") quantized with " + recipe +
             "; Y = fl32(fl32(rtl acc * sx) * sw) vs golden_gemm bit for bit";
  std::mt19937 gen(seed);
  std::student_t_distribution<double> t(3.0);
  MatrixF32 x(m, k), w(n, k);
  for (auto& val : x.storage()) val = static_cast<float>(t(gen));
  for (auto& val : w.storage()) val = static_cast<float>(0.02 * t(gen));
  const QuantizedOperands ops = quantize_operands(parse_recipe(recipe), x, w);
  const Fp8Matrix& xq = *ops.activations_fp8;
  const Fp8Matrix& wq = *ops.weights_fp8;
  std::vector<Dot> dots;
  for (int mi = 0; mi < m; ++mi)
    for (int ni = 0; ni < n; ++ni) {
      Dot d;
      for (int kk = 0; kk < k; ++kk)
        d.emplace_back(xq.codes[static_cast<size_t>(mi * k + kk)], wq.codes[static_cast<size_t>(ni * k + kk)]);
      dots.push_back(std::move(d));
    }
  const std::vector<uint32_t> got = rtl_steps(f, Fp8MacVariant::Correct, dots);
  const MatrixF32 golden = golden_gemm(ops);
  r.compare(got.size() == static_cast<size_t>(m) * n * k, "step count differs");
  if (got.size() != static_cast<size_t>(m) * n * k) return r;
  for (int mi = 0; mi < m; ++mi)
    for (int ni = 0; ni < n; ++ni) {
      const uint32_t bits = got[(static_cast<size_t>(mi) * n + ni) * k + (k - 1)];
      float acc;
      std::memcpy(&acc, &bits, sizeof acc);
      const float scaled = acc * xq.scales[static_cast<size_t>(mi)];
      const float y = scaled * wq.scales[static_cast<size_t>(ni)];
      const float e = golden(mi, ni);
      r.compare_lazy(std::memcmp(&y, &e, sizeof y) == 0, [&] {
        return "Y[" + std::to_string(mi) + "][" + std::to_string(ni) + "]: rtl " + std::to_string(y) +
               ", golden " + std::to_string(e);
      });
    }
  return r;
}

}  // namespace mixsim::rtl
