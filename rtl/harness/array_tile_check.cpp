// The weight-stationary mixpe_array tile: values bit for bit and cycles per tile.
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "Vmixpe_array.h"
#include "Vmixpe_array_faulty.h"
#include "rtl/harness/rtl_checks.hpp"
#include "rtl/harness/rtl_params.hpp"
#include "rtl/harness/stimulus.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {
namespace {

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

TileOperands make_operands(uint32_t seed, int m_tokens, int k_groups) {
  Stimulus stimulus(seed);
  TileOperands ops;
  ops.m = m_tokens;
  ops.k = k_groups * kArrayRows;
  for (int i = 0; i < ops.m * ops.k; ++i) ops.x.push_back(stimulus.activation());
  for (int i = 0; i < kArrayCols * ops.k; ++i) ops.w.push_back(stimulus.weight4());
  // Token 0 is full scale (-128 everywhere) and weight column 0 all -8 for group 0: the
  // largest column sum the PSUM_WIDTH must hold.
  for (int c = 0; c < kArrayRows; ++c) {
    ops.x[static_cast<size_t>(c)] = -128;
    ops.w[static_cast<size_t>(c)] = -8;
  }
  return ops;
}

template <class Model>
void run_tiles(const TileOperands& ops, const std::string& vcd_path, CheckResult& result) {
  VerilatedSim<Model> sim(vcd_path);
  auto& io = sim.io();
  io.w_load = 0;
  io.in_valid = 0;
  sim.reset();
  const int groups = ops.k / kArrayRows;
  const int64_t expected_cycles = array_tile_cycles(kArrayRows, kArrayCols, ops.m);
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
    result.compare(last_output_cycle - start == expected_cycles,
                   tile + ": RTL took " + std::to_string(last_output_cycle - start) +
                       " cycles, closed form says " + std::to_string(expected_cycles));
    for (int m = 0; m < ops.m && m < static_cast<int>(outputs.size()); ++m) {
      for (int c = 0; c < kArrayCols; ++c) {
        int64_t expected = 0;
        for (int r = 0; r < kArrayRows; ++r) {
          const int col = g * kArrayRows + r;
          expected += static_cast<int64_t>(ops.act(m, col)) * ops.weight(c, col);
        }
        const int64_t rtl = outputs[static_cast<size_t>(m)][static_cast<size_t>(c)];
        result.compare(rtl == expected, tile + " m=" + std::to_string(m) + " n=" +
                                            std::to_string(c) + ": rtl " + std::to_string(rtl) +
                                            ", expected P " + std::to_string(expected));
      }
    }
  }
  sim.finish();
}

}  // namespace

CheckResult check_array_tile(ArrayVariant variant, uint32_t seed, int m_tokens, int k_groups,
                             const std::string& vcd_path) {
  const bool faulty = variant == ArrayVariant::FaultyShift;
  CheckResult result;
  result.name = faulty ? "array-faulty.tile" : "array.tile";
  result.detail = "seed=" + std::to_string(seed) + ", " + std::to_string(kArrayRows) + "x" +
                  std::to_string(kArrayCols) + " array (G=" + std::to_string(kArrayRows) +
                  "), M=" + std::to_string(m_tokens) + ", K=" +
                  std::to_string(k_groups * kArrayRows) +
                  ": every deskewed column output vs exact group partial sum P[m][n][g]; "
                  "cycles per tile vs 2R+C+M-2 = " +
                  std::to_string(array_tile_cycles(kArrayRows, kArrayCols, m_tokens));
  const TileOperands ops = make_operands(seed, m_tokens, k_groups);
  if (faulty) {
    run_tiles<Vmixpe_array_faulty>(ops, vcd_path, result);
  } else {
    run_tiles<Vmixpe_array>(ops, vcd_path, result);
  }
  return result;
}

}  // namespace mixsim::rtl
