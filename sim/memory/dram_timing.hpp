#pragma once
// DramTiming: when a DRAM request's data is complete, for the cycle model. With
// hardware.dram.model: simple it is the DramChannel arithmetic (queueing behind earlier requests +
// transfer + latency); with model: bank the request's bursts go through BankDram (banks, rows,
// JEDEC timings, refresh) at its byte address, plus the fixed controller/interconnect latency that
// makes an idle row-miss read take latency_ns in both models. Plain C++ (no SystemC): the SystemC
// Dram target wraps it, and the RTL top's Verilator harness (rtl/harness/top/) drives the same
// object, so the RTL and the cycle model see one DRAM. Times are cycles since the job began.
#include <cstdint>
#include <memory>

#include "sim/config/hardware_config.hpp"
#include "sim/energy/event_counters.hpp"
#include "sim/memory/dram_calibration.hpp"
#include "sim/memory/dram_channel.hpp"
#include "sim/memory/impl/bank_dram.hpp"

namespace mixsim::sim {

class DramTiming {
 public:
  // calibration: calibrate_streaming(dram) when the caller has it (the channel then runs at the
  // bank model's streaming efficiency), else nullptr (peak rate).
  DramTiming(const DramConfig& dram, double clock_ghz, const DramCalibration* calibration);

  // A request issued at cycle `now`: returns the cycle its data is complete. Bank-model events
  // (activations, row hits/conflicts, refreshes) are added to `counters` when given.
  int64_t complete(int64_t now, uint64_t addr, int64_t bytes, bool is_write, EventCounters* counters);
  // The cycle the request's transfer starts, as the DMA places data arrivals inside it: the
  // bank model can finish a request faster than the channel's average rate (an idle stretch
  // with no refresh), which would put the start before the issue, so it is clamped to `now`.
  int64_t transfer_start(int64_t now, int64_t done, int64_t bytes) const;
  const DramChannel& channel() const { return channel_; }

 private:
  double clock_ghz_;
  DramChannel channel_;
  std::unique_ptr<BankDram> banks_;  // model: bank only
  int64_t path_latency_cycles_ = 0;  // latency_ns minus the idle DRAM read time, in cycles
};

}  // namespace mixsim::sim
