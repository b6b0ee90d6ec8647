// `mixsim validate-rtl [--pe NAME] [--seed S] [--vcd FILE]`: runs the Verilator checks of
// tests/rtl (rtl/harness) from the command line. Exit status 1 when any check fails, which is
// the expected outcome for the deliberately broken designs mixpe-faulty and array-faulty.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "rtl/harness/validation.hpp"
#include "sim/cli/commands.hpp"

namespace mixsim::cli {
namespace {

struct ValidateRtlArgs {
  std::string pe = "all";
  uint32_t seed = 1;
  std::string vcd;
};

std::string allowed_pes() {
  std::string names;
  for (const std::string& name : rtl::validation_pe_names()) {
    names += (names.empty() ? "" : "|") + name;
  }
  return names;
}

void run_validate_rtl(const ValidateRtlArgs& args) {
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
  cmd->add_option("--pe", args->pe, "Design to check: " + allowed_pes())->capture_default_str();
  cmd->add_option("--seed", args->seed, "Seed of the randomized checks")->capture_default_str();
  cmd->add_option("--vcd", args->vcd,
                  "Write the waveform of the PE's main check to FILE (needs one --pe)");
  cmd->callback([args] { run_validate_rtl(*args); });
}

}  // namespace mixsim::cli
