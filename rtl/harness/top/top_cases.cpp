#include "rtl/harness/top/top_cases.hpp"

#include <algorithm>

#include "models/recipe.hpp"
#include "rtl/harness/stimulus.hpp"
#include "rtl/harness/top/top_program.hpp"
#include "sim/mapping/tile_plan.hpp"
#include "sim/pe/pe_registry.hpp"

namespace mixsim::rtl {
namespace {

std::optional<sim::Mapping> random_mapping(Stimulus& s, const TopDesign& d, const sim::HardwareConfig& hw,
                                           const sim::TileGeometry& g) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    sim::Mapping m;
    std::array<sim::LoopDim, 3> order = {sim::LoopDim::M, sim::LoopDim::N, sim::LoopDim::K};
    for (int i = 2; i > 0; --i) std::swap(order[static_cast<size_t>(i)], order[static_cast<size_t>(s.uniform(0, i))]);
    m.order = order;
    m.m_block = s.uniform(1, static_cast<int>(g.m));
    m.n_block_tiles = s.uniform(1, static_cast<int>(g.n_tiles));
    m.k_block_tiles = s.uniform(1, static_cast<int>(g.k_tiles));
    m.x_full_k = s.uniform(0, 3) == 0;
    m.w_full_k = s.uniform(0, 3) == 0;
    m.spill_partials = s.uniform(0, 1) == 1;
    m.weight_slots = s.uniform(0, 3) == 0 ? 1 : 2;
    m.activation_slots = s.uniform(0, 3) == 0 ? 1 : 2;
    if (sim::mapping_error(hw, g, m)) continue;
    // The RTL's limits (command buffer, output-buffer and scale rows): small arrays with a small
    // M block can need more tiles than the command buffer holds.
    try {
      build_top_program(sim::TilePlan(hw, g, m), d);
    } catch (const std::invalid_argument&) {
      continue;
    }
    return m;
  }
  return std::nullopt;
}

}  // namespace

std::vector<TopGemmCase> random_top_cases(const TopDesign& d, uint32_t seed, int count) {
  Stimulus s(seed);
  const sim::HardwareConfig hw = top_run_config(d, false).hardware;
  std::vector<TopGemmCase> cases;
  for (int i = 0; i < count; ++i) {
    TopGemmCase c;
    c.recipe = d.recipes[static_cast<size_t>(i) % d.recipes.size()];
    c.seed = seed * 1000u + static_cast<uint32_t>(i);
    const int group = c.recipe == "fp16" ? 0 : parse_recipe(c.recipe).group_size;  // fp16: fp16-mac's
    c.m = i % 5 == 0 ? 1 : s.uniform(2, 40);  // every fifth a decode row
    c.n = s.uniform(1, 3 * d.cols);
    c.k = group > 0 ? int64_t{group} * s.uniform(1, 4) : s.uniform(1, 5 * d.rows);
    if (d.output_stationary) {
      // Rows along M: up to three M-tiles (ragged); per-channel K (= its group) below R for
      // every fourth case, = R for every eighth, else above R up to 20R: K-tiles of up to 256
      // steps, groups of several K-tiles. N is any size: a ragged N-tile of odd ct with 4-bit
      // weights has K-rows of whole bytes plus padding, as the simulator times them.
      c.m = i % 5 == 0 ? 1 : s.uniform(2, 3 * d.rows);
      if (group == 0)
        c.k = i % 4 == 0 ? s.uniform(1, d.rows - 1) : i % 8 == 2 ? d.rows : s.uniform(d.rows + 1, 20 * d.rows);
    }
    c.simple_dram = i % 4 == 3;
    if (i % 2 == 1) {
      const sim::PeTraits traits = sim::find_pe_type(d.pe).traits(c.recipe, c.k);
      sim::TileGeometry g = sim::TileGeometry::of(hw, traits, c.m, c.n, c.k);
      // slim-mixed: the widths come with the operands; a mapping that fits 4-bit tiles fits them.
      if (d.w_decode == kSlimWidths) g.use_group_bits(std::vector<int8_t>(static_cast<size_t>(c.n * (c.k / group)), 4));
      c.mapping = random_mapping(s, d, hw, g);
    }
    cases.push_back(c);
  }
  return cases;
}

}  // namespace mixsim::rtl
