#pragma once
// DramChannel: the timing arithmetic of one DRAM channel, shared by the Dram TLM target (cycle
// mode) and the fast model. A request of B bytes is rounded up to whole bursts, occupies the
// channel for ceil(bursts * burst_bytes / bytes_per_cycle) cycles starting when the channel is
// free, and its data is complete `latency` cycles after its transfer ends (latency pipelined:
// the next request's transfer can start while this one's latency elapses).
//
// With hardware.dram.model: bank, bytes_per_cycle is the peak times the bank model's streaming
// efficiency (dram_calibration.hpp), so fast mode sustains what the bank model sustains on a
// stream; with model: simple it is the peak.
#include <cmath>
#include <cstdint>

#include "sim/config/hardware_config.hpp"

namespace mixsim::sim {

class DramChannel {
 public:
  DramChannel(const DramConfig& dram, double clock_ghz);
  // With the streaming efficiency already calibrated for `dram` (bank model) or 1.0 (simple):
  // the calibration streams thousands of requests through the bank model, so callers that build
  // many channels for one DramConfig (the mapper, fast mode) calibrate once and pass it here.
  DramChannel(const DramConfig& dram, double clock_ghz, double streaming_efficiency);

  int64_t bursts(int64_t bytes) const { return (bytes + burst_ - 1) / burst_; }
  // Channel occupancy of the first `bytes` of a request (prefix arrival inside a batch).
  int64_t transfer_cycles(int64_t bytes) const {
    if (bytes <= 0) return 0;
    return static_cast<int64_t>(
        std::ceil(static_cast<double>(bursts(bytes) * burst_) / bytes_per_cycle_ - 1e-9));
  }
  int64_t latency() const { return latency_; }
  // Fraction of the peak bandwidth this channel sustains (1 for the simple model).
  double efficiency() const { return efficiency_; }

  // Registers a request at cycle `now`; returns the cycle its transfer starts.
  int64_t request(int64_t now, int64_t bytes) {
    const int64_t start = now > busy_until_ ? now : busy_until_;
    busy_until_ = start + transfer_cycles(bytes);
    return start;
  }
  void reset() { busy_until_ = 0; }
  void reset_to(int64_t t) { busy_until_ = t; }

 private:
  double efficiency_ = 1.0;
  double bytes_per_cycle_;
  int64_t latency_;
  int64_t burst_;
  int64_t busy_until_ = 0;
};

}  // namespace mixsim::sim
