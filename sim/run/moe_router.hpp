#pragma once
// Mixtral-style top-k routing for the generation (docs/END_TO_END.md, "MoE routing"): a seeded
// stand-in for the trained router. Each token's router logits over the E experts are drawn
// i.i.d. standard normal from the project's PRNG (workloads/deterministic_random.hpp), stream
// derive_seed(seed, "moe/<step>/layer<l>", token); the token goes to the k experts with the largest
// logits (ties: lower index). So the expert loads vary per layer and step like a real router's
// would without training data, and the same seed gives the same routing on every machine.
#include <cstdint>
#include <vector>

namespace mixsim::sim {

// Tokens routed to each expert (size = experts; sums to tokens * top_k).
std::vector<int64_t> route_tokens(uint64_t seed, int64_t step, int layer, int64_t tokens, int64_t experts,
                                  int64_t top_k);

}  // namespace mixsim::sim
