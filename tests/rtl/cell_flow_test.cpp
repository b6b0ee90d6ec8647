// The standard-cell flow (rtl/harness/cell_flow.hpp): re-synthesis gives the same numbers, a
// longer register-to-register path gives a lower f_max, and the shipped design cost table
// (sim/run/design_costs.cpp) still matches what the flow produces from the current RTL.
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "rtl/harness/cell_flow.hpp"
#include "rtl/harness/rtl_sources.hpp"
#include "sim/run/design_costs.hpp"

namespace mixsim::rtl {
namespace {

bool tools_run() {
  const std::string yosys = yosys_executable() + " -V >/dev/null 2>&1";
  const std::string sta = "echo exit | " + sta_executable() + " -no_splash >/dev/null 2>&1";
  return std::system(yosys.c_str()) == 0 && std::system(sta.c_str()) == 0;
}

CellFlowTools tools() { return {source_root(), yosys_executable(), sta_executable()}; }

CellFlowDesign design_named(const std::string& name) {
  for (const CellFlowDesign& d : cell_flow_designs())
    if (d.name == name) return d;
  throw std::invalid_argument("no cell-flow design " + name);
}

CellFlowDesign path_probe(int depth) {
  return {"path-probe", "path_probe", {"tests/rtl/data/path_probe.v"}, {{"DEPTH", depth}}};
}

TEST(CellFlow, ResynthesisGivesTheSameNumbers) {
  if (!tools_run()) GTEST_SKIP() << "SKIPPED: yosys or sta (OpenSTA) not found";
  const CellFlowResult first = run_cell_flow(design_named("mixpe"), tools());
  const CellFlowResult second = run_cell_flow(design_named("mixpe"), tools());
  EXPECT_EQ(first.cells_by_type, second.cells_by_type);
  EXPECT_EQ(first.area_um2, second.area_um2);
  EXPECT_EQ(first.critical_path_ns, second.critical_path_ns);
  EXPECT_EQ(first.leakage_mw, second.leakage_mw);
  EXPECT_EQ(first.dynamic_pj_per_cycle, second.dynamic_pj_per_cycle);
  EXPECT_EQ(first.flip_flops, 46);  // the mixpe_pe registers (docs/RTL.md): mapped one for one
  EXPECT_GT(first.fmax_mhz, 0.0);
}

TEST(CellFlow, LongerPathHasLowerFmax) {
  if (!tools_run()) GTEST_SKIP() << "SKIPPED: yosys or sta (OpenSTA) not found";
  const CellFlowResult shallow = run_cell_flow(path_probe(1), tools());
  const CellFlowResult deep = run_cell_flow(path_probe(6), tools());
  std::printf("path_probe DEPTH 1: %.4f ns (%.1f MHz); DEPTH 6: %.4f ns (%.1f MHz)\n",
              shallow.critical_path_ns, shallow.fmax_mhz, deep.critical_path_ns, deep.fmax_mhz);
  EXPECT_LT(deep.fmax_mhz, shallow.fmax_mhz);
  // Six add-and-rotate stages are more than twice as long as one (each adds a 16-bit
  // carry chain); the registers' clock-to-Q and setup are shared.
  EXPECT_GT(deep.critical_path_ns, 2.0 * shallow.critical_path_ns);
  EXPECT_EQ(deep.flip_flops, 48);  // a_q, b_q, y: 3 x 16
  EXPECT_GT(deep.area_um2, shallow.area_um2);
}

TEST(CellFlow, ShippedCostTableMatchesTheFlow) {
  if (!tools_run()) GTEST_SKIP() << "SKIPPED: yosys or sta (OpenSTA) not found";
  const sim::DesignCostTable table = sim::default_design_costs();
  // The three small PEs and the MX fold unit (seconds each); `mixsim area` prints every design
  // for a full re-check.
  for (const char* name : {"mixpe", "int8-mac", "dequant-mac", "mx-fp4-fold"}) {
    SCOPED_TRACE(name);
    const CellFlowResult flow = run_cell_flow(design_named(name), tools());
    const sim::DesignCost& shipped = table.at(name);
    const char* hint = "re-run `mixsim area` and update sim/run/design_costs.cpp";
    EXPECT_NEAR(flow.area_um2, shipped.area_um2, 1e-3) << hint;
    EXPECT_NEAR(flow.fmax_mhz, shipped.fmax_mhz, 1e-3) << hint;
    EXPECT_NEAR(flow.leakage_mw, shipped.leakage_mw, 1e-6) << hint;
    EXPECT_NEAR(flow.dynamic_pj_per_cycle, shipped.dynamic_pj_per_cycle, 1e-6) << hint;
  }
}

TEST(CellFlow, BrokenToolIsAClearError) {
  CellFlowTools broken = tools();
  broken.yosys = "/nonexistent/yosys";
  try {
    run_cell_flow(design_named("mixpe"), broken);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("yosys on 'mixpe' failed"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace mixsim::rtl
