#include "rtl/harness/top/top_program.hpp"

#include <stdexcept>
#include <string>

#include "sim/array/tile_costs.hpp"

namespace mixsim::rtl {
namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("accel_top: " + what);
}

uint8_t flags_of(const sim::TilePlan& plan, const sim::TileRef& t, int64_t group) {
  uint8_t f = 0;
  if (t.k0 % plan.group() == 0) f |= 1;  // the group's first K-tile: accumulators restart
  if (t.group_end) f |= 2;
  if (group == 0) f |= 4;                // the output's first group: y restarts
  if (t.block_end) f |= 8;
  return f;
}

// Tile k of M-tile mi of plan step s: its weight bytes follow the previous tile's at `prefix`
// (advanced here), and the DMA/output facts of the step.
TopTile tile_of(const sim::TilePlan& plan, size_t s, int64_t k, int64_t mi, int64_t& prefix) {
  const sim::PlanStep& step = plan.steps()[s];
  TopTile tile;
  tile.ref = plan.tile_at(step, k, mi);
  const sim::TileRef& t = tile.ref;
  tile.step = static_cast<int64_t>(s);
  tile.w_offset = prefix;
  prefix += plan.tile_weight_bytes(t);
  tile.w_prefix_end = prefix;
  tile.partial_read = step.partial_read;
  tile.group = (t.k0 + t.kt - 1) / plan.group();
  tile.write_y = t.step_end && step.final_k;
  tile.write_partials = t.step_end && step.spills;
  return tile;
}

// The command fields both dataflows share.
TopCommand command_of(const sim::TilePlan& plan, const TopTile& tile, int64_t x0, int64_t stride) {
  const sim::TileRef& t = tile.ref;
  TopCommand c;
  c.w_addr = static_cast<uint32_t>(plan.weight_address(t.w_load, tile.w_offset));
  c.w_bytes = static_cast<uint16_t>(plan.tile_weight_bytes(t));
  c.kt = static_cast<uint16_t>(t.kt);
  c.ct = static_cast<uint8_t>(t.ct);
  c.mt = static_cast<uint16_t>(t.mt);
  c.x_addr = static_cast<uint32_t>(x0);
  c.x_stride = static_cast<uint32_t>(stride);
  c.acc_row = static_cast<uint16_t>(t.n_tile * plan.m() + t.m0);
  c.scale_row = static_cast<uint16_t>(tile.group * plan.n_tiles() + t.n_tile);
  c.flags = flags_of(plan, t, tile.group);
  return c;
}

}  // namespace

TopProgram build_top_program(const sim::TilePlan& plan, const TopDesign& d) {
  require(plan.output_stationary() == d.output_stationary,
          std::string("design ") + d.name + " is " + (d.output_stationary ? "output" : "weight") +
              "-stationary; the plan is " + (plan.output_stationary() ? "output" : "weight") + "-stationary");
  require(plan.rows() == d.rows && plan.cols() == d.cols,
          "plan for a " + std::to_string(plan.rows()) + "x" + std::to_string(plan.cols()) +
              " array, design " + d.name + " is " + std::to_string(d.rows) + "x" + std::to_string(d.cols));
  // slim-mixed: the plan charges per-group widths (its weight_bits is their 3-bit average).
  if (d.w_decode == kSlimWidths)
    require(!plan.geometry().uniform_tiles(), "design " + d.name + " needs the plan of the GEMM's per-group widths");
  else
    require(plan.weight_bits() == d.weight_bits, "weights of " + std::to_string(plan.weight_bits()) +
                                                   " bits, design " + d.name + " stores " +
                                                   std::to_string(d.weight_bits));
  require(plan.activation_bytes() * 8 == d.activation_bits,
          "activations of " + std::to_string(plan.activation_bytes()) + " bytes, design " + d.name + " stores " +
              std::to_string(d.activation_bits) + " bits");
  const int64_t n_tiles = plan.n_tiles();
  const int64_t groups = (plan.k() + plan.group() - 1) / plan.group();
  require(plan.m() * n_tiles <= d.out_rows,
          "M x N-tiles = " + std::to_string(plan.m() * n_tiles) + " output-buffer rows, the RTL holds " +
              std::to_string(d.out_rows));
  require(groups * n_tiles <= d.scale_rows, "groups x N-tiles = " + std::to_string(groups * n_tiles) +
                                                " scale rows, the RTL holds " + std::to_string(d.scale_rows));
  if (plan.output_stationary()) return build_top_program_os(plan, d);
  TopProgram p;
  const auto& steps = plan.steps();
  for (size_t s = 0; s < steps.size(); ++s) {
    const sim::PlanStep& step = steps[s];
    int64_t prefix = step.w_offset;
    for (int64_t k = plan.step_first_k(step); k <= plan.step_last_k(step); ++k) {
      const TopTile tile = tile_of(plan, s, k, 0, prefix);
      const sim::TileRef& t = tile.ref;
      const int64_t block_m0 = t.m_blk * plan.mapping().m_block;
      const int64_t x0 = plan.activation_address(t.x_load, t.m0 - block_m0, t.k0);
      const int64_t stride = t.mt > 1 ? plan.activation_address(t.x_load, t.m0 - block_m0 + 1, t.k0) - x0 : 0;
      const TopCommand c = command_of(plan, tile, x0, stride);
      require(t.mt < 65536 && plan.tile_weight_bytes(t) < 65536, "tile too large for the command fields");
      require(c.w_addr + c.w_bytes <= d.weight_buffer.bytes, "weight tile beyond the RTL weight buffer");
      require(x0 + stride * (t.mt - 1) + t.kt * plan.activation_bytes() <= d.activation_buffer.bytes,
              "activation rows beyond the RTL activation buffer");
      p.commands.push_back(c);
      p.tiles.push_back(tile);
    }
  }
  require(static_cast<int64_t>(p.commands.size()) <= d.max_commands,
          std::to_string(p.commands.size()) + " tiles, the RTL command buffer holds " +
              std::to_string(d.max_commands));
  return p;
}

// Output-stationary: the simulator's loop (sim/array/systolic_array.cpp run_job): per step, per
// M-tile of its M-block, its K-tiles; an M-tile's weight prefix restarts at the step's offset
// (every M-tile reads the same weight bytes). A tile's K-row k of weights is read at
// w_addr + k * w_step with w_step = ceil(ct * W / 8), or the bytes of its columns' widths for
// slim-mixed (os_weight_step_bytes); the simulator sizes an OS tile as kt such rows
// (TileGeometry::tile_bytes_at), which the require below holds it to.
TopProgram build_top_program_os(const sim::TilePlan& plan, const TopDesign& d) {
  require(plan.output_stationary() && d.output_stationary, "build_top_program_os needs an output-stationary plan and design");
  TopProgram p;
  const auto& steps = plan.steps();
  for (size_t s = 0; s < steps.size(); ++s) {
    const sim::PlanStep& step = steps[s];
    const int64_t block_m0 = step.m_blk * plan.mapping().m_block;
    for (int64_t mi = 0; mi < plan.m_tiles(step.m_blk); ++mi) {
      int64_t prefix = step.w_offset;
      for (int64_t k = plan.step_first_k(step); k <= plan.step_last_k(step); ++k) {
        const TopTile tile = tile_of(plan, s, k, mi, prefix);
        const sim::TileRef& t = tile.ref;
        const int64_t w_step = sim::os_weight_step_bytes(plan, t, plan.weight_bits());  // the simulator's K-row
        require(t.kt * w_step == plan.tile_weight_bytes(t),
                "output-stationary tile of " + std::to_string(plan.tile_weight_bytes(t)) + " bytes is not kt = " +
                    std::to_string(t.kt) + " K-rows of " + std::to_string(w_step) + " bytes");
        const int64_t x0 = plan.activation_address(t.x_load, t.m0 - block_m0, t.k0);
        const int64_t stride = t.kt > 1 ? plan.activation_address(t.x_load, t.m0 - block_m0, t.k0 + 1) - x0 : 0;
        TopCommand c = command_of(plan, tile, x0, stride);
        c.w_step = static_cast<uint8_t>(w_step);
        require(t.mt <= 255 && w_step <= 255 && t.kt < 65536 && plan.tile_weight_bytes(t) < 65536,
                "tile too large for the output-stationary command fields");
        require(c.w_addr + t.kt * w_step <= d.weight_buffer.bytes, "weight tile beyond the RTL weight buffer");
        require(x0 + stride * (t.kt - 1) + t.mt <= d.activation_buffer.bytes,
                "activation columns beyond the RTL activation buffer");
        p.commands.push_back(c);
        p.tiles.push_back(tile);
      }
    }
  }
  require(static_cast<int64_t>(p.commands.size()) <= d.max_commands,
          std::to_string(p.commands.size()) + " tiles, the RTL command buffer holds " +
              std::to_string(d.max_commands));
  return p;
}

}  // namespace mixsim::rtl
