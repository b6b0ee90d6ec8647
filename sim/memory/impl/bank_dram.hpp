#pragma once
// BankDram: a bank-level DRAM timing model (Ramulator/DRAMsim style, simplified to what a DMA
// engine's in-order request stream needs). Channels, ranks, bank groups and banks with row
// buffers; open or closed page; the JEDEC rules tRCD, tRP, tRAS, tCL/tCWL, tRRD_S/L, tFAW,
// tCCD_S/L, tWTR_S/L, tRTW, tWR, tRTP; all-bank refresh every tREFI for tRFC.
//
// Scheduling: requests are served in arrival order and split into bursts in address order; each
// burst's column command is issued in order on its channel (data returns in order), while
// activates and precharges of other banks may be issued as early as their own rules allow (a
// controller that looks ahead through its queue). The request queue is unbounded, the command
// bus is not modelled (one command per cycle never binds for >= 32-byte bursts), and switching
// ranks on one data bus costs nothing beyond the bus occupancy.
//
// Address mapping (most to least significant): row : rank : bank : column : bank group :
// channel : byte-in-burst. Consecutive bursts rotate over channels, then bank groups (so a stream
// alternates bank groups and pays tCCD_S, not tCCD_L), then columns of one row; a stream
// therefore touches every row once (docs/MEMORY.md). Times are integer picoseconds.
#include <array>
#include <cstdint>
#include <vector>

#include "sim/config/dram_config.hpp"

namespace mixsim::sim {

struct DramLocation {
  int channel = 0, rank = 0, bank_group = 0, bank = 0;
  int64_t row = 0, column = 0;
};

struct BankDramStats {
  int64_t read_bursts = 0, write_bursts = 0;
  int64_t activations = 0;      // ACT commands (each pairs with one PRE)
  int64_t row_hits = 0;         // burst found its row open
  int64_t row_misses = 0;       // bank was closed (first touch, after refresh, closed page)
  int64_t row_conflicts = 0;    // another row was open: PRE then ACT
  int64_t refreshes = 0;        // all-bank REF commands, summed over ranks
};

struct DramAccess {
  int64_t first_data_ps = 0;  // first beat of the request's first burst on the bus
  int64_t last_data_ps = 0;   // end of the request's last beat
};

class BankDram {
 public:
  // Throws std::invalid_argument naming the hardware.dram key of an impossible configuration.
  explicit BankDram(const DramConfig& config);

  // A request of `bytes` at byte address `addr`, arriving at `arrival_ps`.
  DramAccess access(int64_t arrival_ps, uint64_t addr, int64_t bytes, bool is_write);

  DramLocation locate(uint64_t addr) const;
  uint64_t address_of(const DramLocation& where) const;  // inverse of locate (byte 0 of the burst)
  const BankDramStats& stats() const { return stats_; }
  int64_t burst_ps() const { return t_.burst; }
  int burst_bytes() const { return burst_bytes_; }
  // tRCD + tCL + one burst: an idle read's first-byte-to-last-beat time inside the DRAM.
  int64_t idle_read_ps() const { return t_.rcd + t_.cl + t_.burst; }

 private:
  struct Times {  // picoseconds
    int64_t rcd, rp, cl, cwl, ras, wr, faw, rrd_s, rrd_l, ccd_s, ccd_l, wtr_s, wtr_l, rtw, rfc,
        refi, rtp, burst;
  };
  static constexpr int64_t kNever = -(int64_t{1} << 60);
  struct Bank {
    int64_t open_row = -1;
    int64_t act = kNever;        // last ACT
    int64_t col_ready = 0;       // ACT + tRCD
    int64_t act_ready = 0;       // earliest next ACT (PRE + tRP, refresh end)
    int64_t last_read_col = kNever;
    int64_t write_end = kNever;  // end of last write data
  };
  struct BankGroup {
    int64_t last_act = kNever, last_col = kNever, write_end = kNever;
  };
  struct Rank {
    int64_t last_act = kNever, last_col = kNever, last_read_col = kNever, write_end = kNever;
    std::array<int64_t, 4> faw{kNever, kNever, kNever, kNever};  // last four ACTs, ring
    int faw_next = 0;
    int64_t next_refresh = 0;
    int64_t refresh_end = 0;
  };
  struct Channel {
    int64_t bus_free = 0;
  };

  int64_t burst(int64_t arrival, const DramLocation& where, bool is_write);
  void refresh_until(int channel, int rank, int64_t t);
  int64_t activate(Rank& rank, BankGroup& group, Bank& bank, int64_t t, int64_t row);
  int64_t precharge_time(const Bank& bank, int64_t t) const;
  size_t rank_index(int channel, int rank) const;
  size_t group_index(int channel, int rank, int group) const;
  size_t bank_index(int channel, int rank, int group, int bank) const;

  DramOrganization org_;
  PagePolicy policy_;
  int burst_bytes_;
  int64_t columns_;  // bursts per row
  Times t_;
  std::vector<Channel> channels_;
  std::vector<Rank> ranks_;
  std::vector<BankGroup> groups_;
  std::vector<Bank> banks_;
  BankDramStats stats_;
};

}  // namespace mixsim::sim
