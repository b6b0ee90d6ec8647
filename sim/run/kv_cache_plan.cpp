#include "sim/run/kv_cache_plan.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/pe/pe_registry.hpp"

namespace mixsim::sim {

int64_t KvCachePlan::quantized_tokens(int64_t tokens) const {
  if (kivi) return workloads::kv_quantized_token_count(tokens, *kivi);
  return name == "fp16" ? 0 : tokens;
}

int64_t KvCachePlan::cache_bytes(int64_t tokens, int64_t channels) const {
  const int64_t q = quantized_tokens(tokens);
  const double bits = static_cast<double>(q * channels) * (name == "fp16" ? 16.0 : bits_per_element) +
                      static_cast<double>((tokens - q) * channels) * 16.0;
  return static_cast<int64_t>(std::ceil(bits / 8.0 - 1e-9));
}

int64_t KvCachePlan::code_bytes(int64_t tokens, int64_t channels) const {
  const double bits = static_cast<double>(tokens * channels) * (name == "fp16" ? 16.0 : bits_per_element);
  return static_cast<int64_t>(std::ceil(bits / 8.0 - 1e-9));
}

PeTraits KvCachePlan::attention_traits(const std::string& pe, int64_t k) const {
  PeTraits t = find_pe_type(pe).traits(attention_recipe, k);
  t.weight_bits = timing_weight_bits;
  t.dequant_group = 0;  // one scale per output: group scales are applied by the vector unit
  return t;
}

std::vector<std::string> kv_cache_names() { return {"fp16", "int8", "kivi2"}; }

std::vector<std::string> kv_caches_for_pe(const std::string& pe) {
  if (pe == "mixpe" || pe == "dequant-mac") return {"kivi2"};
  if (pe == "int8-mac") return {"int8", "kivi2"};
  if (pe == "fp16-mac") return {"fp16"};
  return {};
}

KvCachePlan resolve_kv_cache(const std::string& pe, const std::string& requested, int64_t head_dim) {
  const auto allowed = kv_caches_for_pe(pe);
  if (allowed.empty())
    throw std::invalid_argument(fmt::format("workload.generate.kv_cache: PE '{}' has no KV-cache "
                                            "format; known PEs: mixpe, dequant-mac, int8-mac, fp16-mac",
                                            pe));
  const std::string name = requested == "auto" ? allowed.front() : requested;
  const auto names = kv_cache_names();
  if (std::find(names.begin(), names.end(), name) == names.end())
    throw std::invalid_argument(fmt::format("workload.generate.kv_cache: unknown KV-cache format '{}'; "
                                            "allowed: auto, {}", name, fmt::join(names, ", ")));
  if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
    throw std::invalid_argument(fmt::format(
        "workload.generate.kv_cache: PE '{}' cannot run attention against a '{}' KV cache{}; "
        "allowed for {}: {} (or auto)",
        pe, name,
        pe == "fp16-mac" ? " (it holds FP16 weights only)"
                         : name == "fp16" ? " (its weight registers hold integer codes)" : "",
        pe, fmt::join(allowed, ", ")));
  KvCachePlan p;
  p.name = name;
  if (name == "fp16") {
    p.code_bits = 16, p.bits_per_element = 16, p.timing_weight_bits = 16;
  } else if (name == "int8") {
    p.code_bits = 8;
    p.bits_per_element = 8.0 + 16.0 / static_cast<double>(head_dim);
    p.timing_weight_bits = 8;
  } else {
    workloads::KvCacheQuantConfig k;  // KIVI defaults: 2 bits, groups of 32, window of 128
    p.kivi = k;
    p.code_bits = k.bits;
    p.bits_per_element = k.bits + 32.0 / static_cast<double>(k.key_group_tokens);  // FP16 scale + min
    p.timing_weight_bits = static_cast<int>(std::ceil(p.bits_per_element - 1e-9));
  }
  p.attention_recipe = pe == "int8-mac" ? "w8a8" : pe == "fp16-mac" ? "w4a16-g128" : "w4a16-g128";
  return p;
}

}  // namespace mixsim::sim
