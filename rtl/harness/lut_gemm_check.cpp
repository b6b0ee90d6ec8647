// lut_gemm_pe under Verilator against models/pe/lut_gemm_pe.hpp and models' golden GEMM.
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "Vlut_gemm_pe.h"
#include "Vlut_gemm_pe_faulty.h"
#include "models/golden_gemms.hpp"
#include "models/pe/group_dequant.hpp"
#include "models/pe/lut_gemm_pe.hpp"
#include "models/recipe.hpp"
#include "rtl/harness/lut_gemm_checks.hpp"
#include "rtl/harness/group_sum_check.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {
namespace {

constexpr int kGroup = 128;
constexpr int kAccBits = 18;

struct Group {
  std::vector<int8_t> a, c;  // kGroup each; c odd in [-7, 7]
};

template <class Model>
std::vector<int64_t> run(const std::vector<Group>& groups) {
  VerilatedSim<Model> sim;
  sim.io().in_valid = 0;
  sim.reset();
  std::vector<int64_t> out;
  for (const Group& g : groups)
    for (int k = 0; k < kGroup; k += pe::kLutWidth) {
      uint32_t chunk = 0;
      for (int j = 0; j < 4; ++j) chunk |= static_cast<uint32_t>(static_cast<uint8_t>(g.a[static_cast<size_t>(k + j)])) << (8 * j);
      uint32_t planes = 0;
      for (int i = 0; i < 3; ++i) planes |= static_cast<uint32_t>(pe::lut_pattern(&g.c[static_cast<size_t>(k)], i)) << (4 * i);
      sim.io().in_valid = 1;
      sim.io().a_chunk = chunk;
      sim.io().planes = static_cast<uint16_t>(planes);
      sim.tick();
      if (sim.io().group_valid) out.push_back(sign_extend(sim.io().group_sum, kAccBits));
    }
  sim.io().in_valid = 0;
  sim.tick();
  if (sim.io().group_valid) out.push_back(sign_extend(sim.io().group_sum, kAccBits));
  return out;
}

std::vector<int64_t> rtl_sums(LutVariant v, const std::vector<Group>& groups) {
  return v == LutVariant::FaultyPlaneWeight ? run<Vlut_gemm_pe_faulty>(groups) : run<Vlut_gemm_pe>(groups);
}

std::string prefix(LutVariant v) { return v == LutVariant::FaultyPlaneWeight ? "lut-gemm-faulty" : "lut-gemm"; }

int64_t model_sum(const Group& g) { return pe::lut_group_sum(g.a.data(), g.c.data(), kGroup); }

void compare(const std::vector<Group>& groups, const std::vector<int64_t>& got, CheckResult& r) {
  r.compare(got.size() == groups.size(), "RTL emitted " + std::to_string(got.size()) + " sums");
  for (size_t i = 0; i < groups.size() && i < got.size(); ++i)
    r.compare_lazy(got[i] == model_sum(groups[i]), [&] {
      return "group " + std::to_string(i) + ": rtl " + std::to_string(got[i]) + ", model " +
             std::to_string(model_sum(groups[i]));
    });
}

}  // namespace

CheckResult check_lut_single_weights(LutVariant v) {
  CheckResult r;
  r.name = prefix(v) + ".single_weights_exhaustive";
  r.detail = "every (lane, a, odd c) alone in a group: 4 x 256 x 8; vs exact a*c and pe::lut_group_sum";
  std::vector<Group> groups;
  for (int lane = 0; lane < 4; ++lane)
    for (int a = -128; a <= 127; ++a)
      for (int c = -7; c <= 7; c += 2) {
        Group g{std::vector<int8_t>(kGroup, 0), std::vector<int8_t>(kGroup, 1)};
        g.a[static_cast<size_t>(lane)] = static_cast<int8_t>(a);
        g.c[static_cast<size_t>(lane)] = static_cast<int8_t>(c);
        groups.push_back(std::move(g));
      }
  const std::vector<int64_t> got = rtl_sums(v, groups);
  r.compare(got.size() == groups.size(), "RTL emitted " + std::to_string(got.size()) + " sums");
  for (size_t i = 0; i < groups.size() && i < got.size(); ++i) {
    const int lane = static_cast<int>(i / (256 * 8));
    const int64_t exact = int64_t{groups[i].a[static_cast<size_t>(lane)]} * groups[i].c[static_cast<size_t>(lane)];
    r.compare_lazy(got[i] == exact, [&] {
      return "lane " + std::to_string(lane) + " a=" + std::to_string(groups[i].a[static_cast<size_t>(lane)]) +
             " c=" + std::to_string(groups[i].c[static_cast<size_t>(lane)]) + ": rtl " + std::to_string(got[i]) +
             ", expected " + std::to_string(exact);
    });
    r.compare(got[i] == model_sum(groups[i]), "model differs from the RTL on group " + std::to_string(i));
  }
  return r;
}

CheckResult check_lut_groups(LutVariant v, uint32_t seed, int n_groups) {
  CheckResult r;
  r.name = prefix(v) + ".groups";
  r.detail = std::to_string(n_groups) + " random groups of 128 (seed " + std::to_string(seed) +
             ") + full-scale groups; sums vs pe::lut_group_sum";
  std::mt19937 gen(seed);
  std::vector<Group> groups;
  for (int i = 0; i < n_groups; ++i) {
    Group g{std::vector<int8_t>(kGroup), std::vector<int8_t>(kGroup)};
    for (int k = 0; k < kGroup; ++k) {
      const uint32_t u = gen();
      const uint32_t kind = u % 16;
      g.a[static_cast<size_t>(k)] = static_cast<int8_t>(kind == 0 ? ((u >> 4) & 1 ? 127 : -128)
                                                      : kind == 1 ? static_cast<int>((u >> 8) & 0xFF) - 128
                                                                  : static_cast<int>((u >> 8) % 25) - 12);
      g.c[static_cast<size_t>(k)] = static_cast<int8_t>(2 * static_cast<int>((u >> 20) % 8) - 7);
    }
    groups.push_back(std::move(g));
  }
  for (int a : {-128, 127})
    for (int c : {-7, 7}) groups.push_back(Group{std::vector<int8_t>(kGroup, static_cast<int8_t>(a)),
                                                 std::vector<int8_t>(kGroup, static_cast<int8_t>(c))});
  compare(groups, rtl_sums(v, groups), r);
  return r;
}

CheckResult check_lut_golden(uint32_t seed, int m, int n, int k_groups) {
  CheckResult r;
  r.name = "lut-gemm.golden";
  const int64_t k = int64_t{k_groups} * kGroup;
  r.detail = "X " + std::to_string(m) + "x" + std::to_string(k) + ", W " + std::to_string(n) + "x" +
             std::to_string(k) + " (Student-t, seed " + std::to_string(seed) +
             ") quantized with lut-w3a8-g128; RTL P vs group_partial_sum, Y vs golden_gemm bit for bit";
  std::mt19937 gen(seed);
  std::student_t_distribution<double> t(3.0);
  MatrixF32 x(m, k), w(n, k);
  for (auto& val : x.storage()) val = static_cast<float>(t(gen));
  for (auto& val : w.storage()) val = static_cast<float>(0.02 * t(gen));
  const QuantizedOperands ops = quantize_operands(parse_recipe("lut-w3a8-g128"), x, w);
  const QuantizedActivations& a = *ops.activations;
  const QuantizedMatrix& q = *ops.weights;
  std::vector<Group> groups;
  for (int mi = 0; mi < m; ++mi)
    for (int ni = 0; ni < n; ++ni)
      for (int g = 0; g < k_groups; ++g) {
        Group grp;
        for (int64_t kk = int64_t{g} * kGroup; kk < int64_t{g + 1} * kGroup; ++kk) {
          grp.a.push_back(static_cast<int8_t>(a.code(mi, kk)));
          grp.c.push_back(static_cast<int8_t>(q.code(ni, kk)));
        }
        groups.push_back(std::move(grp));
      }
  const std::vector<int64_t> got = rtl_sums(LutVariant::Correct, groups);
  r.compare(got.size() == groups.size(), "RTL emitted " + std::to_string(got.size()) + " sums");
  if (got.size() != groups.size()) return r;
  compare_group_sums(r, got, ops, m, n, k_groups);
  compare_y_from_group_sums(r, got, ops, m, n, k_groups);
  return r;
}

}  // namespace mixsim::rtl
