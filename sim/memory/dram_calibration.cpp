#include "sim/memory/dram_calibration.hpp"

#include <algorithm>
#include <cmath>

#include "sim/memory/impl/bank_dram.hpp"

namespace mixsim::sim {

DramCalibration calibrate_streaming(const DramConfig& config) {
  DramConfig one = config;
  one.organization.channels = 1;
  one.bandwidth_gbps = config.bandwidth_gbps / config.organization.channels;
  // Bytes the channel moves at peak in kCalibrationRefreshes x tREFI, in whole requests.
  const double window_bytes = one.bandwidth_gbps * config.timings.tREFI * kCalibrationRefreshes;
  const int64_t requests = std::clamp<int64_t>(
      static_cast<int64_t>(std::ceil(window_bytes / kCalibrationRequestBytes)), 16, 4096);
  BankDram dram(one);
  DramAccess last;
  int64_t first_data = -1;
  for (int64_t i = 0; i < requests; ++i) {
    const auto addr = static_cast<uint64_t>(i * kCalibrationRequestBytes);
    last = dram.access(0, addr, kCalibrationRequestBytes, false);
    if (first_data < 0) first_data = last.first_data_ps;
  }
  DramCalibration c;
  c.bytes = requests * kCalibrationRequestBytes;
  // Peak time of the same bytes, from the first data beat: efficiency excludes the idle latency.
  const double peak_ps = static_cast<double>(c.bytes) / one.bandwidth_gbps * 1000.0;
  c.streaming_efficiency = std::min(1.0, peak_ps / static_cast<double>(last.last_data_ps - first_data));
  c.activations_per_byte = static_cast<double>(dram.stats().activations) / static_cast<double>(c.bytes);
  return c;
}

}  // namespace mixsim::sim
