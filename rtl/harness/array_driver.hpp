#pragma once
// Drives the verilated mixpe_array through K-tiles (one quantization group of ROWS = G rows per
// tile): weights loaded one row per cycle, tokens streamed, deskewed outputs collected.
// Include only from harness .cpp files compiled with Verilator.
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "rtl/harness/array_schedule.hpp"
#include "rtl/harness/check_result.hpp"
#include "rtl/harness/rtl_params.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {

// Writes `width` bits of value at bit `lsb` of a verilated wide (multi-word) port.
template <class Wide>
void set_field(Wide& wide, int lsb, int width, uint64_t value) {
  for (int bit = 0; bit < width; ++bit) {
    const int pos = lsb + bit;
    const uint32_t mask = 1u << (pos % 32);
    if ((value >> bit) & 1u) {
      wide[pos / 32] |= mask;
    } else {
      wide[pos / 32] &= ~mask;
    }
  }
}

template <class Wide>
uint64_t get_field(const Wide& wide, int lsb, int width) {
  uint64_t value = 0;
  for (int bit = 0; bit < width; ++bit) {
    const int pos = lsb + bit;
    value |= static_cast<uint64_t>((wide[pos / 32] >> (pos % 32)) & 1u) << bit;
  }
  return value;
}

// Operands of one check: activation codes X (M x K) and weight codes W (N x K), N = COLS.
struct TileOperands {
  int m = 0, k = 0;
  std::vector<int> x;  // m * k
  std::vector<int> w;  // kArrayCols * k
  int act(int row, int col) const { return x[static_cast<size_t>(row * k + col)]; }
  int weight(int n, int col) const { return w[static_cast<size_t>(n * k + col)]; }
};

template <class Model>
// Runs every K-tile (one group each) through the array, compares each output with the exact
// int64 partial sum and each tile's cycle count with array_tile_cycles(), and returns the RTL's
// outputs as P[(m * kArrayCols + n) * groups + g].
std::vector<int64_t> run_tiles(const TileOperands& ops, const std::string& vcd_path,
                               CheckResult& result) {
  VerilatedSim<Model> sim(vcd_path);
  auto& io = sim.io();
  io.w_load = 0;
  io.in_valid = 0;
  sim.reset();
  const int groups = ops.k / kArrayRows;
  std::vector<int64_t> p(static_cast<size_t>(ops.m * kArrayCols * groups));
  const int64_t expected_cycles = array_tile_cycles(kArrayRows, kArrayCols, ops.m);
  const int64_t systemc_cycles = systemc_tile_out_done(kArrayRows, kArrayCols, ops.m);
  for (int g = 0; g < groups; ++g) {
    const int64_t start = sim.cycles();
    // Load the tile's weights one array row per cycle: cell (r, c) = W[c][g*R + r].
    for (int r = 0; r < kArrayRows; ++r) {
      uint32_t packed = 0;
      for (int c = 0; c < kArrayCols; ++c) {
        packed |= static_cast<uint32_t>(to_bits(ops.weight(c, g * kArrayRows + r), kWeightBits))
                  << (c * kWeightBits);
      }
      io.w_load = 1;
      io.w_row = static_cast<uint8_t>(r);
      io.w_data = static_cast<std::remove_reference_t<decltype(io.w_data)>>(packed);
      sim.tick();
    }
    io.w_load = 0;
    std::vector<std::vector<int64_t>> outputs;
    int64_t last_output_cycle = -1;
    auto collect = [&] {
      if (!io.out_valid) return;
      std::vector<int64_t> row;
      for (int c = 0; c < kArrayCols; ++c) {
        row.push_back(
            sign_extend(get_field(io.out_psum, c * kArrayPsumBits, kArrayPsumBits),
                        kArrayPsumBits));
      }
      outputs.push_back(row);
      last_output_cycle = sim.cycles();
    };
    for (int m = 0; m < ops.m; ++m) {
      io.in_valid = 1;
      for (int r = 0; r < kArrayRows; ++r) {
        set_field(io.a_in, r * kActivationBits, kActivationBits,
                  to_bits(ops.act(m, g * kArrayRows + r), kActivationBits));
      }
      sim.tick();
      collect();
    }
    io.in_valid = 0;
    // Drain: the array must deliver every token within its latency; give it generous slack
    // so that a late output shows up as a cycle mismatch rather than a missing one.
    for (int idle = 0; idle < 4 * (kArrayRows + kArrayCols) &&
                       static_cast<int>(outputs.size()) < ops.m;
         ++idle) {
      sim.tick();
      collect();
    }
    const std::string tile = "tile g=" + std::to_string(g);
    result.compare(static_cast<int>(outputs.size()) == ops.m,
                   tile + ": " + std::to_string(outputs.size()) + " outputs for " +
                       std::to_string(ops.m) + " tokens");
    // The last output is at the port after edge last_output_cycle; the next stage captures
    // it at the following edge.
    const int64_t rtl_cycles = last_output_cycle + 1 - start;
    result.compare(rtl_cycles == expected_cycles,
                   tile + ": RTL took " + std::to_string(rtl_cycles) +
                       " cycles, closed form 2R+C+M-1 says " + std::to_string(expected_cycles));
    result.compare(rtl_cycles == systemc_cycles,
                   tile + ": RTL took " + std::to_string(rtl_cycles) +
                       " cycles, SystemC TileTimeline says " + std::to_string(systemc_cycles));
    for (int m = 0; m < ops.m && m < static_cast<int>(outputs.size()); ++m) {
      for (int c = 0; c < kArrayCols; ++c) {
        int64_t expected = 0;
        for (int r = 0; r < kArrayRows; ++r) {
          const int col = g * kArrayRows + r;
          expected += static_cast<int64_t>(ops.act(m, col)) * ops.weight(c, col);
        }
        const int64_t rtl = outputs[static_cast<size_t>(m)][static_cast<size_t>(c)];
        p[static_cast<size_t>((m * kArrayCols + c) * groups + g)] = rtl;
        result.compare(rtl == expected, tile + " m=" + std::to_string(m) + " n=" +
                                            std::to_string(c) + ": rtl " + std::to_string(rtl) +
                                            ", expected P " + std::to_string(expected));
      }
    }
  }
  sim.finish();
  return p;
}

}  // namespace mixsim::rtl
