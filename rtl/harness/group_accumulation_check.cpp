// mixpe_pe group accumulation: randomized outlier-heavy groups and full-scale boundary groups.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "Vmixpe_pe.h"
#include "Vmixpe_pe_narrow.h"
#include "rtl/harness/rtl_checks.hpp"
#include "rtl/harness/rtl_params.hpp"
#include "rtl/harness/stimulus.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {
namespace {

using Group = std::vector<std::pair<int, int>>;  // (activation, weight) per element

// Feeds the groups (with idle cycles where idle[i] says so before element i of the whole
// stream) and compares each group_valid output with the exact int64 sum of its group.
template <class Model>
void run_groups(const std::vector<Group>& groups, int acc_bits, Stimulus* idle_source,
                const std::string& vcd_path, CheckResult& result) {
  VerilatedSim<Model> sim(vcd_path);
  sim.io().in_valid = 0;
  sim.reset();
  std::vector<int64_t> observed;
  auto collect = [&] {
    if (sim.io().group_valid) observed.push_back(sign_extend(sim.io().group_sum, acc_bits));
  };
  for (const Group& group : groups) {
    for (const auto& [a, q] : group) {
      // Idle cycles (in_valid low) must not disturb the accumulator.
      while (idle_source != nullptr && idle_source->uniform(0, 15) == 0) {
        sim.io().in_valid = 0;
        sim.tick();
        collect();
      }
      sim.io().in_valid = 1;
      sim.io().a = static_cast<uint8_t>(to_bits(a, kActivationBits));
      sim.io().w = static_cast<uint8_t>(to_bits(q, kWeightBits));
      sim.tick();
      collect();
    }
  }
  sim.io().in_valid = 0;
  sim.tick();
  collect();
  sim.finish();
  result.compare(observed.size() == groups.size(),
                 "RTL emitted " + std::to_string(observed.size()) + " group sums for " +
                     std::to_string(groups.size()) + " groups");
  for (size_t g = 0; g < groups.size() && g < observed.size(); ++g) {
    int64_t expected = 0;
    for (const auto& [a, q] : groups[g]) expected += static_cast<int64_t>(a) * q;
    result.compare(observed[g] == expected, "group " + std::to_string(g) + ": rtl " +
                                                std::to_string(observed[g]) + ", expected " +
                                                std::to_string(expected));
  }
}

template <class... Args>
void run_variant(GroupPeVariant variant, Args&&... args) {
  if (variant == GroupPeVariant::NarrowAccumulator) {
    run_groups<Vmixpe_pe_narrow>(std::forward<Args>(args)...);
  } else {
    run_groups<Vmixpe_pe>(std::forward<Args>(args)...);
  }
}

int acc_bits_of(GroupPeVariant variant) {
  return variant == GroupPeVariant::NarrowAccumulator ? kMixpeNarrowAccBits : kMixpeAccBits;
}

std::string variant_prefix(GroupPeVariant variant) {
  return variant == GroupPeVariant::NarrowAccumulator ? "mixpe-narrow" : "mixpe";
}

Group constant_group(int a, int q) { return Group(kMixpeGroupSize, {a, q}); }

}  // namespace

CheckResult check_group_accumulation(GroupPeVariant variant, uint32_t seed, int groups,
                                     const std::string& vcd_path) {
  Stimulus stimulus(seed);
  std::vector<Group> data(static_cast<size_t>(groups));
  for (Group& group : data) {
    group.reserve(kMixpeGroupSize);
    for (int i = 0; i < kMixpeGroupSize; ++i) {
      group.emplace_back(stimulus.activation(), stimulus.weight4());
    }
  }
  CheckResult result;
  result.name = variant_prefix(variant) + ".group_accumulation";
  result.detail = "seed=" + std::to_string(seed) + ", " + std::to_string(groups) +
                  " groups of " + std::to_string(kMixpeGroupSize) + ", ACC_WIDTH=" +
                  std::to_string(acc_bits_of(variant)) + ", RTL vs exact int64 group sums";
  Stimulus idle(seed ^ 0x9e3779b9u);
  run_variant(variant, data, acc_bits_of(variant), &idle, vcd_path, result);
  return result;
}

CheckResult check_full_scale_groups(GroupPeVariant variant, const std::string& vcd_path) {
  std::vector<Group> data;
  // The four corners of the operand range, each over a whole group.
  for (int a : {-128, 127}) {
    for (int q : {-8, 7}) data.push_back(constant_group(a, q));
  }
  // Alternating extremes (the sum stays small, every adder bit toggles) and all zeros.
  Group alternating;
  for (int i = 0; i < kMixpeGroupSize; ++i) {
    alternating.emplace_back(i % 2 ? 127 : -128, i % 2 ? -8 : 7);
  }
  data.push_back(alternating);
  data.push_back(constant_group(0, -8));
  // The largest group sum again right after a negative one: the accumulator must restart.
  data.push_back(constant_group(127, -8));
  data.push_back(constant_group(-128, -8));
  CheckResult result;
  result.name = variant_prefix(variant) + ".full_scale_groups";
  result.detail = "corner groups (-128/127 x -8/7, G=" + std::to_string(kMixpeGroupSize) +
                  "), ACC_WIDTH=" + std::to_string(acc_bits_of(variant)) +
                  "; largest sum 128*1024 = 2^17 needs 19 bits";
  run_variant(variant, data, acc_bits_of(variant), nullptr, vcd_path, result);
  return result;
}

}  // namespace mixsim::rtl
