#pragma once
// SramBanks: bank-conflict arithmetic of an on-chip buffer. Words of `width_bytes` are
// interleaved over `banks`; each bank serves `ports` words per cycle. An access to a
// contiguous byte range takes as many cycles as its busiest bank needs; every cycle beyond the
// first is a conflict cycle (the array stalls for it).
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "sim/config/hardware_config.hpp"

namespace mixsim::sim {

class SramBanks {
 public:
  SramBanks(const SramConfig& c, const std::string& key)
      : banks_(c.banks), ports_(c.ports), width_(c.width_bytes) {
    if (c.banks <= 0 || c.ports <= 0 || c.width_bytes <= 0 || c.capacity_bytes <= 0)
      throw std::invalid_argument("hardware." + key +
                                  ": capacity_bytes, banks, ports and width_bytes must be > 0");
  }

  // Cycles to access bytes [addr, addr + bytes), computed word by word.
  int64_t access_cycles(int64_t addr, int64_t bytes) const {
    if (bytes <= 0) return 0;
    const int64_t first = addr / width_, last = (addr + bytes - 1) / width_;
    const int64_t words = last - first + 1;
    // Words map round-robin to banks starting at bank (first % banks): the busiest bank gets
    // ceil(words / banks) words.
    const int64_t per_bank = (words + banks_ - 1) / banks_;
    return (per_bank + ports_ - 1) / ports_;
  }
  // The same for an access aligned to a word boundary (fast mode's closed form).
  int64_t aligned_access_cycles(int64_t bytes) const { return access_cycles(0, bytes); }
  int64_t bytes_per_cycle() const { return int64_t{banks_} * ports_ * width_; }

 private:
  int banks_, ports_, width_;
};

}  // namespace mixsim::sim
