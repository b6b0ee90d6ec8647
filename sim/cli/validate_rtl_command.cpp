// `mixsim validate-rtl [--pe NAME] [--seed S] [--vcd FILE]`: runs the Verilator checks of
// tests/rtl (rtl/harness) from the command line. Exit status 1 when any check fails, which is
// the expected outcome for the deliberately broken designs mixpe-faulty and array-faulty.
// `mixsim validate-rtl --top [--pe DESIGN] [--seed S] [--cases N] [--vcd FILE]` runs whole
// random GEMMs on the accelerator top (rtl/top/accel_top.v) against the golden model (values)
// and the SystemC cycle model (cycles); DESIGN is a top design (rtl/harness/top/top_design.cpp),
// all correct ones by default.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "rtl/harness/top/top_cases.hpp"
#include "rtl/harness/top/top_check.hpp"
#include "rtl/harness/validation.hpp"
#include "sim/cli/commands.hpp"

namespace mixsim::cli {
namespace {

struct ValidateRtlArgs {
  std::string pe = "all";
  uint32_t seed = 1;
  std::string vcd;
  bool top = false;
  int cases = 20;
};

std::string allowed_top_designs() {
  std::string names = "all";
  for (const rtl::TopDesign& d : rtl::top_designs()) names += "|" + d.name;
  return names;
}

void run_validate_top(const ValidateRtlArgs& args) {
  if (args.cases < 1) throw CommandError("validate-rtl --cases must be >= 1, got " + std::to_string(args.cases));
  std::vector<const rtl::TopDesign*> designs;
  if (args.pe == "all") {
    for (const rtl::TopDesign& d : rtl::top_designs())
      if (d.fault == rtl::TopFault::None && d.name != "mixpe-32x32") designs.push_back(&d);
  } else {
    try {
      designs.push_back(&rtl::find_top_design(args.pe));
    } catch (const std::invalid_argument& e) {
      throw CommandError(std::string("validate-rtl --top --pe: ") + e.what());
    }
  }
  if (!args.vcd.empty() && designs.size() != 1) throw CommandError("validate-rtl --vcd needs one --pe design");
  int failed = 0, total = 0;
  for (const rtl::TopDesign* d : designs) {
    const auto cases = rtl::random_top_cases(*d, args.seed, args.cases);
    for (size_t i = 0; i < cases.size(); ++i) {
      const rtl::TopGemmResult r = rtl::run_top_gemm(*d, cases[i], i == 0 ? args.vcd : std::string());
      ++total;
      std::printf("%s  %-66s values %7llu checks %5llu mismatches  cycles RTL %8lld SystemC %8lld  (%lld tiles, %.0f cycles/s)\n",
                  r.passed() ? "PASS" : "FAIL", r.values.detail.c_str(),
                  static_cast<unsigned long long>(r.values.cases), static_cast<unsigned long long>(r.values.mismatches),
                  static_cast<long long>(r.rtl_cycles), static_cast<long long>(r.systemc_cycles),
                  static_cast<long long>(r.tiles), r.seconds > 0 ? r.simulated_cycles / r.seconds : 0.0);
      if (!r.passed()) {
        ++failed;
        if (!r.values.first_mismatch.empty()) std::printf("      first value mismatch: %s\n", r.values.first_mismatch.c_str());
      }
    }
  }
  if (!args.vcd.empty()) std::printf("waveform: %s\n", args.vcd.c_str());
  std::printf("validate-rtl --top: pe=%s seed=%u: %d GEMMs, %d failed\n", args.pe.c_str(), args.seed, total, failed);
  std::fflush(stdout);
  if (failed > 0) throw CommandError(std::to_string(failed) + " of " + std::to_string(total) + " RTL top GEMMs failed");
}

std::string allowed_pes() {
  std::string names;
  for (const std::string& name : rtl::validation_pe_names()) {
    names += (names.empty() ? "" : "|") + name;
  }
  return names;
}

void run_validate_rtl(const ValidateRtlArgs& args) {
  if (args.top) return run_validate_top(args);
  rtl::ValidationOptions options;
  options.pe = args.pe;
  options.seed = args.seed;
  options.vcd_path = args.vcd;
  const auto results = rtl::run_validation(options);
  int failed = 0;
  for (const rtl::CheckResult& r : results) {
    std::printf("%s  %-32s %8llu cases %6llu mismatches  %s\n", r.passed() ? "PASS" : "FAIL",
                r.name.c_str(), static_cast<unsigned long long>(r.cases),
                static_cast<unsigned long long>(r.mismatches), r.detail.c_str());
    if (!r.passed()) {
      ++failed;
      std::printf("      first mismatch: %s\n", r.first_mismatch.c_str());
    }
  }
  if (!args.vcd.empty()) std::printf("waveform: %s\n", args.vcd.c_str());
  std::printf("validate-rtl: pe=%s seed=%u: %zu checks, %d failed\n", args.pe.c_str(),
              args.seed, results.size(), failed);
  std::fflush(stdout);
  if (failed > 0) {
    throw CommandError(std::to_string(failed) + " of " + std::to_string(results.size()) +
                       " RTL checks failed");
  }
}

}  // namespace

void register_validate_rtl_command(CLI::App& app) {
  auto args = std::make_shared<ValidateRtlArgs>();
  auto* cmd = app.add_subcommand(
      "validate-rtl", "Run the Verilog PEs/array under Verilator against the C++ models");
  cmd->add_option("--pe", args->pe,
                  "Design to check: " + allowed_pes() + "; with --top: " + allowed_top_designs())
      ->capture_default_str();
  cmd->add_flag("--top", args->top,
                "Run whole random GEMMs on the accelerator top (rtl/top) against the golden model "
                "and SystemC's cycle count");
  cmd->add_option("--cases", args->cases, "With --top: random GEMMs per design")->capture_default_str();
  cmd->add_option("--seed", args->seed, "Seed of the randomized checks")->capture_default_str();
  cmd->add_option("--vcd", args->vcd,
                  "Write the waveform of the PE's main check to FILE (needs one --pe)");
  cmd->callback([args] { run_validate_rtl(*args); });
}

}  // namespace mixsim::cli
