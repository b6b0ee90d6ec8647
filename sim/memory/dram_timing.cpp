#include "sim/memory/dram_timing.hpp"

#include <algorithm>
#include <cmath>

namespace mixsim::sim {
namespace {

DramChannel make_channel(const DramConfig& dram, double ghz, const DramCalibration* calibration) {
  return calibration ? DramChannel(dram, ghz, calibration->streaming_efficiency) : DramChannel(dram, ghz);
}

}  // namespace

DramTiming::DramTiming(const DramConfig& dram, double clock_ghz, const DramCalibration* calibration)
    : clock_ghz_(clock_ghz), channel_(make_channel(dram, clock_ghz, calibration)) {
  if (dram.model == DramModel::Bank) {
    banks_ = std::make_unique<BankDram>(dram);
    const double extra_ns = std::max(0.0, dram.latency_ns - banks_->idle_read_ps() / 1000.0);
    path_latency_cycles_ = static_cast<int64_t>(std::ceil(extra_ns * clock_ghz - 1e-9));
  }
}

int64_t DramTiming::complete(int64_t now, uint64_t addr, int64_t bytes, bool is_write,
                             EventCounters* counters) {
  if (!banks_) {
    const int64_t start = channel_.request(now, bytes);
    return start + channel_.transfer_cycles(bytes) + channel_.latency();
  }
  // Bank time starts at the job's first cycle (a fresh, idle, refreshed DRAM per job).
  const BankDramStats before = banks_->stats();
  const int64_t arrival_ps = std::llround(static_cast<double>(now) * 1000.0 / clock_ghz_);
  const DramAccess a = banks_->access(arrival_ps, addr, bytes, is_write);
  if (counters) {
    const BankDramStats& after = banks_->stats();
    counters->add("dram.activations", after.activations - before.activations);
    counters->add("dram.row_hits", after.row_hits - before.row_hits);
    counters->add("dram.row_conflicts", after.row_conflicts - before.row_conflicts);
    counters->add("dram.refreshes", after.refreshes - before.refreshes);
  }
  const int64_t end =
      static_cast<int64_t>(std::ceil(static_cast<double>(a.last_data_ps) * clock_ghz_ / 1000.0 - 1e-9));
  return end + path_latency_cycles_;
}

int64_t DramTiming::transfer_start(int64_t now, int64_t done, int64_t bytes) const {
  return std::max(now, done - channel_.latency() - channel_.transfer_cycles(bytes));
}

}  // namespace mixsim::sim
