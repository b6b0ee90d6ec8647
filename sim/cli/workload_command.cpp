// Placeholder until the 'workload' command lands: it refuses to run rather than pretend.
#include "sim/cli/commands.hpp"

namespace mixsim::cli {

void register_workload_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("workload", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([] { throw CommandError("'workload' is not implemented yet"); });
}

}  // namespace mixsim::cli
