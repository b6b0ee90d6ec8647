#include "sim/config/config_dram.hpp"

#include <fmt/format.h>

#include "sim/memory/dram_checks.hpp"
#include "sim/memory/dram_technology.hpp"

namespace mixsim::sim {
namespace {

// The model a config gets when it names none: the bank model (docs/MEMORY.md: it costs less than
// 2x the simple model's wall time on the default run, bench/sim).
constexpr DramModel kDefaultModel = DramModel::Bank;

void read_double(const ConfigNode& parent, const char* key, double& out, double lo, double hi) {
  if (auto c = parent.optional_child(key)) out = c->as_double(lo, hi);
}
void read_int(const ConfigNode& parent, const char* key, int& out, int64_t lo, int64_t hi) {
  if (auto c = parent.optional_child(key)) out = static_cast<int>(c->as_int(lo, hi));
}

// Values are range-checked only loosely here (>= 0); the ordering rules and the >= 1 counts are
// dram_config_problem's, so that a hand-built config and a file get the same rules.
void parse_organization(const ConfigNode& n, DramOrganization& o) {
  n.expect_keys({"channels", "channel_bits", "data_rate_mtps", "ranks", "bank_groups",
                 "banks_per_group", "row_bytes"});
  read_int(n, "channels", o.channels, 0, 4096);
  read_int(n, "channel_bits", o.channel_bits, 0, 4096);
  read_double(n, "data_rate_mtps", o.data_rate_mtps, 0.0, 1e6);
  read_int(n, "ranks", o.ranks, 0, 64);
  read_int(n, "bank_groups", o.bank_groups, 0, 64);
  read_int(n, "banks_per_group", o.banks_per_group, 0, 256);
  if (auto c = n.optional_child("row_bytes")) o.row_bytes = c->as_int(1, int64_t{1} << 30);
}

void parse_timings(const ConfigNode& n, DramTimings& t) {
  const std::pair<const char*, double*> keys[] = {
      {"tCK", &t.tCK},       {"tRCD", &t.tRCD},     {"tRP", &t.tRP},       {"tCL", &t.tCL},
      {"tCWL", &t.tCWL},     {"tRAS", &t.tRAS},     {"tWR", &t.tWR},       {"tFAW", &t.tFAW},
      {"tRRD_S", &t.tRRD_S}, {"tRRD_L", &t.tRRD_L}, {"tCCD_S", &t.tCCD_S}, {"tCCD_L", &t.tCCD_L},
      {"tWTR_S", &t.tWTR_S}, {"tWTR_L", &t.tWTR_L}, {"tRTW", &t.tRTW},     {"tRFC", &t.tRFC},
      {"tREFI", &t.tREFI},   {"tRTP", &t.tRTP}};
  std::vector<std::string> allowed;
  for (const auto& [k, p] : keys) allowed.push_back(k);
  n.expect_keys(allowed);
  for (const auto& [k, p] : keys) read_double(n, k, *p, 0.0, 1e7);
}

void parse_energy(const ConfigNode& n, DramEnergy& e) {
  n.expect_keys({"read_pj_per_bit", "write_pj_per_bit", "io_pj_per_bit", "activate_nj",
                 "background_mw_per_channel"});
  read_double(n, "read_pj_per_bit", e.read_pj_per_bit, 0.0, 1e6);
  read_double(n, "write_pj_per_bit", e.write_pj_per_bit, 0.0, 1e6);
  read_double(n, "io_pj_per_bit", e.io_pj_per_bit, 0.0, 1e6);
  read_double(n, "activate_nj", e.activate_nj, 0.0, 1e6);
  read_double(n, "background_mw_per_channel", e.background_mw_per_channel, 0.0, 1e6);
}

// The node of a dotted key under hardware.dram ("timings.tRAS"), or hardware.dram itself.
ConfigNode node_of(const ConfigNode& dram, const std::string& key) {
  ConfigNode at = dram;
  size_t start = 0;
  for (;;) {
    const size_t dot = key.find('.', start);
    const auto child = at.optional_child(key.substr(start, dot == std::string::npos ? dot : dot - start));
    if (!child) return dram;
    at = *child;
    if (dot == std::string::npos) return at;
    start = dot + 1;
  }
}

DramConfig technology_defaults(const ConfigNode& tech) {
  const std::string name = tech.as_choice(dram_technology_names());
  return dram_technology(name).defaults;
}

}  // namespace

DramConfig parse_dram(const std::optional<ConfigNode>& node) {
  if (!node) {
    DramConfig d = dram_technology("lpddr5").defaults;
    d.model = kDefaultModel;
    return d;
  }
  const ConfigNode& n = *node;
  n.expect_keys({"technology", "model", "page_policy", "bandwidth_gbps", "latency_ns", "burst_bytes",
                 "organization", "timings", "energy"});
  const auto tech = n.optional_child("technology");
  DramConfig d = tech ? technology_defaults(*tech) : dram_technology("lpddr5").defaults;
  d.model = kDefaultModel;
  if (auto c = n.optional_child("model"))
    d.model = c->as_choice({"simple", "bank"}) == "simple" ? DramModel::Simple : DramModel::Bank;
  if (auto c = n.optional_child("page_policy"))
    d.page_policy = c->as_choice({"open", "closed"}) == "open" ? PagePolicy::Open : PagePolicy::Closed;
  if (auto c = n.optional_child("organization")) parse_organization(*c, d.organization);
  if (auto c = n.optional_child("timings")) parse_timings(*c, d.timings);
  if (auto c = n.optional_child("energy")) parse_energy(*c, d.energy);
  // The peak follows the organisation unless the config states it.
  const DramOrganization& o = d.organization;
  d.bandwidth_gbps = o.data_rate_mtps * 1e6 * (o.channel_bits / 8.0) * o.channels / 1e9;
  if (auto c = n.optional_child("bandwidth_gbps")) d.bandwidth_gbps = c->as_positive_double();
  if (auto c = n.optional_child("latency_ns")) d.latency_ns = c->as_double(0.0, 1e6);
  if (auto c = n.optional_child("burst_bytes")) d.burst_bytes = static_cast<int>(c->as_int(1, 4096));
  if (auto p = dram_config_problem(d)) node_of(n, p->key).fail(p->message);
  return d;
}

}  // namespace mixsim::sim
