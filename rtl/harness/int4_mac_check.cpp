// int4-mac (int8_mac_pe with 4-bit operands) under Verilator against exact integers and models/.
#include <cstring>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "Vint4_mac_pe.h"
#include "Vint4_mac_pe_asym.h"
#include "Vint4_mac_pe_narrow.h"
#include "models/golden_gemms.hpp"
#include "models/pe/group_dequant.hpp"
#include "models/recipe.hpp"
#include "rtl/harness/mac_pe_checks.hpp"
#include "rtl/harness/group_sum_check.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {
namespace {

using Group = std::vector<std::pair<int, int>>;

int acc_width(Int4MacVariant v) { return v == Int4MacVariant::Narrow ? kInt4MacAccBits - 1 : kInt4MacAccBits; }
std::string prefix(Int4MacVariant v) {
  return v == Int4MacVariant::Asym ? "int4-mac-asym" : v == Int4MacVariant::Narrow ? "int4-mac-narrow" : "int4-mac";
}

// The accumulator at the end of each group (the first input of a group has `clear`).
template <class Model>
std::vector<int64_t> run(const std::vector<Group>& groups, int bw, int accw) {
  VerilatedSim<Model> sim;
  sim.io().in_valid = 0;
  sim.io().clear = 0;
  sim.reset();
  std::vector<int64_t> out;
  for (const Group& g : groups) {
    for (size_t i = 0; i < g.size(); ++i) {
      sim.io().in_valid = 1;
      sim.io().clear = i == 0;
      sim.io().a = static_cast<uint8_t>(to_bits(g[i].first, 4));
      sim.io().b = static_cast<uint8_t>(to_bits(g[i].second, bw));
      sim.tick();
    }
    out.push_back(sign_extend(sim.io().acc, accw));
  }
  return out;
}

std::vector<int64_t> rtl_sums(Int4MacVariant v, const std::vector<Group>& groups) {
  switch (v) {
    case Int4MacVariant::Asym: return run<Vint4_mac_pe_asym>(groups, 5, acc_width(v));
    case Int4MacVariant::Narrow: return run<Vint4_mac_pe_narrow>(groups, 4, acc_width(v));
    case Int4MacVariant::Correct: break;
  }
  return run<Vint4_mac_pe>(groups, 4, acc_width(v));
}

int64_t exact(const Group& g) {
  int64_t s = 0;
  for (const auto& [a, w] : g) s += int64_t{a} * w;
  return s;
}

void compare_all(const std::vector<Group>& groups, const std::vector<int64_t>& got, CheckResult& r) {
  r.compare(got.size() == groups.size(), "RTL gave " + std::to_string(got.size()) + " sums");
  for (size_t i = 0; i < groups.size() && i < got.size(); ++i)
    r.compare_lazy(got[i] == exact(groups[i]), [&] {
      return "group " + std::to_string(i) + " (first a=" + std::to_string(groups[i][0].first) +
             " w=" + std::to_string(groups[i][0].second) + "): rtl " + std::to_string(got[i]) +
             ", expected " + std::to_string(exact(groups[i]));
    });
}

}  // namespace

CheckResult check_int4_mac_products(Int4MacVariant v) {
  CheckResult r;
  r.name = prefix(v) + ".products_exhaustive";
  const int wmax = v == Int4MacVariant::Asym ? 15 : 7, wmin = v == Int4MacVariant::Asym ? -15 : -8;
  r.detail = "all 16 x " + std::to_string(wmax - wmin + 1) + " (a, w) pairs, one-product sums vs exact a*w";
  std::vector<Group> groups;
  for (int a = -8; a <= 7; ++a)
    for (int w = wmin; w <= wmax; ++w) groups.push_back(Group{{a, w}});
  compare_all(groups, rtl_sums(v, groups), r);
  return r;
}

CheckResult check_int4_mac_groups(Int4MacVariant v, uint32_t seed, int n_groups) {
  CheckResult r;
  r.name = prefix(v) + ".groups";
  r.detail = std::to_string(n_groups) + " random groups of " + std::to_string(kInt4MacGroup) +
             " (seed " + std::to_string(seed) + ") + full-scale groups; sums vs exact";
  std::mt19937 gen(seed);
  const int wmax = v == Int4MacVariant::Asym ? 15 : 7, wmin = v == Int4MacVariant::Asym ? -15 : -8;
  auto pick = [&](int lo, int hi) {
    const uint32_t u = gen();
    if (u % 8 == 0) return lo;
    if (u % 8 == 1) return hi;
    return lo + static_cast<int>((u >> 3) % static_cast<uint32_t>(hi - lo + 1));
  };
  std::vector<Group> groups;
  for (int i = 0; i < n_groups; ++i) {
    Group g;
    for (int k = 0; k < kInt4MacGroup; ++k) g.emplace_back(pick(-8, 7), pick(wmin, wmax));
    groups.push_back(std::move(g));
  }
  for (int a : {-8, 7})
    for (int w : {wmin, wmax}) groups.push_back(Group(kInt4MacGroup, {a, w}));
  compare_all(groups, rtl_sums(v, groups), r);
  return r;
}

CheckResult check_int4_mac_golden(bool symmetric, uint32_t seed, int m, int n, int k_groups) {
  const Int4MacVariant v = symmetric ? Int4MacVariant::Correct : Int4MacVariant::Asym;
  const std::string recipe = symmetric ? "w4a4-g128" : "w4a4-g128-asym";
  CheckResult r;
  r.name = prefix(v) + ".golden";
  const int64_t k = int64_t{k_groups} * kInt4MacGroup;
  r.detail = "X " + std::to_string(m) + "x" + std::to_string(k) + ", W " + std::to_string(n) + "x" +
             std::to_string(k) + " (Student-t, seed " + std::to_string(seed) + ") quantized with " +
             recipe + "; RTL P vs group_partial_sum, Y vs golden_gemm bit for bit";
  std::mt19937 gen(seed);
  std::student_t_distribution<double> t(3.0);
  MatrixF32 x(m, k), w(n, k);
  for (auto& val : x.storage()) val = static_cast<float>(t(gen));
  for (auto& val : w.storage()) val = static_cast<float>(0.02 * t(gen));
  const QuantizedOperands ops = quantize_operands(parse_recipe(recipe), x, w);
  const QuantizedActivations& a = *ops.activations;
  const QuantizedMatrix& q = *ops.weights;
  std::vector<Group> groups;
  for (int mi = 0; mi < m; ++mi)
    for (int ni = 0; ni < n; ++ni)
      for (int g = 0; g < k_groups; ++g) {
        Group grp;
        for (int64_t kk = int64_t{g} * kInt4MacGroup; kk < int64_t{g + 1} * kInt4MacGroup; ++kk)
          grp.emplace_back(a.code(mi, kk), q.centered(ni, kk));
        groups.push_back(std::move(grp));
      }
  const std::vector<int64_t> got = rtl_sums(v, groups);
  r.compare(got.size() == groups.size(), "RTL gave " + std::to_string(got.size()) + " sums");
  if (got.size() != groups.size()) return r;
  compare_group_sums(r, got, ops, m, n, k_groups);
  compare_y_from_group_sums(r, got, ops, m, n, k_groups);
  return r;
}

}  // namespace mixsim::rtl
