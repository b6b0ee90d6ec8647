#include "sim/memory/dram_technology.hpp"

#include <stdexcept>

namespace mixsim::sim {
namespace {

// Peak bandwidth of all channels, GB/s: data rate (MT/s) x bus bytes x channels.
double peak_gbps(const DramOrganization& o) {
  return o.data_rate_mtps * 1e6 * (o.channel_bits / 8.0) * o.channels / 1e9;
}

DramTechnology finish(DramTechnology t) {
  t.defaults.technology = t.name;
  t.defaults.bandwidth_gbps = peak_gbps(t.defaults.organization);
  return t;
}

// DDR4-2666V (19-19-19), one 64-bit channel of x16 8 Gb devices (4 per rank), two channels.
DramTechnology ddr4() {
  DramTechnology t;
  t.name = "ddr4";
  t.description = "DDR4-2666V (CL19), 2 x 64-bit channels, 1 rank of 4 x16 8 Gb devices";
  DramConfig& d = t.defaults;
  d.organization = {2, 64, 2666, 1, 2, 4, 8192};  // x16: 2 bank groups x 4 banks, 2 KiB page x 4
  d.burst_bytes = 64;                              // BL8 x 64 bits
  d.latency_ns = 75;
  //                tCK   tRCD   tRP    tCL    tCWL  tRAS tWR tFAW tRRD_S tRRD_L tCCD_S tCCD_L
  d.timings = {0.75, 14.25, 14.25, 14.25, 10.5, 32, 15, 30, 5.3, 6.4, 3.0, 5.25,
               //  tWTR_S tWTR_L tRTW  tRFC tREFI
               2.5, 7.5, 8.25, 350, 7800};
  // Module IDD limits at DDR4-2666, VDD = 1.2 V (Micron MTA4ATF51264AZ, 4 x MT40A512M16):
  // IDD0 340, IDD2N 140, IDD3N 200, IDD4R 1052, IDD4W 976, IDD5B 1120 mA; peak 170.6 Gb/s.
  //   read  = (IDD4R - IDD3N) VDD / 170.6 Gb/s            = 5.99 pJ/bit
  //   write = (IDD4W - IDD3N) VDD / 170.6 Gb/s            = 5.46 pJ/bit
  //   ACT   = VDD (IDD0 tRC - IDD3N tRAS - IDD2N tRP)     = 8.80 nJ (tRC 46.25, tRAS 32, tRP 14.25)
  //   background = IDD3N VDD + (IDD5B - IDD3N) VDD tRFC / tREFI = 240 + 49.5 = 289.5 mW
  d.energy = {5.99, 5.46, 5.0, 8.80, 289.5};
  t.timing_source = "JEDEC JESD79-4B DDR4-2666V speed bin (tRRD/tFAW for 2 KiB pages, tRFC for 8 Gb)";
  t.energy_source = "Micron MTA4ATF51264AZ DDR4 UDIMM datasheet IDD limits (Micron TN-40-07 method); "
                    "io_pj_per_bit is an estimate (IDD excludes I/O)";
  return finish(t);
}

// DDR5-4800B (40-39-39), one 32-bit sub-channel of four x8 16 Gb devices; one DIMM = 2 channels.
DramTechnology ddr5() {
  DramTechnology t;
  t.name = "ddr5";
  t.description = "DDR5-4800B (CL40), 2 x 32-bit sub-channels, 1 rank of 4 x8 16 Gb devices";
  DramConfig& d = t.defaults;
  d.organization = {2, 32, 4800, 1, 8, 4, 4096};  // 8 bank groups x 4 banks, 1 KiB page x 4
  d.burst_bytes = 64;                             // BL16 x 32 bits
  d.latency_ns = 85;
  d.timings = {0.416, 16.25, 16.25, 16.67, 15.83, 32, 30, 13.33, 3.33, 5.0, 3.33, 5.0,
               2.5, 10.0, 5.0, 295, 3900};
  // Scaled from the DDR4 entry: core energies x (1.1 V / 1.2 V)^2 = 0.84; ACT for a 4 KiB row
  // (half the DDR4 row) and background for 4 devices of half the channel width.
  d.energy = {5.03, 4.59, 4.0, 3.70, 122.0};
  t.timing_source = "JEDEC JESD79-5 DDR5-4800B speed bin (x8, 16 Gb tRFC1)";
  t.energy_source = "estimate: the DDR4 entry scaled by VDD^2 and row/channel width";
  return finish(t);
}

// LPDDR5-6400, x16 channels in bank-group mode; a 64-bit bus = 4 channels (the default config).
DramTechnology lpddr5() {
  DramTechnology t;
  t.name = "lpddr5";
  t.description = "LPDDR5-6400, 4 x16 channels (64-bit bus), bank-group mode, 16 Gb dies";
  DramConfig& d = t.defaults;
  d.organization = {4, 16, 6400, 1, 4, 4, 2048};  // 4 bank groups x 4 banks, 2 KiB page
  d.burst_bytes = 32;                             // BL16 x 16 bits
  d.latency_ns = 100;
  d.timings = {1.25, 18, 18, 25, 13.75, 42, 34, 20, 5, 5, 2.5, 5, 6.25, 12.5, 15, 280, 3906};
  d.energy = {2.5, 2.5, 1.5, 1.7, 20.0};
  t.timing_source = "JEDEC JESD209-5 LPDDR5-6400 (tCK 1.25 ns: RL 20, WL 11, tRCD/tRPpb 18 ns, "
                    "tRAS 42 ns, tFAW 20 ns, tRFCab 280 ns for 16 Gb)";
  t.energy_source = "estimate: ~4.5 pJ/bit streamed, the low-power class of O'Connor et al. "
                    "(MICRO 2017) and Li, Reddy, Jacob (MEMSYS 2018); ACT = the DDR4 per-device "
                    "2 KiB ACT x (1.05 V / 1.2 V)^2";
  return finish(t);
}

// HBM2E at 3.2 Gb/s per pin, one stack: 8 channels x 2 pseudo-channels of 64 bits.
DramTechnology hbm2e() {
  DramTechnology t;
  t.name = "hbm2e";
  t.description = "HBM2E 3.2 Gb/s, one stack = 16 pseudo-channels x 64 bits";
  DramConfig& d = t.defaults;
  d.organization = {16, 64, 3200, 1, 4, 4, 1024};  // per pseudo-channel: 4 x 4 banks, 1 KiB row
  d.burst_bytes = 32;                              // BL4 x 64 bits
  d.latency_ns = 110;
  d.timings = {0.625, 14, 14, 14, 5, 33, 16, 16, 4, 6, 1.25, 2.5, 4, 8, 10, 350, 3900};
  d.energy = {2.4, 2.4, 0.8, 1.0, 30.0};
  t.timing_source = "JEDEC JESD235 HBM2 core timings (ns) kept for the 3.2 Gb/s HBM2E bin; "
                    "tCCD from BL4 at 3.2 Gb/s";
  t.energy_source = "O'Connor et al., MICRO 2017: HBM2 ~3.9 pJ/bit; the split into data movement, "
                    "I/O, ACT and background is this table's estimate";
  return finish(t);
}

// HBM3 at 6.4 Gb/s per pin, one stack: 16 channels x 2 pseudo-channels of 32 bits.
DramTechnology hbm3() {
  DramTechnology t;
  t.name = "hbm3";
  t.description = "HBM3 6.4 Gb/s, one stack = 32 pseudo-channels x 32 bits";
  DramConfig& d = t.defaults;
  d.organization = {32, 32, 6400, 1, 4, 4, 1024};  // per pseudo-channel: 4 x 4 banks, 1 KiB row
  d.burst_bytes = 32;                              // BL8 x 32 bits
  d.latency_ns = 110;
  d.timings = {0.625, 19.375, 16.25, 12.5, 6.25, 28.125, 20.625, 15, 2.5, 3.125, 1.25, 2.5,
               4.375, 6.25, 12.5, 350, 3900, 5.625};
  d.energy = {2.0, 2.0, 0.5, 0.9, 25.0};
  t.timing_source = "JEDEC JESD238 HBM3 6.4 Gb/s (tCK 0.625 ns: RL 20, WL 10, tRCDRD 31, tRP 26, "
                    "tRAS 45, tRTP 9, tFAW 24, tCCD_S/L 2/4 nCK, as tabulated by Ramulator 2); "
                    "tRFC an estimate";
  t.energy_source = "estimate: the HBM2E entry lowered for HBM3's 0.4 V I/O and smaller core voltage";
  return finish(t);
}

const std::vector<DramTechnology>& table() {
  static const std::vector<DramTechnology> techs = {ddr4(), ddr5(), lpddr5(), hbm2e(), hbm3()};
  return techs;
}

}  // namespace

std::vector<std::string> dram_technology_names() {
  std::vector<std::string> names;
  for (const auto& t : table()) names.push_back(t.name);
  return names;
}

const DramTechnology& dram_technology(const std::string& name) {
  for (const auto& t : table())
    if (t.name == name) return t;
  std::string allowed;
  for (const auto& n : dram_technology_names()) allowed += (allowed.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown DRAM technology '" + name + "'; allowed: " + allowed);
}

}  // namespace mixsim::sim
