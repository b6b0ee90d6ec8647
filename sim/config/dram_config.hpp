#pragma once
// The off-chip memory as plain values: which technology, which timing model, its organisation,
// JEDEC timings and energies. Defaults per technology live in sim/memory/dram_technology.cpp
// (each value cites its source); sim/config/config_dram.cpp applies a config's overrides.
// The C++ defaults (what code that builds a HardwareConfig by hand gets) are the LPDDR5 entry with
// the simple channel model and the pre-technology channel figures (64 GB/s, 64-byte bursts) that
// the timing tests are written against; a config file gets the technology table's values.
#include <cstdint>
#include <string>

namespace mixsim::sim {

// simple: one channel with peak bandwidth, first-byte latency and burst size (DramChannel).
// bank: channels, ranks, bank groups, banks, row buffers and JEDEC timing rules (BankDram).
enum class DramModel { Simple, Bank };
// open: a row stays open after an access (row hits are cheap); closed: every access precharges.
enum class PagePolicy { Open, Closed };

// Timings in nanoseconds, JEDEC names. t_burst is derived: burst_bytes / bandwidth per channel.
struct DramTimings {
  double tCK = 1.25;    // command clock period
  double tRCD = 18.0;   // ACT -> column command, same bank
  double tRP = 18.0;    // PRE -> ACT, same bank
  double tCL = 25.0;    // read column command -> first data (tRL)
  double tCWL = 13.75;  // write column command -> first data (tWL)
  double tRAS = 42.0;   // ACT -> PRE, same bank
  double tWR = 34.0;    // end of write data -> PRE, same bank (write recovery)
  double tFAW = 20.0;   // window holding at most four ACTs, same rank
  double tRRD_S = 5.0;  // ACT -> ACT, different bank group
  double tRRD_L = 5.0;  // ACT -> ACT, same bank group
  double tCCD_S = 2.5;  // column -> column, different bank group
  double tCCD_L = 5.0;  // column -> column, same bank group
  double tWTR_S = 6.25; // end of write data -> read command, different bank group
  double tWTR_L = 12.5; // end of write data -> read command, same bank group
  double tRTW = 15.0;   // read command -> write command (bus turnaround), same rank
  double tRFC = 280.0;  // all-bank refresh duration
  double tREFI = 3906.0;// average refresh interval
  double tRTP = 7.5;    // read column command -> PRE, same bank
};

struct DramOrganization {
  int channels = 4;            // independent channels (each its own data bus)
  int channel_bits = 16;       // data bus width of one channel
  double data_rate_mtps = 6400;// transfers per second per pin, millions
  int ranks = 1;               // ranks per channel
  int bank_groups = 4;         // bank groups per rank
  int banks_per_group = 4;     // banks per bank group
  int64_t row_bytes = 2048;    // row (page) size of one bank as the channel sees it
};

// Energy of the DRAM devices and their interface (not of the accelerator's controller).
struct DramEnergy {
  double read_pj_per_bit = 2.5;       // array -> pins, per bit read (excluding I/O and ACT)
  double write_pj_per_bit = 2.5;      // pins -> array, per bit written
  double io_pj_per_bit = 1.5;         // driving one bit across the channel (either direction)
  double activate_nj = 1.7;           // one ACT + its PRE, one bank of one channel
  double background_mw_per_channel = 20.0;  // standby + refresh power of one channel
};

struct DramConfig {
  std::string technology = "lpddr5";  // ddr4 | ddr5 | lpddr5 | hbm2e | hbm3
  DramModel model = DramModel::Simple;
  PagePolicy page_policy = PagePolicy::Open;
  double bandwidth_gbps = 64.0;  // peak over all channels, GB/s (1e9 bytes per second)
  double latency_ns = 100.0;     // first-byte latency of an idle request (both models)
  int burst_bytes = 64;          // one column access of one channel (bus bits / 8 x BL)
  DramOrganization organization;
  DramTimings timings;
  DramEnergy energy;
};

}  // namespace mixsim::sim
