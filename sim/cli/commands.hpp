#pragma once
// Each mixsim subcommand lives in its own file and registers itself on the CLI11 app here.
// A command's callback throws mixsim::cli::CommandError (or any std::exception) on bad input;
// main() prints it and exits non-zero.
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

namespace mixsim::cli {

struct CommandError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void register_gemm_command(CLI::App& app);          // sim/cli/gemm_command.cpp
void register_workload_command(CLI::App& app);      // sim/cli/workload_command.cpp
void register_numerics_command(CLI::App& app);      // sim/cli/numerics_command.cpp
void register_run_command(CLI::App& app);           // sim/cli/run_command.cpp
void register_validate_rtl_command(CLI::App& app);  // sim/cli/validate_rtl_command.cpp
void register_area_command(CLI::App& app);          // sim/cli/area_command.cpp
void register_sweep_command(CLI::App& app);         // sim/cli/sweep_command.cpp
void register_report_command(CLI::App& app);        // sim/cli/report_command.cpp

}  // namespace mixsim::cli
