#include "sim/config/config_phase_mode.hpp"

namespace mixsim::sim {

void parse_phase_mode(const ConfigNode& node, PhaseConfig& phase) {
  phase.mode = SimMode::Cycle;
  if (auto c = node.optional_child("mode"))
    phase.mode = c->as_choice(kPhaseModes) == "cycle" ? SimMode::Cycle : SimMode::Fast;
  phase.values = phase.mode == SimMode::Cycle;
  if (auto c = node.optional_child("values")) {
    phase.values = c->as_bool();
    if (phase.values && phase.mode == SimMode::Fast)
      c->fail("values: true needs mode: cycle (fast mode times tiles and computes no values); "
              "allowed here: false");
  }
}

}  // namespace mixsim::sim
