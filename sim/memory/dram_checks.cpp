#include "sim/memory/dram_checks.hpp"

#include <fmt/format.h>

namespace mixsim::sim {
namespace {

std::optional<DramProblem> organization_problem(const DramOrganization& o, int burst_bytes) {
  auto count = [](const char* key, int64_t v) -> std::optional<DramProblem> {
    if (v >= 1) return std::nullopt;
    return DramProblem{std::string("organization.") + key, fmt::format("{} must be >= 1, got {}", key, v)};
  };
  if (auto p = count("channels", o.channels)) return p;
  if (auto p = count("ranks", o.ranks)) return p;
  if (auto p = count("bank_groups", o.bank_groups)) return p;
  if (auto p = count("banks_per_group", o.banks_per_group)) return p;
  if (auto p = count("channel_bits", o.channel_bits)) return p;
  if (!(o.data_rate_mtps > 0))
    return DramProblem{"organization.data_rate_mtps",
                       fmt::format("data_rate_mtps must be > 0, got {}", o.data_rate_mtps)};
  if (o.row_bytes < burst_bytes || o.row_bytes % burst_bytes != 0)
    return DramProblem{"organization.row_bytes",
                       fmt::format("row_bytes {} must be a multiple of burst_bytes {} (a row holds "
                                   "whole bursts)", o.row_bytes, burst_bytes)};
  return std::nullopt;
}

std::optional<DramProblem> timing_problem(const DramTimings& t) {
  const std::pair<const char*, double> all[] = {
      {"tCK", t.tCK},       {"tRCD", t.tRCD},     {"tRP", t.tRP},     {"tCL", t.tCL},
      {"tCWL", t.tCWL},     {"tRAS", t.tRAS},     {"tWR", t.tWR},     {"tFAW", t.tFAW},
      {"tRRD_S", t.tRRD_S}, {"tRRD_L", t.tRRD_L}, {"tCCD_S", t.tCCD_S}, {"tCCD_L", t.tCCD_L},
      {"tWTR_S", t.tWTR_S}, {"tWTR_L", t.tWTR_L}, {"tRTW", t.tRTW},   {"tRFC", t.tRFC},
      {"tREFI", t.tREFI},   {"tRTP", t.tRTP}};
  for (const auto& [name, v] : all)
    if (!(v >= 0.0) || v > 1e7)
      return DramProblem{fmt::format("timings.{}", name),
                         fmt::format("timings.{} = {} ns is outside 0 .. 1e7 ns", name, v)};
  // Orderings every JEDEC standard keeps (a row must be open before it is read; same-group
  // limits are never looser than different-group ones; refresh must fit its interval).
  auto order = [](const char* key, const char* big, double b, const char* small, double s)
      -> std::optional<DramProblem> {
    if (b >= s) return std::nullopt;
    return DramProblem{key, fmt::format("{} = {} ns is less than {} = {} ns; the standard requires "
                                        "{} >= {}", big, b, small, s, big, small)};
  };
  if (auto p = order("timings.tRAS", "tRAS", t.tRAS, "tRCD", t.tRCD)) return p;
  if (auto p = order("timings.tRRD_L", "tRRD_L", t.tRRD_L, "tRRD_S", t.tRRD_S)) return p;
  if (auto p = order("timings.tCCD_L", "tCCD_L", t.tCCD_L, "tCCD_S", t.tCCD_S)) return p;
  if (auto p = order("timings.tWTR_L", "tWTR_L", t.tWTR_L, "tWTR_S", t.tWTR_S)) return p;
  if (auto p = order("timings.tREFI", "tREFI", t.tREFI, "tRFC", t.tRFC)) return p;
  if (!(t.tREFI > 0)) return DramProblem{"timings.tREFI", "timings.tREFI must be > 0"};
  return std::nullopt;
}

}  // namespace

std::optional<DramProblem> dram_config_problem(const DramConfig& c) {
  if (c.burst_bytes <= 0 || (c.burst_bytes & (c.burst_bytes - 1)) != 0)
    return DramProblem{"burst_bytes", fmt::format("burst_bytes {} is not a power of two (allowed: 1, "
                                                  "2, 4, ..., 4096)", c.burst_bytes)};
  if (!(c.latency_ns >= 0.0))
    return DramProblem{"latency_ns", fmt::format("latency_ns must be >= 0, got {}", c.latency_ns)};
  if (auto p = organization_problem(c.organization, c.burst_bytes)) return p;
  if (!(c.bandwidth_gbps > 0.0))
    return DramProblem{"bandwidth_gbps", fmt::format("bandwidth_gbps must be > 0, got {}", c.bandwidth_gbps)};
  if (auto p = timing_problem(c.timings)) return p;
  const DramEnergy& e = c.energy;
  const std::pair<const char*, double> energies[] = {
      {"energy.read_pj_per_bit", e.read_pj_per_bit}, {"energy.write_pj_per_bit", e.write_pj_per_bit},
      {"energy.io_pj_per_bit", e.io_pj_per_bit},     {"energy.activate_nj", e.activate_nj},
      {"energy.background_mw_per_channel", e.background_mw_per_channel}};
  for (const auto& [key, v] : energies)
    if (!(v >= 0.0) || v > 1e6)
      return DramProblem{key, fmt::format("{} = {} is outside 0 .. 1e6", key, v)};
  return std::nullopt;
}

}  // namespace mixsim::sim
