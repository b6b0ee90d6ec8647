// Placeholder until the 'gemm' command lands: it refuses to run rather than pretend.
#include "sim/cli/commands.hpp"

namespace mixsim::cli {

void register_gemm_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("gemm", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([] { throw CommandError("'gemm' is not implemented yet"); });
}

}  // namespace mixsim::cli
