// Parameter points of mixpe_pe under Verilator against models/pe/mixpe_params.hpp.
#include <cmath>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "Vmixpe_pe_w2_g128_asym.h"
#include "Vmixpe_pe_w2_g32.h"
#include "Vmixpe_pe_w3_g32.h"
#include "Vmixpe_pe_w3_g32_faulty.h"
#include "Vmixpe_pe_w3_g64_asym.h"
#include "models/pe/group_dequant.hpp"
#include "models/recipe.hpp"
#include "rtl/harness/group_sum_check.hpp"
#include "rtl/harness/mixpe_point_checks.hpp"
#include "rtl/harness/stimulus.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {
namespace {

using Group = std::vector<std::pair<int, int>>;  // (activation, centred weight) per element

bool same_point(const pe::MixPeParams& a, const pe::MixPeParams& b) {
  return a.weight_bits == b.weight_bits && a.activation == b.activation && a.group == b.group &&
         a.accumulator_bits == b.accumulator_bits && a.symmetric == b.symmetric;
}

// Calls f.template operator()<Model>() with the verilated model of (p, variant).
template <class F>
void with_model(const pe::MixPeParams& params, PointVariant variant, F&& f) {
  const pe::MixPeParams p = pe::resolve_mixpe_params(params);
  const auto points = verilated_mixpe_points();
  if (variant == PointVariant::FaultyShift) {
    if (!same_point(p, points[1]))
      throw std::invalid_argument("the faulty variant exists for " + pe::mixpe_label(points[1]) +
                                  " only, not " + pe::mixpe_label(p));
    return f.template operator()<Vmixpe_pe_w3_g32_faulty>();
  }
  if (same_point(p, points[0])) return f.template operator()<Vmixpe_pe_w2_g32>();
  if (same_point(p, points[1])) return f.template operator()<Vmixpe_pe_w3_g32>();
  if (same_point(p, points[2])) return f.template operator()<Vmixpe_pe_w3_g64_asym>();
  if (same_point(p, points[3])) return f.template operator()<Vmixpe_pe_w2_g128_asym>();
  std::string known;
  for (const auto& q : points) known += (known.empty() ? "" : ", ") + pe::mixpe_label(q);
  throw std::invalid_argument("no verilated model for " + pe::mixpe_label(p) + "; verilated points: " + known);
}

std::string prefix(const pe::MixPeParams& p, PointVariant v) {
  return pe::mixpe_label(p) + (v == PointVariant::FaultyShift ? "-faulty" : "");
}

// Feeds the groups (idle cycles where `idle` says so) and returns every emitted group sum.
template <class Model>
std::vector<int64_t> run_groups(const pe::MixPeParams& p, const std::vector<Group>& groups,
                                Stimulus* idle) {
  VerilatedSim<Model> sim;
  const int w_bits = pe::mixpe_weight_register_bits(p);
  sim.io().in_valid = 0;
  sim.reset();
  std::vector<int64_t> observed;
  auto collect = [&] {
    if (sim.io().group_valid) observed.push_back(sign_extend(sim.io().group_sum, p.accumulator_bits));
  };
  for (const Group& group : groups)
    for (const auto& [a, w] : group) {
      while (idle != nullptr && idle->uniform(0, 15) == 0) {
        sim.io().in_valid = 0;
        sim.tick();
        collect();
      }
      sim.io().in_valid = 1;
      sim.io().a = static_cast<uint8_t>(to_bits(a, 8));
      sim.io().w = static_cast<uint8_t>(to_bits(w, w_bits));
      sim.tick();
      collect();
    }
  sim.io().in_valid = 0;
  sim.tick();
  collect();
  return observed;
}

std::vector<int64_t> rtl_group_sums(const pe::MixPeParams& p, PointVariant v,
                                    const std::vector<Group>& groups, Stimulus* idle) {
  std::vector<int64_t> out;
  with_model(p, v, [&]<class Model>() { out = run_groups<Model>(p, groups, idle); });
  return out;
}

// Group sum by the C++ PE model: shift-and-add products in an accumulator_bits register.
int64_t model_group_sum(const pe::MixPeParams& p, const Group& g) {
  const int w_bits = pe::mixpe_weight_register_bits(p);
  int64_t acc = 0;
  for (const auto& [a, w] : g)
    acc = pe::wrap_to_bits(acc + pe::shift_add_multiply(a, w, w_bits), p.accumulator_bits);
  return acc;
}

void compare_groups(const pe::MixPeParams& p, const std::vector<Group>& groups,
                    const std::vector<int64_t>& observed, CheckResult& r) {
  r.compare(observed.size() == groups.size(), "RTL emitted " + std::to_string(observed.size()) +
                                                  " group sums for " + std::to_string(groups.size()) + " groups");
  for (size_t g = 0; g < groups.size() && g < observed.size(); ++g) {
    const int64_t expected = model_group_sum(p, groups[g]);
    r.compare_lazy(observed[g] == expected, [&] {
      return "group " + std::to_string(g) + ": rtl " + std::to_string(observed[g]) +
             ", model " + std::to_string(expected);
    });
  }
}

int weight_min(const pe::MixPeParams& p) {
  return p.symmetric ? -(1 << (p.weight_bits - 1)) : -((1 << p.weight_bits) - 1);
}
int weight_max(const pe::MixPeParams& p) {
  return p.symmetric ? (1 << (p.weight_bits - 1)) - 1 : (1 << p.weight_bits) - 1;
}

}  // namespace

std::vector<pe::MixPeParams> verilated_mixpe_points() {
  return {pe::resolve_mixpe_params({2, "int8", 32, 0, true}),
          pe::resolve_mixpe_params({3, "int8", 32, 0, true}),
          pe::resolve_mixpe_params({3, "int8", 64, 0, false}),
          pe::resolve_mixpe_params({2, "int8", 128, 0, false})};
}

CheckResult check_mixpe_point_products(const pe::MixPeParams& params, PointVariant variant) {
  const pe::MixPeParams p = pe::resolve_mixpe_params(params);
  CheckResult r;
  r.name = prefix(p, variant) + ".products_exhaustive";
  const int w_bits = pe::mixpe_weight_register_bits(p);
  const int lo = -(1 << (w_bits - 1)), hi = (1 << (w_bits - 1)) - 1;
  r.detail = "all 256 x " + std::to_string(hi - lo + 1) + " (a, w) pairs of the " +
             std::to_string(w_bits) + "-bit weight register, each a group of one product and " +
             std::to_string(p.group - 1) + " zeros; vs exact a*w and pe::shift_add_multiply";
  std::vector<Group> groups;
  for (int w = lo; w <= hi; ++w)
    for (int a = -128; a <= 127; ++a) {
      Group g(static_cast<size_t>(p.group), {0, 0});
      g[0] = {a, w};
      groups.push_back(std::move(g));
    }
  const std::vector<int64_t> observed = rtl_group_sums(p, variant, groups, nullptr);
  r.compare(observed.size() == groups.size(), "RTL emitted " + std::to_string(observed.size()) + " sums");
  for (size_t i = 0; i < groups.size() && i < observed.size(); ++i) {
    const auto [a, w] = groups[i][0];
    r.compare_lazy(observed[i] == int64_t{a} * w, [&] {
      return "a=" + std::to_string(a) + " w=" + std::to_string(w) + ": rtl " +
             std::to_string(observed[i]) + ", expected " + std::to_string(a * w);
    });
    r.compare_lazy(observed[i] == pe::shift_add_multiply(a, w, w_bits), [&] {
      return "a=" + std::to_string(a) + " w=" + std::to_string(w) + ": rtl " +
             std::to_string(observed[i]) + ", models shift_add " +
             std::to_string(pe::shift_add_multiply(a, w, w_bits));
    });
  }
  return r;
}

CheckResult check_mixpe_point_groups(const pe::MixPeParams& params, PointVariant variant,
                                     uint32_t seed, int n_groups) {
  const pe::MixPeParams p = pe::resolve_mixpe_params(params);
  CheckResult r;
  r.name = prefix(p, variant) + ".groups";
  r.detail = std::to_string(n_groups) + " random outlier-heavy groups (seed " + std::to_string(seed) +
             ", idle cycles) + full-scale corner groups; RTL group sums vs the C++ PE model";
  Stimulus s(seed);
  std::vector<Group> groups;
  const int lo = weight_min(p), hi = weight_max(p);
  for (int i = 0; i < n_groups; ++i) {
    Group g;
    for (int k = 0; k < p.group; ++k) {
      const int kind = s.uniform(0, 7);
      const int w = kind == 0 ? lo : kind == 1 ? hi : s.uniform(lo, hi);
      g.emplace_back(s.activation(), w);
    }
    groups.push_back(std::move(g));
  }
  for (int a : {-128, 127})
    for (int w : {lo, hi}) groups.push_back(Group(static_cast<size_t>(p.group), {a, w}));
  Group alternating;
  for (int k = 0; k < p.group; ++k) alternating.emplace_back(k % 2 ? 127 : -128, k % 2 ? hi : lo);
  groups.push_back(alternating);
  groups.push_back(Group(static_cast<size_t>(p.group), {0, 0}));
  compare_groups(p, groups, rtl_group_sums(p, variant, groups, &s), r);
  // The full-scale group must really reach the bound that sized the accumulator.
  const int64_t worst = model_group_sum(p, Group(static_cast<size_t>(p.group), {-128, lo}));
  r.compare(worst == int64_t{-128} * lo * p.group,
            "full-scale group sum " + std::to_string(worst) + " wrapped in the model");
  return r;
}

CheckResult check_mixpe_point_golden(const pe::MixPeParams& params, uint32_t seed, int m, int n,
                                     int k_groups) {
  const pe::MixPeParams p = pe::resolve_mixpe_params(params);
  CheckResult r;
  r.name = pe::mixpe_label(p) + ".golden";
  const int64_t k = int64_t{k_groups} * p.group;
  r.detail = "X " + std::to_string(m) + "x" + std::to_string(k) + ", W " + std::to_string(n) + "x" +
             std::to_string(k) + " (Student-t, seed " + std::to_string(seed) + ") quantized with " +
             pe::mixpe_recipe_name(p) + "; RTL P vs the PE model, Y vs golden_gemm bit for bit";
  std::mt19937 gen(seed);
  std::student_t_distribution<double> t(3.0);
  MatrixF32 x(m, k), w(n, k);
  for (auto& v : x.storage()) v = static_cast<float>(t(gen));
  for (auto& v : w.storage()) v = static_cast<float>(0.02 * t(gen));
  const QuantizedOperands ops = quantize_operands(parse_recipe(pe::mixpe_recipe_name(p)), x, w);
  const QuantizedActivations& a = *ops.activations;
  const QuantizedMatrix& q = *ops.weights;
  std::vector<Group> groups;  // (m, n, g) in that order
  for (int mi = 0; mi < m; ++mi)
    for (int ni = 0; ni < n; ++ni)
      for (int g = 0; g < k_groups; ++g) {
        Group grp;
        for (int64_t kk = int64_t{g} * p.group; kk < int64_t{g + 1} * p.group; ++kk)
          grp.emplace_back(a.code(mi, kk), q.centered(ni, kk));
        groups.push_back(std::move(grp));
      }
  const std::vector<int64_t> observed = rtl_group_sums(p, PointVariant::Correct, groups, nullptr);
  const std::vector<int32_t> model = pe::mixpe_group_partial_sums(p, a, q);
  r.compare(observed.size() == model.size(), "RTL emitted " + std::to_string(observed.size()) + " sums");
  if (observed.size() != model.size()) return r;
  for (size_t i = 0; i < model.size(); ++i)
    r.compare_lazy(observed[i] == model[i], [&] {
      return "partial " + std::to_string(i) + ": rtl " + std::to_string(observed[i]) + ", model " +
             std::to_string(model[i]);
    });
  compare_y_from_group_sums(r, observed, ops, m, n, k_groups);
  return r;
}

}  // namespace mixsim::rtl
