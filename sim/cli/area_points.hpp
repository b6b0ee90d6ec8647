#pragma once
// `mixsim area --point mixpe:weight_bits=3,activation=int8,group=64[,accumulator_bits=N]
// [,symmetric=false] [--point ...] [--cache DIR] [--out F.json]`: synthesizes parameter points
// of the parameterized MixPE (models/pe/mixpe_params.hpp) through the standard-cell flow, each
// with its Verilog parameters passed to Yosys (chparam), cached by parameter hash
// (rtl/harness/synth_cache.hpp). Schema "mixsim.area-points" version 1.
#include <string>
#include <vector>

#include "models/pe/mixpe_params.hpp"
#include "rtl/harness/cell_flow.hpp"

namespace mixsim::cli {

// "mixpe:key=value,..." -> a validated, resolved point. Throws CommandError naming the key and
// the allowed values.
pe::MixPeParams parse_area_point(const std::string& text);

// The cell-flow design of a point: name = its label, the top and parameters of
// pe::mixpe_verilog_point.
rtl::CellFlowDesign area_point_design(const pe::MixPeParams& p);

void run_area_points(const std::vector<std::string>& points, const std::string& cache_dir,
                     const std::string& out_path, double activity);

}  // namespace mixsim::cli
