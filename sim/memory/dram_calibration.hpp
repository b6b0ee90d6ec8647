#pragma once
// What the bank model predicts for a long streaming read, in the two numbers the simple channel
// can use: the fraction of peak bandwidth it sustains and the activations it costs per byte.
// Fast mode (and cycle mode's per-tile arrival arithmetic) runs the simple channel at
// peak x streaming_efficiency when hardware.dram.model is bank; the energy model charges
// activations_per_byte x bytes where no bank model counted them (docs/MEMORY.md). For LPDDR5
// the efficiency (0.914) is within 3% of the ~90% sequential-read controller efficiency Intel
// publishes for a 2ch x16 LPDDR5 interface (Agilex 5 known-issue list, ID 849494).
#include <cstdint>

#include "sim/config/dram_config.hpp"

namespace mixsim::sim {

struct DramCalibration {
  double streaming_efficiency = 1.0;  // sustained / peak bandwidth, in (0, 1]
  double activations_per_byte = 0.0;
  int64_t bytes = 0;                  // bytes the calibration streamed (one channel)
};

// Streams reads through ONE channel of `config` (the address map rotates channels burst by
// burst, so every channel sees the same sequence) in 4 KiB requests all queued at time 0, for
// kCalibrationRefreshes refresh intervals at the channel's peak rate, so refresh is weighted
// as in a long run (at least 16 and at most 4096 requests).
DramCalibration calibrate_streaming(const DramConfig& config);
inline constexpr int kCalibrationRefreshes = 16;
inline constexpr int64_t kCalibrationRequestBytes = 4096;

}  // namespace mixsim::sim
