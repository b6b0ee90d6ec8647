#include "sim/run/moe_router.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include "workloads/deterministic_random.hpp"

namespace mixsim::sim {

std::vector<int64_t> route_tokens(uint64_t seed, int64_t step, int layer, int64_t tokens, int64_t experts,
                                  int64_t top_k) {
  if (experts < 1 || top_k < 1 || top_k > experts || tokens < 0)
    throw std::invalid_argument("route_tokens: need 1 <= top_k <= experts and tokens >= 0");
  std::vector<int64_t> load(static_cast<size_t>(experts), 0);
  const std::string label = "moe/" + std::to_string(step) + "/layer" + std::to_string(layer);
  std::vector<double> logits(static_cast<size_t>(experts));
  std::vector<int64_t> order(static_cast<size_t>(experts));
  for (int64_t t = 0; t < tokens; ++t) {
    workloads::Xoshiro256 rng(workloads::derive_seed(seed, label, static_cast<uint64_t>(t)));
    for (auto& l : logits) l = rng.standard_normal();
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
      return logits[static_cast<size_t>(a)] > logits[static_cast<size_t>(b)];
    });
    for (int64_t i = 0; i < top_k; ++i) ++load[static_cast<size_t>(order[static_cast<size_t>(i)])];
  }
  return load;
}

}  // namespace mixsim::sim
