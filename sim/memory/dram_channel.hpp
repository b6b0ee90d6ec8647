#pragma once
// DramChannel: the timing arithmetic of one DRAM channel, shared by the Dram TLM target (cycle
// mode) and the fast model. A request of B bytes is rounded up to whole bursts, occupies the
// channel for ceil(bursts * burst_bytes / bytes_per_cycle) cycles starting when the channel is
// free, and its data is complete `latency` cycles after its transfer ends (latency pipelined:
// the next request's transfer can start while this one's latency elapses).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "sim/config/hardware_config.hpp"

namespace mixsim::sim {

class DramChannel {
 public:
  DramChannel(const DramConfig& dram, double clock_ghz)
      : bytes_per_cycle_(dram.bandwidth_gbps / clock_ghz),
        latency_(static_cast<int64_t>(std::ceil(dram.latency_ns * clock_ghz - 1e-9))),
        burst_(dram.burst_bytes) {
    if (!(dram.bandwidth_gbps > 0.0))
      throw std::invalid_argument("hardware.dram.bandwidth_gbps must be > 0, got " +
                                  std::to_string(dram.bandwidth_gbps));
    if (!(clock_ghz > 0.0))
      throw std::invalid_argument("hardware.clock_ghz must be > 0, got " + std::to_string(clock_ghz));
    if (dram.burst_bytes <= 0)
      throw std::invalid_argument("hardware.dram.burst_bytes must be > 0");
    if (dram.latency_ns < 0.0) throw std::invalid_argument("hardware.dram.latency_ns must be >= 0");
  }

  int64_t bursts(int64_t bytes) const { return (bytes + burst_ - 1) / burst_; }
  // Channel occupancy of the first `bytes` of a request (prefix arrival inside a batch).
  int64_t transfer_cycles(int64_t bytes) const {
    if (bytes <= 0) return 0;
    return static_cast<int64_t>(
        std::ceil(static_cast<double>(bursts(bytes) * burst_) / bytes_per_cycle_ - 1e-9));
  }
  int64_t latency() const { return latency_; }

  // Registers a request at cycle `now`; returns the cycle its transfer starts.
  int64_t request(int64_t now, int64_t bytes) {
    const int64_t start = std::max(now, busy_until_);
    busy_until_ = start + transfer_cycles(bytes);
    return start;
  }
  void reset() { busy_until_ = 0; }
  void reset_to(int64_t t) { busy_until_ = t; }

 private:
  double bytes_per_cycle_;
  int64_t latency_;
  int64_t burst_;
  int64_t busy_until_ = 0;
};

}  // namespace mixsim::sim
