#include "sim/memory/impl/bank_dram.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/memory/dram_checks.hpp"

namespace mixsim::sim {
namespace {

int64_t ps(double ns) { return std::llround(ns * 1000.0); }

const DramConfig& checked(const DramConfig& c) {
  if (auto p = dram_config_problem(c))
    throw std::invalid_argument("hardware.dram." + p->key + ": " + p->message);
  return c;
}

}  // namespace

BankDram::BankDram(const DramConfig& config)
    : org_(checked(config).organization), policy_(config.page_policy),
      burst_bytes_(config.burst_bytes), columns_(config.organization.row_bytes / config.burst_bytes) {
  const DramTimings& d = config.timings;
  // One burst occupies its channel's data bus for burst_bytes at the channel's share of the peak
  // bandwidth. A bandwidth_gbps that overrides the organisation's data rate acts as a faster
  // (or slower) data rate: the bus-bound column spacings tCCD_S / tCCD_L scale with the burst
  // time; the core timings (ns) stay.
  const double channel_gbps = config.bandwidth_gbps / org_.channels;
  const int64_t burst = std::max<int64_t>(1, std::llround(burst_bytes_ / channel_gbps * 1000.0));
  const double nominal_gbps = org_.data_rate_mtps * 1e6 * (org_.channel_bits / 8.0) / 1e9;
  const double rate_scale = nominal_gbps / channel_gbps;  // 0.5 = twice the data rate
  const auto ccd = [&](double ns) {
    return std::max<int64_t>(burst, std::llround(ns * 1000.0 * rate_scale));
  };
  t_ = {ps(d.tRCD), ps(d.tRP), ps(d.tCL), ps(d.tCWL), ps(d.tRAS), ps(d.tWR), ps(d.tFAW),
        ps(d.tRRD_S), ps(d.tRRD_L), ccd(d.tCCD_S), ccd(d.tCCD_L),
        ps(d.tWTR_S), ps(d.tWTR_L), ps(d.tRTW), ps(d.tRFC), ps(d.tREFI), ps(d.tRTP), burst};
  const size_t nranks = static_cast<size_t>(org_.channels) * org_.ranks;
  channels_.resize(static_cast<size_t>(org_.channels));
  ranks_.resize(nranks);
  groups_.resize(nranks * org_.bank_groups);
  banks_.resize(groups_.size() * org_.banks_per_group);
  for (Rank& r : ranks_) r.next_refresh = t_.refi;
}

size_t BankDram::rank_index(int channel, int rank) const {
  return static_cast<size_t>(channel) * org_.ranks + rank;
}
size_t BankDram::group_index(int channel, int rank, int group) const {
  return rank_index(channel, rank) * org_.bank_groups + group;
}
size_t BankDram::bank_index(int channel, int rank, int group, int bank) const {
  return group_index(channel, rank, group) * org_.banks_per_group + bank;
}

DramLocation BankDram::locate(uint64_t addr) const {
  uint64_t b = addr / static_cast<uint64_t>(burst_bytes_);
  DramLocation l;
  auto take = [&b](uint64_t n) {
    const uint64_t v = b % n;
    b /= n;
    return v;
  };
  l.channel = static_cast<int>(take(org_.channels));
  l.bank_group = static_cast<int>(take(org_.bank_groups));
  l.column = static_cast<int64_t>(take(static_cast<uint64_t>(columns_)));
  l.bank = static_cast<int>(take(org_.banks_per_group));
  l.rank = static_cast<int>(take(org_.ranks));
  l.row = static_cast<int64_t>(b);
  return l;
}

uint64_t BankDram::address_of(const DramLocation& w) const {
  uint64_t b = static_cast<uint64_t>(w.row);
  b = b * org_.ranks + w.rank;
  b = b * org_.banks_per_group + w.bank;
  b = b * static_cast<uint64_t>(columns_) + static_cast<uint64_t>(w.column);
  b = b * org_.bank_groups + w.bank_group;
  b = b * org_.channels + w.channel;
  return b * static_cast<uint64_t>(burst_bytes_);
}

DramAccess BankDram::access(int64_t arrival_ps, uint64_t addr, int64_t bytes, bool is_write) {
  DramAccess a{arrival_ps, arrival_ps};
  if (bytes <= 0) return a;
  const uint64_t first = addr / burst_bytes_, last = (addr + bytes - 1) / burst_bytes_;
  for (uint64_t b = first; b <= last; ++b) {
    const int64_t end = burst(arrival_ps, locate(b * burst_bytes_), is_write);
    if (b == first) a.first_data_ps = end - t_.burst;
    a.last_data_ps = std::max(a.last_data_ps, end);
  }
  return a;
}

int64_t BankDram::precharge_time(const Bank& bank, int64_t t) const {
  return std::max({t, bank.act + t_.ras, bank.write_end + t_.wr, bank.last_read_col + t_.rtp});
}

// All-bank refresh of one rank for every tREFI that has elapsed by `t`: precharge the open
// banks, hold the rank for tRFC.
void BankDram::refresh_until(int channel, int rank_id, int64_t t) {
  Rank& rank = ranks_[rank_index(channel, rank_id)];
  while (rank.next_refresh <= t) {
    int64_t start = std::max(rank.next_refresh, rank.refresh_end);
    for (int g = 0; g < org_.bank_groups; ++g)
      for (int b = 0; b < org_.banks_per_group; ++b) {
        Bank& bank = banks_[bank_index(channel, rank_id, g, b)];
        if (bank.open_row >= 0) start = std::max(start, precharge_time(bank, rank.next_refresh) + t_.rp);
        start = std::max(start, bank.act_ready);
      }
    rank.refresh_end = start + t_.rfc;
    for (int g = 0; g < org_.bank_groups; ++g)
      for (int b = 0; b < org_.banks_per_group; ++b) {
        Bank& bank = banks_[bank_index(channel, rank_id, g, b)];
        bank.open_row = -1;
        bank.act_ready = rank.refresh_end;
      }
    rank.next_refresh += t_.refi;
    ++stats_.refreshes;
  }
}

int64_t BankDram::activate(Rank& rank, BankGroup& group, Bank& bank, int64_t t, int64_t row) {
  const int64_t oldest = rank.faw[static_cast<size_t>(rank.faw_next)];
  const int64_t act = std::max({t, bank.act_ready, rank.last_act + t_.rrd_s, group.last_act + t_.rrd_l,
                                oldest + t_.faw, rank.refresh_end});
  rank.faw[static_cast<size_t>(rank.faw_next)] = act;
  rank.faw_next = (rank.faw_next + 1) % 4;
  rank.last_act = group.last_act = bank.act = act;
  bank.open_row = row;
  bank.col_ready = act + t_.rcd;
  ++stats_.activations;
  return act;
}

// Schedules one burst; returns the end of its data on the bus.
int64_t BankDram::burst(int64_t arrival, const DramLocation& w, bool is_write) {
  Channel& channel = channels_[static_cast<size_t>(w.channel)];
  refresh_until(w.channel, w.rank, std::max(arrival, channel.bus_free));
  Rank& rank = ranks_[rank_index(w.channel, w.rank)];
  BankGroup& group = groups_[group_index(w.channel, w.rank, w.bank_group)];
  Bank& bank = banks_[bank_index(w.channel, w.rank, w.bank_group, w.bank)];

  if (bank.open_row == w.row) {
    ++stats_.row_hits;
  } else {
    if (bank.open_row >= 0) {
      ++stats_.row_conflicts;
      bank.act_ready = std::max(bank.act_ready, precharge_time(bank, arrival) + t_.rp);
    } else {
      ++stats_.row_misses;
    }
    activate(rank, group, bank, arrival, w.row);
  }

  const int64_t latency = is_write ? t_.cwl : t_.cl;
  int64_t col = std::max({arrival, bank.col_ready, rank.last_col + t_.ccd_s, group.last_col + t_.ccd_l,
                          rank.refresh_end, channel.bus_free - latency});
  if (is_write)
    col = std::max(col, rank.last_read_col + t_.rtw);
  else
    col = std::max({col, rank.write_end + t_.wtr_s, group.write_end + t_.wtr_l});
  const int64_t data_end = col + latency + t_.burst;
  channel.bus_free = data_end;
  rank.last_col = group.last_col = col;
  if (is_write) {
    rank.write_end = group.write_end = bank.write_end = data_end;
    ++stats_.write_bursts;
  } else {
    rank.last_read_col = bank.last_read_col = col;
    ++stats_.read_bursts;
  }
  if (policy_ == PagePolicy::Closed) {  // auto-precharge
    bank.act_ready = precharge_time(bank, col) + t_.rp;
    bank.open_row = -1;
  }
  return data_end;
}

}  // namespace mixsim::sim
