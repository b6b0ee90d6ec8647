#pragma once
// The design points of a sweep: the Cartesian product of its axes (last axis fastest), each
// with a stable id and the full run config it runs. Every point's config is checked with the
// run-config parser (sim/config_loader) before any point runs.
#include <string>
#include <vector>

#include "sim/sweep/sweep_spec.hpp"

namespace mixsim::sweep {

struct SweepPoint {
  size_t index = 0;                 // position in the product
  std::string id;                   // "p0003-1a2b3c4d": index + hash of its axis values
  std::vector<Override> overrides;  // one per axis, in axis order
  std::string config_yaml;          // the complete run config of this point
};

// Expands and validates. A value the run config rejects is reported at the axis entry of the
// sweep file that introduced it, with the parser's explanation (allowed keys or values).
std::vector<SweepPoint> expand_points(const SweepSpec& spec);

}  // namespace mixsim::sweep
