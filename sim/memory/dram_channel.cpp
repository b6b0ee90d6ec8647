#include "sim/memory/dram_channel.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/memory/dram_calibration.hpp"

namespace mixsim::sim {
namespace {

const DramConfig& checked(const DramConfig& dram, double clock_ghz) {
  if (!(dram.bandwidth_gbps > 0.0))
    throw std::invalid_argument("hardware.dram.bandwidth_gbps must be > 0, got " +
                                std::to_string(dram.bandwidth_gbps));
  if (!(clock_ghz > 0.0))
    throw std::invalid_argument("hardware.clock_ghz must be > 0, got " + std::to_string(clock_ghz));
  if (dram.burst_bytes <= 0) throw std::invalid_argument("hardware.dram.burst_bytes must be > 0");
  if (dram.latency_ns < 0.0) throw std::invalid_argument("hardware.dram.latency_ns must be >= 0");
  return dram;
}

}  // namespace

DramChannel::DramChannel(const DramConfig& dram, double clock_ghz)
    : DramChannel(dram, clock_ghz,
                  checked(dram, clock_ghz).model == DramModel::Bank
                      ? calibrate_streaming(dram).streaming_efficiency
                      : 1.0) {}

DramChannel::DramChannel(const DramConfig& dram, double clock_ghz, double streaming_efficiency)
    : efficiency_(checked(dram, clock_ghz).model == DramModel::Bank ? streaming_efficiency : 1.0),
      bytes_per_cycle_(dram.bandwidth_gbps * efficiency_ / clock_ghz),
      latency_(static_cast<int64_t>(std::ceil(dram.latency_ns * clock_ghz - 1e-9))),
      burst_(dram.burst_bytes) {}

}  // namespace mixsim::sim
